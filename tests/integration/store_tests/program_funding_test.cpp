// A program case's funding ledger on SQLite and PostgreSQL: one funding record per approved case;
// an expense stored with the split its check returned, the check reading the ledger as it stands
// inside the transaction; a check that refuses writes nothing and no audit row; change requests
// decided once, an approved budget transfer rewriting the cost items with its own audit row.
// Amounts from the 2014 central-satellite case (seed 004 貳.五.1): government 357,000 + own
// 252,000 = 609,000; an expense of 100,000 splits 100,000 × 357,000 / 609,000 = 58,620.69 →
// 58,621 government, 41,379 own (the split itself is core/program's, tested there).
#include "store/program_funding.hpp"

#include "store/organizations.hpp"
#include "store/program.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class ProgramFundingStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Organization factory;
    factory.name = "Factory";
    org = create_organization(*db, actor, factory).value().id;
    ProgramApplication application;
    application.program_id = "2014-cfp-demonstration";
    application.service = "central_satellite";
    application.organization_id = org;
    application.applicant = "中衛示範廠";
    application.submitted_at = "2014-02-19T10:00";
    pending = add_application(*db, actor, application).value().id;
    approved = add_application(*db, actor, application).value().id;
    approve_application(*db, actor, approved, "2014-03-20", [](int) {}).value();
  }

  FundingRecord record() const {
    FundingRecord out;
    out.application_id = approved;
    out.own_ntd = 252000;
    out.satellites_signed = 6;
    out.cost_items = nlohmann::json::array({{{"id", "personnel"}, {"budget", 300000}},
                                            {{"id", "travel"}, {"budget", 60000}},
                                            {{"id", "business"}, {"budget", 249000}}});
    return out;
  }

  Expense expense(std::int64_t amount) const {
    Expense out;
    out.application_id = approved;
    out.date = "2014-04-15";
    out.cost_item = "personnel";
    out.amount_ntd = amount;
    out.description = "專職人員 4 月薪資";
    return out;
  }

  std::int64_t org = 0;
  std::int64_t pending = 0;
  std::int64_t approved = 0;
};

TEST_P(ProgramFundingStoreTest, OneFundingRecordPerApprovedCase) {
  auto early = record();
  early.application_id = pending;
  const auto refused = add_funding(*db, actor, early);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().where.field, "approved_on");
  const auto made = CL_ASSERT_OK(add_funding(*db, actor, record())).value();
  EXPECT_EQ(last_audit().entity, "program_funding");
  EXPECT_EQ(add_funding(*db, actor, record()).error().code, ErrorCode::store_conflict);
  const auto ledger = get_case_ledger(*db, approved).value();
  ASSERT_TRUE(ledger.funding);
  EXPECT_EQ(ledger.funding->id, made.id);
  EXPECT_EQ(ledger.funding->satellites_signed, 6);
  EXPECT_EQ(ledger.funding->cost_items.size(), 3u);
  EXPECT_EQ(get_case_ledger(*db, 999999).error().code, ErrorCode::store_not_found);
}

