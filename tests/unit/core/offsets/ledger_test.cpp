// The credit ledger: issuance capped by the verified reduction, transfers, use against excess
// emissions or EIA increments, retirement, and no credit used twice.
#include "core/offsets/ledger.hpp"

#include <gtest/gtest.h>

namespace cl::offsets {
namespace {

CreditLedger verified_ledger() {
  CreditLedger ledger;
  // 19.5624 t verified (the lighting example of calculate_test): at most 19 whole credits.
  EXPECT_TRUE(ledger.add_verified({"LIGHT", "2024", 19.5624, "VR-1"}));
  return ledger;
}

TEST(OffsetsLedger, IssueIsCappedByTheVerifiedReduction) {
  auto ledger = verified_ledger();
  auto first = ledger.issue("LIGHT", "2024", "factory", 15);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->first, 1u);
  EXPECT_EQ(first->last, 15u);
  auto more = ledger.issue("LIGHT", "2024", "factory", 5);  // 15 + 5 = 20 > 19
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, ErrorCode::offsets_credit);
  EXPECT_NE(more.error().message.find("would make 20, more than the verified reduction allows (19"),
            std::string::npos)
      << more.error().message;
  EXPECT_TRUE(ledger.issue("LIGHT", "2024", "factory", 4));
  EXPECT_EQ(ledger.issued_for("LIGHT", "2024"), 19u);
  auto unverified = ledger.issue("LIGHT", "2025", "factory", 1);
  ASSERT_FALSE(unverified);
  EXPECT_NE(unverified.error().message.find("no verified reduction"), std::string::npos);
  EXPECT_FALSE(ledger.add_verified({"LIGHT", "2024", 30, "VR-2"}));  // verified once
}

TEST(OffsetsLedger, TransferUseRetireAndBalances) {
  auto ledger = verified_ledger();
  ASSERT_TRUE(ledger.issue("LIGHT", "2024", "factory", 19));
  ASSERT_TRUE(ledger.transfer("factory", "buyer", {.quantity = 10}));
  ASSERT_TRUE(ledger.use("buyer", {.serials = SerialRange{1, 6}}, UsePurpose::excess_emissions,
                         "permit 113-001"));
  ASSERT_TRUE(ledger.use("buyer", {.quantity = 2}, UsePurpose::eia_increment, "EIA 112-07"));
  ASSERT_TRUE(ledger.retire("factory", {.quantity = 3}, "carbon-neutral claim"));
  const auto balances = ledger.balances();
  // factory: 19 − 10 transferred − 3 retired = 6 active; buyer: 10 − 6 − 2 = 2 active, 8 used.
  EXPECT_DOUBLE_EQ(balances.at("factory").active, 6);
  EXPECT_DOUBLE_EQ(balances.at("factory").retired, 3);
  EXPECT_DOUBLE_EQ(balances.at("buyer").active, 2);
  EXPECT_DOUBLE_EQ(balances.at("buyer").used, 8);
  // Serials 7-8 went to the EIA use (the lowest active after 1-6), 11-13 were retired.
  for (const auto& block : ledger.blocks()) {
    if (block.serials.first == 7) {
      EXPECT_EQ(block.serials.last, 8u);
      EXPECT_EQ(block.purpose, UsePurpose::eia_increment);
    }
  }
}

TEST(OffsetsLedger, ACreditIsNeverUsedTwice) {
  auto ledger = verified_ledger();
  ASSERT_TRUE(ledger.issue("LIGHT", "2024", "factory", 19));
  ASSERT_TRUE(ledger.use("factory", {.serials = SerialRange{3, 5}}, UsePurpose::excess_emissions,
                         "permit A"));
  auto again =
      ledger.use("factory", {.serials = SerialRange{5, 7}}, UsePurpose::eia_increment, "EIA B");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::offsets_credit_used);
  EXPECT_EQ(
      again.error().message,
      "credit serials 5 were already used against excess_emissions (event 2) and cannot be used; "
      "a credit is used or retired once");
  // Nothing changed by the refused operation: 6 and 7 are still active.
  EXPECT_DOUBLE_EQ(ledger.balances().at("factory").used, 3);
  auto moved = ledger.transfer("factory", "buyer", {.serials = SerialRange{4, 4}});
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, ErrorCode::offsets_credit_used);
  ASSERT_TRUE(ledger.retire("factory", {.serials = SerialRange{10, 10}}, "claim"));
  EXPECT_EQ(ledger.use("factory", {.serials = SerialRange{10, 10}}, UsePurpose::voluntary, "x")
                .error()
                .code,
            ErrorCode::offsets_credit_used);
}

TEST(OffsetsLedger, WrongHolderAndUnknownSerials) {
  auto ledger = verified_ledger();
  ASSERT_TRUE(ledger.issue("LIGHT", "2024", "factory", 5));
  auto stranger = ledger.use("buyer", {.serials = SerialRange{1, 2}}, UsePurpose::voluntary, "x");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, ErrorCode::offsets_credit);
  EXPECT_NE(stranger.error().message.find("held by factory, not buyer"), std::string::npos);
  EXPECT_FALSE(ledger.transfer("factory", "buyer", {.serials = SerialRange{4, 9}}));
  EXPECT_FALSE(ledger.transfer("factory", "buyer", {.quantity = 6}));
}

}  // namespace
}  // namespace cl::offsets
