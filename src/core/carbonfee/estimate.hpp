// Taiwan's carbon fee (碳費) as an estimate for one plant and year: is the plant a payer (its
// emissions at or above the threshold), its chargeable emissions (收費排放量) and the fee at the
// general rate and at the two preferential rates of an approved autonomous reduction plan
// (自主減量計畫), with the emission-adjustment factor for high carbon-leakage-risk entities, and
// what reductions and offset credits (減量額度, capped at a share of the chargeable emissions)
// would change. Every rate and rule comes from Rules (data/carbon-fee/taiwan.yaml), each value
// dated and sourced; the estimate names the values it used.
//
//   not high leakage (any rate):       chargeable = max(0, E − K)
//   high leakage with a plan (A or B): chargeable = E × adjustment factor      (no K)
//   credits used = min(domestic, cap_dom × chargeable) + min(foreign, cap_for × chargeable)
//                  (foreign credits only for entities not at high leakage risk)
//   fee = (chargeable − credits used) × rate
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/common/provenance.hpp"
#include "core/common/result.hpp"

namespace cl::carbonfee {

/// One value of a rule from a year on. `from_year` 0 means the date is not known: the value is
/// listed for information (a later stage announced without a date) and never applied.
struct DatedValue {
  int from_year = 0;
  double value = 0.0;
  std::string effective_from;  ///< as the source gives it, e.g. "2025-01-01"
  Provenance source;
};

struct Rules {
  std::string jurisdiction;
  std::string currency;
  std::vector<DatedValue> threshold_t;          ///< payers emit at least this (t CO2e/yr)
  std::vector<DatedValue> deduction_t;          ///< K, deducted for non-high-leakage payers
  std::vector<DatedValue> general_rate;         ///< per t CO2e
  std::vector<DatedValue> preferential_rate_a;  ///< per t CO2e, plan with target A
  std::vector<DatedValue> preferential_rate_b;  ///< per t CO2e, plan with target B
  std::vector<DatedValue> leakage_factor;       ///< emission-adjustment factor
  std::vector<DatedValue> domestic_credit_cap;  ///< fraction of chargeable emissions
  std::vector<DatedValue> foreign_credit_cap;   ///< fraction; not for high-leakage entities
};

struct Reduction {
  std::string name;
  double tonnes = 0.0;  ///< t CO2e per year
};

struct Input {
  int year = 0;                  ///< the emission year
  double emissions_t = 0.0;      ///< direct + electricity indirect, t CO2e
  bool is_high_leakage = false;  ///< recognized as at high carbon-leakage risk
  std::vector<Reduction> reductions;
  double domestic_credits_t = 0.0;
  double foreign_credits_t = 0.0;
};

enum class RateKind { general, preferential_a, preferential_b };
std::string_view rate_id(RateKind kind);

struct RateCase {
  RateKind kind = RateKind::general;
  double rate = 0.0;
  double deduction_t = 0.0;   ///< K applied
  double factor = 1.0;        ///< adjustment factor applied (1 when none)
  double chargeable_t = 0.0;  ///< before credits
  double domestic_used_t = 0.0;
  double foreign_used_t = 0.0;
  double net_chargeable_t = 0.0;
  double fee = 0.0;
};

/// The fee for one emission level, at each rate.
struct Scenario {
  double emissions_t = 0.0;
  bool is_payer = false;
  double margin_t = 0.0;        ///< emissions − threshold (negative: below the threshold)
  std::vector<RateCase> cases;  ///< general, A, B
};

/// A value of the rules as used, for the report: "general rate 300 TWD/t (source …)".
struct UsedValue {
  std::string rule;
  double value = 0.0;
  std::string effective_from;
  Provenance source;
};

struct Estimate {
  int year = 0;
  std::string currency;
  bool is_high_leakage = false;
  double threshold_t = 0.0;
  double reductions_t = 0.0;
  Scenario baseline;  ///< the emissions as reported, no credits
  Scenario what_if;   ///< after the reductions, with the credits
  std::vector<UsedValue> used;
};

/// The value of `values` in force in `year`: the latest with 1 ≤ from_year ≤ year.
const DatedValue* value_in(const std::vector<DatedValue>& values, int year);

/// carbonfee.input for negative amounts or no year; carbonfee.rules when a rule has no value
/// in force in the year.
Result<Estimate> estimate(const Input& input, const Rules& rules);

}  // namespace cl::carbonfee
