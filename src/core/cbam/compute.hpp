// Specific embedded emissions (SEE) of the goods of each production process, the method of
// Regulation (EU) 2023/956 Annex IV and Implementing Regulation (EU) 2023/1773 Annex III
// (section F, complex goods), separately for direct and indirect emissions:
//
//   AttrEm_P   = Σ_sources share × direct emissions of the source          (t CO2e)
//   Em_el,P    = Σ_sources share × electricity (MWh) × its factor (t/MWh)  (t CO2e)
//   EE_InpMat  = Σ_precursors M_i × SEE_i                                  (t CO2e)
//   SEE_P      = (AttrEm_P + EE_InpMat) / AL_P                              (t CO2e / t good)
//
// where AL_P is the process's production of goods (its activity level). Every good of a process
// (its aggregated goods category) carries the process's SEE. A purchased precursor without the
// supplier's data takes the default value for its CN code and country of production, raised by
// the definitive-period mark-up of the reporting year. Own precursors take the SEE of the
// process that makes them, so processes are computed in precursor order (a loop is an error).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cbam/model.hpp"
#include "core/common/diagnostic.hpp"
#include "core/common/result.hpp"

namespace cl::cbam {

enum class DataKind { actual, default_value };
std::string_view data_kind_id(DataKind kind);

/// A precursor's SEE as used: the supplier's (or own process's) actual value, or a default.
struct ResolvedPrecursor {
  std::size_t precursor = 0;  ///< index into Communication::precursors
  double see_direct = 0.0;
  double see_indirect = 0.0;
  DataKind kind = DataKind::actual;
  double base_direct = 0.0;    ///< default before the mark-up
  double base_indirect = 0.0;  ///< default before the mark-up
  double markup = 0.0;         ///< fraction added to a default (0 for actual data)
  std::optional<Provenance> default_source;
  std::optional<Provenance> markup_source;
};

struct PrecursorLine {
  std::size_t precursor = 0;  ///< index into Communication::precursors (and resolved precursors)
  double tonnes = 0.0;
  double direct_t = 0.0;    ///< tonnes × SEE direct
  double indirect_t = 0.0;  ///< tonnes × SEE indirect
};

struct ProcessResult {
  std::size_t process = 0;  ///< index into Communication::processes
  std::string category;     ///< aggregated goods category of its goods
  bool is_direct_only = false;
  double production_t = 0.0;           ///< AL, sum of its goods
  double attributed_direct_t = 0.0;    ///< AttrEm
  double electricity_mwh = 0.0;        ///< attributed electricity
  double attributed_indirect_t = 0.0;  ///< Em_el
  double electricity_factor = 0.0;     ///< t CO2e / MWh, Em_el / electricity (0 without power)
  std::vector<PrecursorLine> precursors;
  double precursor_direct_t = 0.0;
  double precursor_indirect_t = 0.0;
  double see_direct = 0.0;     ///< t CO2e / t good
  double see_indirect = 0.0;   ///< t CO2e / t good
  double default_share = 0.0;  ///< share of the embedded total that comes from default values

  double embedded_direct_t() const { return attributed_direct_t + precursor_direct_t; }
  double embedded_indirect_t() const { return attributed_indirect_t + precursor_indirect_t; }
  double see_total() const { return see_direct + see_indirect; }
  double electricity_per_t() const { return production_t > 0 ? electricity_mwh / production_t : 0; }
};

struct CarbonPriceResult {
  std::size_t price = 0;    ///< index into Communication::carbon_prices
  double net_amount = 0.0;  ///< amount − rebate
  double per_t_co2e = 0.0;  ///< net amount / covered emissions (0 when none covered)
};

struct CommunicationResult {
  std::vector<ResolvedPrecursor> precursors;  ///< parallel to Communication::precursors
  std::vector<ProcessResult> processes;       ///< parallel to Communication::processes
  std::vector<CarbonPriceResult> carbon_prices;
  double installation_direct_t = 0.0;    ///< all sources
  double installation_indirect_t = 0.0;  ///< all sources
  double unattributed_direct_t = 0.0;    ///< not taken by any CBAM process (other products)
  double unattributed_indirect_t = 0.0;
  Diagnostics diagnostics;  ///< warnings
};

/// Checks the communication against the catalogue and defaults: every problem at once, each
/// naming its record (CN codes that are not CBAM goods, zero production, unknown ids, shares
/// outside 0–1 or above 100 % in total, precursors with neither data nor a default).
Diagnostics validate(const Communication& communication, const GoodsCatalogue& catalogue,
                     const DefaultTable& defaults);

/// Validates, then computes the SEE of every process. The first error when validation fails
/// (all of them are in `diagnostics`).
Result<CommunicationResult> compute(const Communication& communication,
                                    const GoodsCatalogue& catalogue, const DefaultTable& defaults,
                                    Diagnostics& diagnostics);

}  // namespace cl::cbam
