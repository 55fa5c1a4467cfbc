// Unified business number (統一編號) check: 8 digits, weights 1,2,1,2,1,2,4,1; each product's
// two digits are added (14 → 1+4 = 5) and the eight results summed. Ministry of Finance,
// 「營利事業統一編號檢查碼邏輯修正說明」 (財政部, in force 2023-04-01, 112年4月1日): the sum must
// be divisible by 5 (before: by 10; every old number still passes). Special case kept from the old
// rule: when the 7th digit is 7 its product 28 gives 2+8 = 10, counted as 1 or as 0, so the
// number passes when either the sum or the sum + 1 is divisible.
#pragma once

#include <string>
#include <string_view>

namespace cl::program {

enum class UbnRule {
  divisible_by_5,   ///< the rule since 2023-04-01 (default)
  divisible_by_10,  ///< the rule before 2023-04-01, for documents of that time
};

struct UbnCheck {
  bool valid = false;
  int sum = 0;         ///< the weighted digit sum (the 7th digit's 28 counted as 10 → 1+0 = 1)
  std::string reason;  ///< empty when valid; else what is wrong, in words
};

UbnCheck check_ubn(std::string_view text, UbnRule rule = UbnRule::divisible_by_5);

}  // namespace cl::program
