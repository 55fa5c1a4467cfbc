// A product carbon footprint study (ISO 14067, PAS 2050, ISO 16759) as plain values: one product,
// its declared unit, a production period, a standard profile and a boundary; activity lines per
// life-cycle stage, each linked to an emission factor, to a background process of an LCA problem
// or to a supplier's primary data; and a factory's shared inventory lines allocated over its
// products. The reader (io/footprint_reader.hpp) builds a Study from a file
// (docs/formats/footprint-study.md); compute.hpp turns it into results. No randomness, no clock:
// ids and dates come in as values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/provenance.hpp"
#include "core/common/record_ref.hpp"
#include "core/common/result.hpp"
#include "core/lca/distribution.hpp"

namespace cl::footprint {

/// Life-cycle stages, in the order reports list them.
enum class Stage { raw_materials, transport, manufacturing, distribution, use, end_of_life };
inline constexpr Stage kAllStages[] = {Stage::raw_materials, Stage::transport, Stage::manufacturing,
                                       Stage::distribution,  Stage::use,       Stage::end_of_life};

/// cradle-to-gate: a B2B product sold to another manufacturer; cradle-to-grave: a B2C product with
/// distribution, use and end of life (REQUIREMENTS CFP-3).
enum class Boundary { cradle_to_gate, cradle_to_grave };

/// How a shared inventory line is split over the factory's products.
enum class AllocationBasis { mass, hours, value, shares };

std::string_view stage_id(Stage stage);
std::optional<Stage> find_stage(std::string_view id);
std::string_view boundary_id(Boundary boundary);
std::optional<Boundary> find_boundary(std::string_view id);
std::string_view basis_id(AllocationBasis basis);
std::optional<AllocationBasis> find_basis(std::string_view id);

/// A rule of a standard with the clause it comes from.
struct Clause {
  std::string clause;  ///< e.g. "6.3.4"
  std::string text;
  Verification verification = Verification::unverified;
};

/// What a standard asks of a study (data/footprint/profiles.yaml).
struct Profile {
  std::string id;     ///< "iso14067", "pas2050", "iso16759"
  std::string title;  ///< "ISO 14067:2018 Greenhouse gases — Carbon footprint of products"
  std::string pact_standard;          ///< crossSectoralStandards value, e.g. "ISO14067", "PAS2050"
  std::vector<Stage> required_gate;   ///< stages a cradle-to-gate study must have lines in
  std::vector<Stage> required_grave;  ///< the same for cradle-to-grave
  Clause stages_clause;
  double max_exempted_percent = 5.0;  ///< cut-off: emissions left out, % of the total at most
  Clause cutoff_clause;
  std::vector<AllocationBasis> allocation_bases;     ///< bases allowed for shared lines
  std::vector<AllocationBasis> needs_justification;  ///< allowed only with a written reason
  Clause allocation_clause;
  std::vector<std::string> sector_rules;  ///< PACT productOrSectorSpecificRules names ("Other")
  std::string report_wording;             ///< the sentence the report uses to state conformance
  Provenance source;

  const std::vector<Stage>& required(Boundary boundary) const {
    return boundary == Boundary::cradle_to_gate ? required_gate : required_grave;
  }
};

/// PACT data-quality ratings, each 1 (best) to 3 (shared/reference/pact-v3.md).
struct Dqr {
  double technological = 0.0;
  double temporal = 0.0;
  double geographical = 0.0;
  double completeness = 0.0;
  double reliability = 0.0;
  friend bool operator==(const Dqr&, const Dqr&) = default;
};

/// An emission factor written in the study: kg CO2e per `unit` of the line, with its source.
struct FactorLink {
  double kg_co2e_per_unit = 0.0;
  std::string unit;  ///< the unit the factor is per ("kWh", "tkm", "kg")
  /// The factor split by gas, kg CO2e per unit (already characterized); must sum to the total
  /// when given. Empty: the gases are not known.
  std::map<std::string, double> gases;
  double biogenic_co2_per_unit = 0.0;  ///< kg biogenic CO2 emitted, not in the fossil total
  Provenance source;
  /// The spread of `kg_co2e_per_unit` for Monte Carlo (montecarlo.hpp); none: a fixed value.
  std::optional<lca::Distribution> uncertainty;
};

/// A background process of the study's LCA problem: its footprint per unit of its product.
struct ProcessLink {
  std::string activity;  ///< "flow" or "process/flow", as lca::MatrixSystem::find_activity takes
};

/// A supplier's footprint of the part it supplies: primary data (CFP-4, DEM-2).
struct SupplierFootprint {
  std::string id;  ///< the study's key for it
  std::string supplier;
  std::string company_id;  ///< URN, e.g. "urn:pact:company:customcode:buyer-assigned:S1"
  std::string part;
  std::string declared_unit;            ///< PACT declared unit: "kilogram", "piece", …
  double unitary_amount = 1.0;          ///< declared units the footprint refers to
  double pcf_excluding_biogenic = 0.0;  ///< kg CO2e per `unitary_amount` declared units
  std::optional<double> pcf_including_biogenic;
  std::optional<Dqr> dqr;
  std::optional<double> primary_data_share;  ///< % of the supplier's PCF from primary data
  std::string date;  ///< when the footprint was made (ISO 8601), e.g. PACT `created`
  std::string reference_period_start;
  std::string reference_period_end;
  std::string pact_id;  ///< the PACT document id when imported from one
  std::string
      product_id;       ///< URN of the part, e.g. "urn:pact:product:customcode:buyer-assigned:WR-8"
  std::string country;  ///< ISO 3166 code, e.g. "TW"
  std::string gwp;      ///< "AR5" or "AR6" (PACT ipccCharacterizationFactorsSources)
  std::vector<std::string> standards;  ///< PACT crossSectoralStandards, e.g. {"ISO14067"}
  RecordRef where;

