#include "core/program/funding.hpp"

#include <cmath>

namespace cl::program {

Result<FundingResult> fund_case(const Program& program, const FundingInput& input) {
  const Mode* mode = program.find_mode(input.mode);
  if (!mode) {
    std::string modes;
    for (const auto& item : program.modes) modes += (modes.empty() ? "" : ", ") + item.id;
    return fail(ErrorCode::program_ineligible,
                "program " + program.id + " has no mode '" + input.mode + "'" +
                    (modes.empty() ? "; it funds no cases by mode" : "; modes: " + modes),
                {.field = "mode"});
  }
  const Funding& funding = mode->funding;
  FundingResult out;
  out.mode = mode->id;
  out.cite = funding.cite;
  out.government_base = funding.government_ntd;
  out.own_min = funding.own_min_ntd;
  if (input.satellites_signed < 0 || input.satellites_now < 0) {
    return fail(ErrorCode::parse_bad_value, "satellite counts cannot be negative",
                {.field = "satellites"});
  }
  if (funding.min_satellites > 0) {
    if (input.satellites_signed < funding.min_satellites) {
      return fail(ErrorCode::program_satellites_below_minimum,
                  std::to_string(input.satellites_signed) + " satellites signed; mode " + mode->id +
                      " needs at least " + std::to_string(funding.min_satellites) + " (" +
                      funding.cite + ")",
                  {.field = "satellites_signed"});
    }
    if (input.satellites_now < funding.min_satellites) {
      return fail(ErrorCode::program_satellites_below_minimum,
                  "dropping to " + std::to_string(input.satellites_now) +
                      " satellites is not allowed: never fewer than " +
                      std::to_string(funding.min_satellites) + " (" + funding.cite +
                      "); replace a satellite instead",
                  {.field = "satellites_now"});
    }
    out.dropped = std::max(0, input.satellites_signed - input.satellites_now);
  }
  out.deduction = out.dropped * funding.deduction_per_dropped;
  out.government = funding.government_ntd - out.deduction;
  out.own = input.own_ntd.value_or(funding.own_min_ntd);
  if (out.own < funding.own_min_ntd) {
    return fail(ErrorCode::program_ineligible,
                "own funds NT$" + std::to_string(out.own) + " below the minimum NT$" +
                    std::to_string(funding.own_min_ntd) + " of mode " + mode->id + " (" +
                    funding.cite + ")",
                {.field = "own"});
  }
  out.total = out.government + out.own;
  out.government_share =
      out.total == 0 ? 0.0 : static_cast<double>(out.government) / static_cast<double>(out.total);
  return out;
}

std::pair<long, long> split_expense(const FundingResult& funding, long expense_ntd) {
  if (funding.total == 0) return {0, expense_ntd};
  // Integer arithmetic: government part = expense × government / total, rounded half up.
  const long long numerator =
      static_cast<long long>(expense_ntd) * funding.government * 2 + funding.total;
  const auto government = static_cast<long>(numerator / (2LL * funding.total));
  return {government, expense_ntd - government};
}

}  // namespace cl::program
