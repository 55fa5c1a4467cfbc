// A study's background data from whatever the user brings: a life-cycle problem file
// (`lca-problem/1`, JSON or YAML), an openLCA JSON-LD package (zip or folder), or EcoSpold 2
// datasets (.spold, or a zip or folder of them) with the LCIA methods of a JSON-LD method
// package. The kind is found from the content (olca-schema.json or processes/*.json; *.spold),
// not trusted from the name. See docs/formats/background.md.
#pragma once

#include <string>

#include "core/common/diagnostic.hpp"
#include "core/lca/problem.hpp"
#include "io/jsonld_reader.hpp"

namespace cl::io {

enum class BackgroundKind { lca_problem, jsonld, ecospold };
std::string_view background_kind_name(BackgroundKind kind);

struct BackgroundOptions {
  LciaSelection selection;   ///< which LCIA categories become methods (JSON-LD)
  std::string methods_from;  ///< a JSON-LD package whose LCIA methods are added (EcoSpold 2)
};

struct LoadedBackground {
  lca::Problem problem;
  BackgroundKind kind = BackgroundKind::lca_problem;
};

Result<LoadedBackground> read_background(const std::string& path, const BackgroundOptions& options,
                                         Diagnostics& diagnostics);

}  // namespace cl::io
