#include "core/program/ubn.hpp"

#include <array>

namespace cl::program {

UbnCheck check_ubn(std::string_view text, UbnRule rule) {
  UbnCheck out;
  if (text.size() != 8) {
    out.reason = "must be 8 digits, got " + std::to_string(text.size()) + " character(s)";
    return out;
  }
  static constexpr std::array kWeights = {1, 2, 1, 2, 1, 2, 4, 1};
  for (std::size_t idx = 0; idx < 8; ++idx) {
    const char c = text[idx];
    if (c < '0' || c > '9') {
      out.reason = "must be 8 digits; character " + std::to_string(idx + 1) + " is not a digit";
      return out;
    }
    const int product = (c - '0') * kWeights[idx];
    int digit_sum = product / 10 + product % 10;
    if (digit_sum == 10) digit_sum = 1;  // only 7 × 4 = 28 gets here: 2+8 = 10 → 1+0
    out.sum += digit_sum;
  }
  const int divisor = rule == UbnRule::divisible_by_5 ? 5 : 10;
  // 7th digit 7: its 10 may count as 1 (sum as computed) or as 0 (sum - 1).
  const bool seventh_is_seven = text[6] == '7';
  out.valid = out.sum % divisor == 0 || (seventh_is_seven && (out.sum - 1) % divisor == 0);
  if (!out.valid) {
    out.reason = "check digit wrong: weighted digit sum " + std::to_string(out.sum) +
                 " is not divisible by " + std::to_string(divisor) +
                 (seventh_is_seven ? " (nor is " + std::to_string(out.sum - 1) + ")" : "") +
                 " (Ministry of Finance rule, weights 1,2,1,2,1,2,4,1)";
  }
  return out;
}

}  // namespace cl::program
