// Property tests of offset credits: credits never exceed the reduction they come from (per
// period, and in the ledger against the verified reduction), and a credit is used at most once
// whatever sequence of issue/transfer/use/retire operations is attempted.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <map>

#include "core/offsets/calculate.hpp"
#include "core/offsets/ledger.hpp"
#include "core/offsets/project.hpp"

namespace cl::offsets {
namespace {

rc::Gen<double> positive(int low_milli, int high_milli) {
  return rc::gen::map(rc::gen::inRange(low_milli, high_milli),
                      [](int value) { return value / 1000.0; });
}

RC_GTEST_PROP(OffsetsProps, CreditsOfAPeriodNeverExceedItsReduction, ()) {
  LightingInputs in;
  in.n_units = *rc::gen::inRange(1, 100000);
  in.baseline_power_w = *positive(1000, 200000);
  in.project_power_w = *positive(0, 200000);
  in.operating_hours = *positive(0, 8784000);
  in.common.grid_ef = *positive(0, 1200);
  in.common.grid_loss = *positive(0, 300);
  in.common.scrapped_fraction = *positive(0, 1000);
  const auto out = calculate_lighting(in);
  const double credits = credits_of(out.reduction_t);
  RC_ASSERT(credits >= 0.0);
  RC_ASSERT(credits == std::floor(credits));
  RC_ASSERT(credits <= std::max(0.0, out.reduction_t));
  RC_ASSERT(std::max(0.0, out.reduction_t) - credits < 1.0);
  RC_ASSERT(std::abs(out.baseline_t - out.project_t - out.leakage_t - out.reduction_t) <=
            1e-9 * std::max(1.0, out.baseline_t));
}

RC_GTEST_PROP(OffsetsProps, IssuedCreditsNeverExceedTheVerifiedReduction, ()) {
  CreditLedger ledger;
  const double verified = *positive(0, 500000);
  RC_ASSERT(ledger.add_verified({"P", "1", verified, "VR"}).has_value());
  const auto attempts = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 200));
  for (int quantity : attempts) {
    (void)ledger.issue("P", "1", "holder", static_cast<std::uint64_t>(quantity));
    RC_ASSERT(static_cast<double>(ledger.issued_for("P", "1")) <= verified);
  }
  RC_ASSERT(ledger.issued_total() == ledger.issued_for("P", "1"));
}

struct Op {
  int kind;  // 0 transfer, 1 use, 2 retire
  int holder;
  int other;
  int first;
  int length;
  bool by_quantity;
};

RC_GTEST_PROP(OffsetsProps, ACreditIsUsedAtMostOnce, ()) {
  CreditLedger ledger;
  RC_ASSERT(ledger.add_verified({"P", "1", 60.7, "VR"}).has_value());
  RC_ASSERT(ledger.issue("P", "1", "h0", 40).has_value());
  RC_ASSERT(ledger.issue("P", "1", "h1", 20).has_value());
  const auto ops = *rc::gen::container<std::vector<Op>>(rc::gen::construct<Op>(
      rc::gen::inRange(0, 3), rc::gen::inRange(0, 3), rc::gen::inRange(0, 3),
      rc::gen::inRange(1, 61), rc::gen::inRange(1, 12), rc::gen::arbitrary<bool>()));
  std::map<std::uint64_t, int> finals;  // serial → successful use/retire operations
  const auto name = [](int holder) { return "h" + std::to_string(holder); };
  for (const auto& op : ops) {
    Selection which;
    if (op.by_quantity) {
      which.quantity = static_cast<std::uint64_t>(op.length);
    } else {
      which.serials = SerialRange{static_cast<std::uint64_t>(op.first),
                                  static_cast<std::uint64_t>(op.first + op.length - 1)};
    }
    Result<void> done;
    if (op.kind == 0) {
      done = ledger.transfer(name(op.holder), name(op.other), which);
    } else if (op.kind == 1) {
      done = ledger.use(name(op.holder), which, UsePurpose::excess_emissions, "x");
    } else {
      done = ledger.retire(name(op.holder), which, "x");
    }
    if (!done) continue;
    if (op.kind == 0) continue;
    // Which serials changed status in this operation: each may do so only once, ever.
    for (const auto& block : ledger.blocks()) {
      if (block.status == CreditStatus::active || block.event != ledger.events()) continue;
      for (auto serial = block.serials.first; serial <= block.serials.last; ++serial) {
        ++finals[serial];
      }
    }
  }
  RC_TAG(finals.empty() ? "no credit used or retired" : "credits used or retired");
  for (const auto& [serial, count] : finals) RC_ASSERT(count == 1);
  // The blocks cover serials 1..60 exactly once, and balances add up to the issued credits.
  std::uint64_t next = 1;
  double total = 0;
  for (const auto& block : ledger.blocks()) {
    RC_ASSERT(block.serials.first == next);
    RC_ASSERT(block.serials.last >= block.serials.first);
    next = block.serials.last + 1;
  }
  RC_ASSERT(next == 61u);
  for (const auto& [holder, balance] : ledger.balances()) {
    total += balance.active + balance.used + balance.retired;
  }
  RC_ASSERT(total == 60.0);
}

}  // namespace
}  // namespace cl::offsets
