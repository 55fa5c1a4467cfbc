#include "core/carbonfee/estimate.hpp"

#include <algorithm>

namespace cl::carbonfee {
namespace {

struct InForce {
  double threshold = 0.0;
  double deduction = 0.0;
  double general = 0.0;
  double rate_a = 0.0;
  double rate_b = 0.0;
  double factor = 1.0;
  double domestic_cap = 0.0;
  double foreign_cap = 0.0;
};

Result<double> pick(const std::vector<DatedValue>& values, const char* rule, int year,
                    std::vector<UsedValue>& used) {
  const DatedValue* value = value_in(values, year);
  if (value == nullptr) {
    int first = 0;
    for (const auto& item : values) {
      if (item.from_year > 0 && (first == 0 || item.from_year < first)) first = item.from_year;
    }
    return fail(ErrorCode::carbonfee_rules,
                std::string("the carbon-fee rules have no ") + rule + " in force in " +
                    std::to_string(year) +
                    (first > 0 ? " (the first applies from " + std::to_string(first) + ")"
                               : " (none has a known start year)") +
                    "; estimate a year the rules cover, or add the value with its source to the "
                    "rules file",
                {.field = rule});
  }
  used.push_back({rule, value->value, value->effective_from, value->source});
  return value->value;
}

Result<InForce> rules_in_force(const Rules& rules, int year, bool is_high_leakage,
                               std::vector<UsedValue>& used) {
  InForce out;
  struct Want {
    const std::vector<DatedValue>* values;
    const char* rule;
    double* target;
  };
  std::vector<Want> wanted = {
      {&rules.threshold_t, "threshold", &out.threshold},
      {&rules.general_rate, "general rate", &out.general},
      {&rules.preferential_rate_a, "preferential rate A", &out.rate_a},
      {&rules.preferential_rate_b, "preferential rate B", &out.rate_b},
      {&rules.domestic_credit_cap, "domestic credit cap", &out.domestic_cap},
  };
  // K applies to every payer at the general rate and to preferential payers not at high risk.
  wanted.push_back({&rules.deduction_t, "deduction", &out.deduction});
  if (is_high_leakage) {
    wanted.push_back({&rules.leakage_factor, "leakage adjustment factor", &out.factor});
  } else {
    wanted.push_back({&rules.foreign_credit_cap, "foreign credit cap", &out.foreign_cap});
  }
  for (const auto& want : wanted) {
    auto value = pick(*want.values, want.rule, year, used);
    if (!value) return tl::unexpected(value.error());
    *want.target = *value;
  }
  return out;
}

RateCase rate_case(RateKind kind, double emissions, const InForce& rules, bool is_high_leakage,
                   double domestic, double foreign) {
  RateCase out;
  out.kind = kind;
  out.rate = kind == RateKind::general          ? rules.general
             : kind == RateKind::preferential_a ? rules.rate_a
                                                : rules.rate_b;
  if (is_high_leakage && kind != RateKind::general) {
    out.factor = rules.factor;
    out.chargeable_t = emissions * rules.factor;
  } else {
    out.deduction_t = rules.deduction;
    out.chargeable_t = std::max(0.0, emissions - rules.deduction);
  }
  out.domestic_used_t = std::min(domestic, rules.domestic_cap * out.chargeable_t);
  out.foreign_used_t =
      is_high_leakage ? 0.0 : std::min(foreign, rules.foreign_cap * out.chargeable_t);
  out.net_chargeable_t = out.chargeable_t - out.domestic_used_t - out.foreign_used_t;
  out.fee = out.net_chargeable_t * out.rate;
  return out;
}

Scenario scenario(double emissions, const InForce& rules, bool is_high_leakage, double domestic,
                  double foreign) {
  Scenario out;
  out.emissions_t = emissions;
  out.margin_t = emissions - rules.threshold;
  out.is_payer = emissions >= rules.threshold;
  for (const RateKind kind :
       {RateKind::general, RateKind::preferential_a, RateKind::preferential_b}) {
    RateCase item = rate_case(kind, emissions, rules, is_high_leakage, domestic, foreign);
    if (!out.is_payer) {
      item = RateCase{.kind = kind, .rate = item.rate, .factor = item.factor};
    }
    out.cases.push_back(item);
  }
  return out;
}

}  // namespace

std::string_view rate_id(RateKind kind) {
  switch (kind) {
    case RateKind::general:
      return "general";
    case RateKind::preferential_a:
      return "A";
    case RateKind::preferential_b:
      return "B";
  }
  return "general";
}

const DatedValue* value_in(const std::vector<DatedValue>& values, int year) {
  const DatedValue* best = nullptr;
  for (const auto& value : values) {
    if (value.from_year < 1 || value.from_year > year) continue;
    if (best == nullptr || value.from_year > best->from_year) best = &value;
  }
  return best;
}

Result<Estimate> estimate(const Input& input, const Rules& rules) {
  if (input.year <= 0) {
    return fail(ErrorCode::carbonfee_input, "the estimate needs the emission year (--year)",
                {.field = "year"});
  }
  if (!(input.emissions_t >= 0) || !(input.domestic_credits_t >= 0) ||
      !(input.foreign_credits_t >= 0)) {
    return fail(ErrorCode::carbonfee_input,
                "emissions and offset credits must be numbers of tonnes, 0 or more",
                {.field = "emissions"});
  }
  Estimate out;
  out.year = input.year;
  out.currency = rules.currency;
  out.is_high_leakage = input.is_high_leakage;
  for (const auto& reduction : input.reductions) {
    if (!(reduction.tonnes >= 0)) {
      return fail(ErrorCode::carbonfee_input,
                  "reduction '" + reduction.name + "' must be 0 or more tonnes a year",
                  {.field = "reduction", .record = reduction.name});
    }
    out.reductions_t += reduction.tonnes;
  }
  auto in_force = rules_in_force(rules, input.year, input.is_high_leakage, out.used);
  if (!in_force) return tl::unexpected(in_force.error());
  out.threshold_t = in_force->threshold;
  out.baseline = scenario(input.emissions_t, *in_force, input.is_high_leakage, 0.0, 0.0);
  out.what_if = scenario(std::max(0.0, input.emissions_t - out.reductions_t), *in_force,
                         input.is_high_leakage, input.domestic_credits_t, input.foreign_credits_t);
  return out;
}

}  // namespace cl::carbonfee