  friend bool operator==(const SupplierFootprint& lhs, const SupplierFootprint& rhs) {
    return lhs.id == rhs.id && lhs.supplier == rhs.supplier && lhs.company_id == rhs.company_id &&
           lhs.part == rhs.part && lhs.declared_unit == rhs.declared_unit &&
           lhs.unitary_amount == rhs.unitary_amount &&
           lhs.pcf_excluding_biogenic == rhs.pcf_excluding_biogenic &&
           lhs.pcf_including_biogenic == rhs.pcf_including_biogenic && lhs.dqr == rhs.dqr &&
           lhs.primary_data_share == rhs.primary_data_share && lhs.date == rhs.date &&
           lhs.reference_period_start == rhs.reference_period_start &&
           lhs.reference_period_end == rhs.reference_period_end && lhs.pact_id == rhs.pact_id &&
           lhs.product_id == rhs.product_id && lhs.country == rhs.country && lhs.gwp == rhs.gwp &&
           lhs.standards == rhs.standards;
  }
};

/// One activity line of a stage.
struct ActivityLine {
  std::string id;
  Stage stage = Stage::raw_materials;
  std::string description;
  double amount = 0.0;  ///< for the period (`per_unit` false) or per declared unit
  std::string unit;
  bool per_unit = false;  ///< true: the amount is per declared unit; false: for the period
  std::optional<FactorLink> factor;
  std::optional<ProcessLink> process;
  std::string supplier;  ///< a SupplierFootprint id
  bool primary = false;  ///< measured at the company's own process (PACT primary data)
  std::optional<Dqr> dqr;
  /// The spread of `amount` (in the line's unit) for Monte Carlo; none: a fixed amount.
  std::optional<lca::Distribution> uncertainty;
  RecordRef where;
};

/// A factory-level inventory line shared by several products (a month's electricity), split by
/// a basis: each product's mass, machine hours or sales value, or shares given directly.
struct SharedLine {
  std::string id;
  Stage stage = Stage::manufacturing;
  std::string description;
  double amount = 0.0;  ///< the factory's total for the period
  std::string unit;
  AllocationBasis basis = AllocationBasis::mass;
  std::map<std::string, double> products;  ///< product key → basis quantity (or share)
  std::string justification;  ///< why this basis (required for some bases by some profiles)
  std::optional<FactorLink> factor;
  std::optional<ProcessLink> process;
  bool primary = false;
  std::optional<Dqr> dqr;
  std::optional<lca::Distribution> uncertainty;  ///< the spread of the factory total `amount`
  RecordRef where;
};

/// A third party's assurance of the study (PACT Assurance).
struct Assurance {
  std::string coverage;  ///< "corporate level", "product line", "PCF system", "product level"
  std::string level;     ///< "limited" or "reasonable"
  std::string boundary;  ///< "Gate-to-Gate" or "Cradle-to-Gate"
  std::string provider_name;
  std::string completed_at;  ///< ISO 8601
  std::string standard_name;
  std::string comments;
};

/// A part of the life cycle left out under the profile's cut-off, with its estimated share.
struct Exemption {
  std::string description;
  double percent = 0.0;
};

/// How the study gets its suppliers' data (DEM-2): the central factory with at least
/// kMinSatellites first-tier Taiwanese supplier factories, or a single factory.
enum class SupplyChainMode { single_factory, central_satellite };
inline constexpr std::size_t kMinSatellites = 5;

struct Study {
  std::string id;
  SupplyChainMode mode = SupplyChainMode::single_factory;
  std::string product_name;
  std::string product_key;  ///< the study product's key in shared lines' `products`
  std::string product_description;
  std::vector<std::string> product_ids;  ///< URNs
  std::string cpc;                       ///< UN CPC code, e.g. "4299" (urn:cpc:4299)
  std::string company_name;
  std::vector<std::string> company_ids;  ///< URNs
  std::string declared_unit;             ///< PACT declared unit: "kilogram", "piece", …
  double unitary_amount = 1.0;           ///< declared units per reported footprint (PACT)
  /// How much of the product the period made, in declared units: period amounts are divided by
  /// it (e.g. 250,000 kilogram of fasteners in 2024).
  double production = 0.0;
  std::optional<double> mass_per_declared_unit;  ///< kg
  std::string period_start;                      ///< YYYY-MM-DD
  std::string period_end;
  std::string country;  ///< ISO 3166, e.g. "TW"
  std::string profile;  ///< Profile id
  Boundary boundary = Boundary::cradle_to_gate;
  std::string gwp;  ///< "AR5" or "AR6": the IPCC report the factors' GWPs come from
  double fossil_carbon_content = 0.0;  ///< kg C per declared unit
  double biogenic_carbon_content = 0.0;
  bool packaging_included = false;
  std::vector<Exemption> exemptions;
  std::optional<Assurance> assurance;
  std::vector<ActivityLine> lines;
  std::vector<SharedLine> shared;
  std::vector<SupplierFootprint> suppliers;
  RecordRef where;
};

/// The unit symbol of a PACT declared unit ("kilogram" → "kg", "piece" → "item"); empty when
/// the name is not one of PACT's eight.
std::string_view declared_unit_symbol(std::string_view declared_unit);

}  // namespace cl::footprint

namespace cl::footprint {
/// A number for messages and tables: 6 significant digits, large totals in full.
std::string format_amount(double value);
}  // namespace cl::footprint