TEST_P(ProgramFundingStoreTest, ExpenseKeepsItsSplitAndARefusalWritesNothing) {
  EXPECT_EQ(add_expense(*db, actor, expense(100000),
                        [](const CaseLedger&) {
                          return std::pair<std::int64_t, std::int64_t>{0, 0};
                        })
                .error()
                .where.field,
            "funding");  // no funding record yet
  CL_ASSERT_OK(add_funding(*db, actor, record()));
  std::size_t seen = 99;
  const auto booked =
      CL_ASSERT_OK(add_expense(*db, actor, expense(100000), [&seen](const CaseLedger& ledger) {
        seen = ledger.expenses.size();
        return std::pair<std::int64_t, std::int64_t>{58621, 41379};
      })).value();
  EXPECT_EQ(seen, 0u);
  EXPECT_EQ(booked.government_ntd, 58621);
  EXPECT_EQ(booked.own_ntd, 41379);
  EXPECT_EQ(last_audit().entity, "program_expenses");

  const auto before = audit_count();
  const auto refused = add_expense(*db, actor, expense(250000), [&seen](const CaseLedger& ledger) {
    seen = ledger.expenses.size();
    throw StoreError{Error{ErrorCode::program_over_budget, "over", {.field = "cost_item"}, {}}};
    return std::pair<std::int64_t, std::int64_t>{0, 0};
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(seen, 1u);  // the check saw the first expense
  EXPECT_EQ(refused.error().code, ErrorCode::program_over_budget);
  auto bad = expense(1000);
  bad.description = "";
  EXPECT_EQ(add_expense(*db, actor, bad,
                        [](const CaseLedger&) {
                          return std::pair<std::int64_t, std::int64_t>{500, 500};
                        })
                .error()
                .where.field,
            "description");
  bad = expense(1000);
  bad.date = "2014-02-30";
  EXPECT_EQ(add_expense(*db, actor, bad,
                        [](const CaseLedger&) {
                          return std::pair<std::int64_t, std::int64_t>{500, 500};
                        })
                .error()
                .where.field,
            "date");
  EXPECT_EQ(audit_count(), before);
  const auto ledger = get_case_ledger(*db, approved).value();
  ASSERT_EQ(ledger.expenses.size(), 1u);
  EXPECT_EQ(ledger.expenses[0].government_ntd, 58621);
}

TEST_P(ProgramFundingStoreTest, ChangesAreDecidedOnceAndATransferRewritesTheCostItems) {
  CL_ASSERT_OK(add_funding(*db, actor, record()));
  ChangeRequest change;
  change.application_id = approved;
  change.kind = "satellite_change";
  change.details = {{"action", "drop"}, {"drop", 1}};
  change.reason = "衛星廠 6 停產";
  change.requested_on = "2014-06-01";
  auto no_reason = change;
  no_reason.reason = "";
  EXPECT_EQ(add_change(*db, actor, no_reason, [](const CaseLedger&) {}).error().where.field,
            "reason");
  const auto drop = CL_ASSERT_OK(add_change(*db, actor, change, [](const CaseLedger&) {})).value();
  EXPECT_EQ(drop.status, "pending");
  const auto none = [](const CaseLedger&, const ChangeRequest&) -> std::optional<nlohmann::json> {
    return std::nullopt;
  };
  EXPECT_EQ(decide_change(*db, actor, drop.id, "maybe", "", "2014-06-10", none).error().where.field,
            "decision");
  const auto decided =
      CL_ASSERT_OK(decide_change(*db, actor, drop.id, "approved", "同意", "2014-06-10", none))
          .value();
  EXPECT_EQ(decided.satellites_dropped, 1);
  EXPECT_EQ(decided.decided_on, "2014-06-10");
  EXPECT_EQ(last_audit().entity, "program_changes");
  EXPECT_EQ(decide_change(*db, actor, drop.id, "rejected", "", "2014-06-11", none).error().code,
            ErrorCode::store_conflict);

  change.kind = "major_change";
  change.details = {{"subject", "budget"}};
  const auto transfer =
      CL_ASSERT_OK(add_change(*db, actor, change, [](const CaseLedger&) {})).value();
  // Business 249,000 − 20,000 = 229,000; travel 60,000 + 20,000 = 80,000.
  auto items = record().cost_items;
  items[1]["budget"] = 80000;
  items[2]["budget"] = 229000;
  CL_ASSERT_OK(decide_change(*db, actor, transfer.id, "approved", "", "2014-09-15",
                             [&items](const CaseLedger&, const ChangeRequest&) {
                               return std::optional<nlohmann::json>(items);
                             }));
  const auto ledger = get_case_ledger(*db, approved).value();
  EXPECT_EQ(ledger.funding->cost_items[1]["budget"], 80000);
  EXPECT_EQ(ledger.funding->cost_items[2]["budget"], 229000);
  ASSERT_EQ(ledger.changes.size(), 2u);
  EXPECT_EQ(ledger.changes[1].status, "approved");
  EXPECT_EQ(list_case_ledgers(*db).value().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ProgramFundingStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
