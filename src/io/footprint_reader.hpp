// Reads product-footprint files: the standard profiles (data/footprint/profiles.yaml) and a study
// (docs/formats/footprint-study.md, YAML or JSON) with its background LCA problem (a
// lca-problem/1 file beside it) and its suppliers' footprints, given inline or as PACT documents
// (io/pact.hpp). Shape problems are reported all at once, naming file, line and field; what the
// values mean is checked by core/footprint.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/footprint/study.hpp"
#include "core/lca/problem.hpp"

namespace cl::io {

Result<std::vector<footprint::Profile>> read_footprint_profiles(const std::string& path,
                                                                Diagnostics& diagnostics);
std::string footprint_profiles_path(const std::string& data_dir);

/// The profile `id`; footprint.profile naming the known ones otherwise.
Result<footprint::Profile> find_profile(const std::vector<footprint::Profile>& profiles,
                                        const std::string& id, const RecordRef& where);

struct LoadedStudy {
  footprint::Study study;
  std::optional<lca::Problem> background;
  std::string background_method;
};

Result<LoadedStudy> read_footprint_study(const std::string& path, Diagnostics& diagnostics);
/// The same from text (tests); PACT and background files are resolved beside `file`.
Result<LoadedStudy> parse_footprint_study(const std::string& text, const std::string& file,
                                          Diagnostics& diagnostics);

}  // namespace cl::io
