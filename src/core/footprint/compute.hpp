// A study's results: the footprint per declared unit, per stage, per line (process), per gas where
// the factors split it, the hot spots, the share of primary data and the PACT data-quality
// rating (DQR) weighted by emissions. Background processes are footprinted by the LCA engine
// (lca::all_products: one transposed solve for every activity) and read here; solving is not
// repeated. Every problem of a study is reported at once in `diagnostics`; the first error is
// also the Result's error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/footprint/study.hpp"
#include "core/lca/problem.hpp"

namespace cl::footprint {

/// PACT's materiality threshold: DQRs are averaged over lines above 5 % of the PCF
/// (shared/reference/pact-v3.md, DataQualityIndicators), and hot spots are those lines.
inline constexpr double kMaterialShare = 0.05;

/// The footprint of one unit of a background activity's product.
struct BackgroundValue {
  std::string unit;
  double kg_co2e_per_unit = 0.0;
  std::string label;  ///< "process / flow (name)"
};
using Background = std::map<std::string, BackgroundValue, std::less<>>;

/// Footprints of the activities named by `keys` ("flow" or "process/flow") under `method` (empty:
/// the problem's only method), from one lca::all_products solve. lca.* errors of the problem;
/// footprint.reference for a key the problem does not provide.
Result<Background> background_footprints(const lca::Problem& problem, const std::string& method,
                                         const std::vector<std::string>& keys,
                                         Diagnostics& diagnostics);

/// Every activity key the study's lines link to (what background_footprints needs).
std::vector<std::string> process_keys(const Study& study);

enum class SourceKind { factor, process, supplier };
std::string_view source_kind_id(SourceKind kind);

struct LineResult {
  std::string id;
  Stage stage = Stage::raw_materials;
  std::string description;
  bool shared = false;
  double allocated_share = 1.0;  ///< the study product's share of a shared line
  double amount = 0.0;           ///< per declared unit, in `unit`
  std::string unit;
  SourceKind kind = SourceKind::factor;
  std::string source;                   ///< the factor's provenance, the activity, or the supplier
  double per_unit = 0.0;                ///< kg CO2e per `unit` (factor, background or supplier)
  double emissions = 0.0;               ///< kg CO2e per declared unit (fossil)
  double biogenic_co2 = 0.0;            ///< kg biogenic CO2 per declared unit, outside `emissions`
  std::map<std::string, double> gases;  ///< kg CO2e per declared unit by gas; empty: unknown
  double primary_fraction = 0.0;        ///< 0..1 of this line's emissions from primary data
  std::optional<Dqr> dqr;
  RecordRef where;
};

struct StageTotal {
  Stage stage = Stage::raw_materials;
  double emissions = 0.0;
};

/// PACT DataQualityIndicators: coverage (% of the PCF rated) and the emission-weighted DQRs of
/// the lines above kMaterialShare.
struct DataQuality {
  double coverage_percent = 0.0;
  Dqr dqr;
};

struct FootprintResult {
  double total = 0.0;  ///< kg CO2e per declared unit, excluding biogenic CO2
  double biogenic_co2 = 0.0;
  std::vector<StageTotal> stages;  ///< every stage of the boundary, in life-cycle order
  std::vector<LineResult> lines;
  std::map<std::string, double> gases;  ///< kg CO2e per declared unit, where factors split them
  double gases_unspecified = 0.0;       ///< emissions of lines whose gases are not known
  std::vector<std::size_t> hot_spots;   ///< indices into `lines`, largest first
  double primary_data_share = 0.0;      ///< %
  std::optional<DataQuality> quality;
  double exempted_percent = 0.0;
  Diagnostics warnings;
};

/// The stages a boundary covers: gate = raw materials, transport, manufacturing; grave = all six.
std::vector<Stage> boundary_stages(Boundary boundary);

/// Computes `study` under `profile`; `background` holds the footprints of the linked background
/// activities (may be null when no line links one).
Result<FootprintResult> compute_footprint(const Study& study, const Profile& profile,
                                          const Background* background, Diagnostics& diagnostics);

}  // namespace cl::footprint
