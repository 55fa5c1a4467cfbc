// The operator's CBAM communication as values: the installation, its reporting period, the
// emissions of its inventory sources, the production processes that share them out, the goods
// each process makes (by CN code), the precursors it consumes (own or purchased), and the carbon
// price paid in the country of origin. Also the two reference tables the calculation needs: the
// CBAM goods of Annex I of Regulation (EU) 2023/956 (data/cbam/goods.yaml) and the default
// values with their definitive-period mark-ups (data/cbam/default-values.yaml).
// Masses are in tonnes, emissions in tonnes CO2e, electricity in MWh (the template's units).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/provenance.hpp"
#include "core/common/record_ref.hpp"

namespace cl::cbam {

/// A CN code with its spaces removed: "7318 15 88" → "73181588".
std::string normalize_cn(std::string_view cn_code);
/// Digits grouped as the Combined Nomenclature prints them: "73181588" → "7318 15 88".
std::string format_cn(std::string_view cn_code);

/// One line of Annex I of Regulation (EU) 2023/956: a CN code (2 to 8 digits; every longer code
/// it begins is a CBAM good), its sector and aggregated goods category.
struct GoodsEntry {
  std::string cn_code;                ///< normalized, e.g. "7318"
  std::vector<std::string> excludes;  ///< longer codes the annex leaves out ("31056000")
  std::string description;            ///< as in the annex
  std::string sector;    ///< "iron_steel", "aluminium", "cement", "fertilisers", "hydrogen", …
  std::string category;  ///< aggregated goods category, e.g. "Iron or steel products"
  std::vector<std::string> routes;  ///< production routes of the category; empty = any
  bool is_direct_only = false;      ///< Annex II: only direct emissions count (definitive period)
  Provenance source;
};

class GoodsCatalogue {
 public:
  GoodsCatalogue() = default;
  explicit GoodsCatalogue(std::vector<GoodsEntry> entries) : entries_(std::move(entries)) {}

  /// The entry whose CN code is the longest prefix of `cn_code` (spaces ignored); nullptr when
  /// the code is not a CBAM good.
  const GoodsEntry* find(std::string_view cn_code) const;
  const std::vector<GoodsEntry>& entries() const { return entries_; }

 private:
  std::vector<GoodsEntry> entries_;
};

/// A default value of embedded emissions for goods of `cn_code` (prefix) from `country`, valid
/// for reporting years [from_year, to_year] (0 = open).
struct DefaultValue {
  std::string cn_code;             ///< normalized prefix
  std::string country;             ///< ISO 3166 alpha-2, e.g. "TW"; "*" for a value of any country
  double direct = 0.0;             ///< t CO2e / t good
  std::optional<double> indirect;  ///< t CO2e / t good; absent where the table gives none
  int from_year = 0;
  int to_year = 0;
  Provenance source;
};

/// The mark-up added to default values from `year` on (definitive period): 0.10 = +10 %.
struct MarkUp {
  int year = 0;
  double fraction = 0.0;
  Provenance source;
};

struct DefaultTable {
  std::vector<DefaultValue> values;
  std::vector<MarkUp> markups;  ///< any order

  /// The value with the longest CN prefix of `cn_code` valid in `year`, for `country` or else
  /// for any country ("*").
  const DefaultValue* find(std::string_view cn_code, std::string_view country, int year) const;
  /// The mark-up of the latest entry with year ≤ `year`; nullptr before the first (no mark-up).
  const MarkUp* markup_for(int year) const;
};

struct Installation {
  std::string name;  ///< in English, as the template asks
  std::string name_local;
  std::string address;
  std::string city;
  std::string country;     ///< ISO 3166 alpha-2
  std::string unlocode;    ///< UN/LOCODE, 5 characters: country + 3-character location ("TWKHH")
  double latitude = 0.0;   ///< of the main emission source, decimal degrees
  double longitude = 0.0;  ///< decimal degrees
  std::string operator_name;
  std::string contact;
  std::string verifier;  ///< optional until 2026
  RecordRef where;
};

struct ReportingPeriod {
  std::string start;  ///< ISO date
  std::string end;    ///< ISO date
  int year = 0;       ///< the end date's year
  /// The year of import whose default values and mark-up apply to precursors without data
  /// (e.g. 2026 for a 2024 inventory communicated for imports in 2026); 0 = `year`.
  int defaults_year = 0;

  int default_year() const { return defaults_year != 0 ? defaults_year : year; }
};

/// The emissions of one inventory source over the reporting period.
struct SourceEmissions {
  std::string id;
  std::string name;
  double direct_t = 0.0;            ///< t CO2e, scope 1
  double electricity_mwh = 0.0;     ///< electricity consumed
  double electricity_factor = 0.0;  ///< t CO2e / MWh
  std::string factor_source;        ///< where the electricity factor comes from
  RecordRef where;

  double indirect_t() const { return electricity_mwh * electricity_factor; }
};

/// The share (0–1) of a source's emissions and electricity that a process takes.
struct Attribution {
  std::string source;
  double share = 0.0;
  RecordRef where;
};

struct ProducedGood {
  std::string cn_code;  ///< normalized
  std::string name;
  double tonnes = 0.0;  ///< production over the period (activity level)
  RecordRef where;
};

struct PrecursorUse {
  std::string precursor;
  double tonnes = 0.0;  ///< consumed over the period
  RecordRef where;
};

/// A sector-specific qualifying parameter (e.g. steel carbon content), reported as given.
struct Parameter {
  std::string name;
  std::string value;
};

struct Process {
  std::string id;
  std::string name;
  std::string route;  ///< production route, e.g. "EAF" or "downstream forming"
  std::vector<ProducedGood> goods;
  std::vector<Attribution> attributions;
  std::vector<PrecursorUse> precursors;
  std::vector<Parameter> parameters;
  RecordRef where;
};

enum class PrecursorOrigin { own, purchased };

/// A precursor consumed by a process: made by another process of the installation (`process`)
/// or bought (supplier data when `see_direct` is given, else the default value).
struct Precursor {
  std::string id;
  std::string name;
  std::string cn_code;  ///< normalized
  PrecursorOrigin origin = PrecursorOrigin::purchased;
  std::string process;  ///< own: the producing process
  std::string supplier;
  std::string supplier_installation;
  std::string country;  ///< ISO alpha-2 country of production
  std::string route;
  std::optional<double> see_direct;    ///< t CO2e / t, supplier's actual data
  std::optional<double> see_indirect;  ///< t CO2e / t
  RecordRef where;
};

/// A carbon price due in the country of origin (Art. 9 of Regulation (EU) 2023/956).
struct CarbonPrice {
  std::string instrument;  ///< e.g. "Taiwan carbon fee (碳費)"
  std::string country;
  double amount = 0.0;  ///< paid for the period, in `currency`
  std::string currency;
  double rebate = 0.0;                ///< rebates or compensation received, same currency
  double covered_emissions_t = 0.0;   ///< t CO2e the amount was paid on
  std::vector<std::string> cn_codes;  ///< goods covered (normalized)
  std::string note;
  RecordRef where;
};

struct Communication {
  Installation installation;
  ReportingPeriod period;
  std::vector<SourceEmissions> sources;
  std::vector<Process> processes;
  std::vector<Precursor> precursors;
  std::vector<CarbonPrice> carbon_prices;
};

}  // namespace cl::cbam
