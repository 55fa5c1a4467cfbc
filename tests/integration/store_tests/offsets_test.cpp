// Offset projects and the onsite-support service on SQLite and PostgreSQL. The lighting project
// is data/examples/offsets/lighting-planned.yaml: 500 lamps 40 W → 18 W, 3,600 h, national factor
// 0.494 t/MWh, all replaced lamps scrapped (hand check in that file and in
// tests/unit/core/offsets/calculate_test.cpp):
//   E_BL = 500 × 40 × 3600 / 10^6 = 72 MWh,  E_PJ = 500 × 18 × 3600 / 10^6 = 32.4 MWh
//   BE = 72 × 0.494 = 35.568 t,  PE = 32.4 × 0.494 = 16.0056 t,  LE = 0
//   ER = 19.5624 t → 19 credits (whole tonnes).
// Every refused write (scale limit, stage order, inclusion, sample size, a credit used twice)
// leaves nothing behind.
#include "store/offsets.hpp"
#include "store/organizations.hpp"
#include "store/support.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

using nlohmann::json;

json lighting_project() {
  return json::parse(R"json({
    "id": "LIGHT-1", "name": "LED lighting retrofit", "type": "planned", "scale": "micro",
    "proponent": "Test factory", "method": "AMS-II.C/lighting",
    "crediting_period": {"start": "2024-01-01", "end": "2033-12-31", "number": 1},
    "additionality": {"tests": ["regulatory"], "evidence": "no regulation requires it (memo A-1)"},
    "applicability": [
      {"condition": "L1", "met": true, "evidence": "lighting survey"},
      {"condition": "L2", "met": true, "evidence": "scrapping certificates"},
      {"condition": "L3", "met": true, "evidence": "39.6 MWh/yr"}],
    "grid_factor": {"basis": "national", "value": 0.494, "unit": "t CO2/MWh",
      "source": {"document": "MOEA grid factor 2023", "table": "tw.moea.grid.2023",
                 "version": "2024-04-26", "year": 2024, "verification": "secondary"}},
    "expected": {"saving_mwh_per_year": 39.6, "reduction_t_per_year": 19.56},
    "equipment": [{"id": "EQ-1", "type": "LED tube 18 W", "count": 500, "scrapped": 500}]
})json");
}

class OffsetStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Organization factory;
    factory.name = "Test factory";
    org = create_organization(*db, actor, factory).value().id;
    rules = load_offset_rules(std::string(CL_SOURCE_DIR) + "/data").value();
  }

  std::int64_t create_lighting() {
    return CL_ASSERT_OK(create_offset_project(*db, actor, rules, org, lighting_project()))->id;
  }

  Result<OffsetStageRecord> stage(std::int64_t project, const std::string& id,
                                  const std::string& date, std::vector<std::string> documents) {
    OffsetStageRecord record;
    record.project_id = project;
    record.stage = id;
    record.date = date;
    record.responsible = "consultant";
    record.documents = std::move(documents);
    return add_offset_stage(*db, actor, rules, record);
  }

  Result<OffsetPeriodRecord> period_2024(std::int64_t project) {
    OffsetPeriodRecord period;
    period.project_id = project;
    period.period = "2024";
    period.from = "2024-01-01";
    period.to = "2024-12-31";
    period.data = {{"parameters",
                    {{"n_units", 500},
                     {"baseline_power_w", 40},
                     {"project_power_w", 18},
                     {"operating_hours", 3600}}}};
    return put_offset_period(*db, actor, rules, period);
  }

  /// Feasibility to issued with the 2024 data, verified on 2025-03-05.
  std::int64_t issued_lighting() {
    const auto id = create_lighting();
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "feasibility", "2023-03-01", {})));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "plan", "2023-05-15", {"PDD v1.0"})));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "validation", "2023-07-10", {"VAL-23-118"})));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "registration", "2023-09-01", {"registration letter"})));
    EXPECT_TRUE(CL_ASSERT_OK(period_2024(id)));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "monitoring_report", "2025-01-20", {"MR 2024"})));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "verification", "2025-03-05", {"VER-25-031"})));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "credit_application", "2025-03-20", {"application"})));
    EXPECT_TRUE(CL_ASSERT_OK(stage(id, "issued", "2025-05-02", {"issuance letter"})));
    return id;
  }

  std::int64_t count(const std::string& table) {
    return db->query("SELECT COUNT(*) FROM " + table)[0].integer(0);
  }

  std::int64_t org = 0;
  OffsetRules rules;
};

TEST_P(OffsetStoreTest, FromFeasibilityToIssuedCredits) {
  const auto id = issued_lighting();
  const auto computed = CL_ASSERT_OK(compute_offset_project(*db, rules, id)).value();
  ASSERT_TRUE(computed.result.stage.has_value());
  EXPECT_EQ(*computed.result.stage, offsets::Stage::issued);
  EXPECT_NEAR(computed.result.totals.reduction_t, 19.5624, 1e-9);
  EXPECT_EQ(computed.result.totals.credits_t, 19.0);

  const auto ledger = CL_ASSERT_OK(replay_offset_ledger(*db, rules, org)).value();
  EXPECT_EQ(ledger.issued_total(), 19u);
  ASSERT_EQ(ledger.blocks().size(), 1u);
  EXPECT_EQ(ledger.blocks()[0].holder, "Test factory");
  EXPECT_EQ(ledger.blocks()[0].serials.first, 1u);
  EXPECT_EQ(ledger.blocks()[0].serials.last, 19u);
  const auto events = CL_ASSERT_OK(list_ledger_events(*db, org)).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "issue");
  EXPECT_EQ(events[0].project, "LIGHT-1");
  EXPECT_EQ(events[0].reference, "VER-25-031");
  EXPECT_EQ(events[0].serial_last.value_or(0), 19);

  // Issued data may no longer change.
  const auto changed = period_2024(id);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::offsets_credit);
  // The document reads back as `offsets compute` reads a file.
  const auto document = CL_ASSERT_OK(offset_document(*db, id)).value();
  EXPECT_EQ(document["stages"].size(), 8u);
  EXPECT_EQ(document["monitoring_periods"][0]["id"], "2024");
}

TEST_P(OffsetStoreTest, AboveTheMicroScaleLimitIsNotSaved) {
  auto project = lighting_project();
  // data/offsets/scale-limits.yaml: 20,000 MWh/yr for energy efficiency.
  project["expected"]["saving_mwh_per_year"] = 25000;
  const auto refused = create_offset_project(*db, actor, rules, org, project);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::offsets_scale_limit);
  EXPECT_EQ(refused.error().where.field, "expected.saving_mwh_per_year");
  EXPECT_NE(refused.error().message.find("20000"), std::string::npos);
  EXPECT_TRUE(refused.error().where.file.empty());
  EXPECT_EQ(count("offset_projects"), 0);
}

TEST_P(OffsetStoreTest, AStageOutOfOrderIsNotSaved) {
  const auto id = create_lighting();
  ASSERT_TRUE(CL_ASSERT_OK(stage(id, "feasibility", "2023-03-01", {})));
  const auto refused = stage(id, "registration", "2023-09-01", {"letter"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::offsets_stage);
  EXPECT_EQ(count("offset_stages"), 1);
  const auto audits = audit_count();
  const auto code_taken = create_offset_project(*db, actor, rules, org, lighting_project());
  ASSERT_FALSE(code_taken);
  EXPECT_EQ(code_taken.error().code, ErrorCode::store_conflict);
  EXPECT_EQ(audit_count(), audits);
}

TEST_P(OffsetStoreTest, ACreditIsUsedAtMostOnce) {
  issued_lighting();
  LedgerEventRecord use;
  use.organization_id = org;
  use.action = "use";
  use.from = "Test factory";
  use.purpose = "excess_emissions";
  use.reference = "permit 2025-01";
  use.serial_first = 1;
  use.serial_last = 5;
  ASSERT_TRUE(CL_ASSERT_OK(add_ledger_event(*db, actor, rules, use)));
  use.serial_first = 4;
  use.serial_last = 6;
  use.purpose = "eia_increment";
  const auto twice = add_ledger_event(*db, actor, rules, use);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::offsets_credit_used);
  EXPECT_EQ(count("offset_ledger_events"), 2);  // the issue and the first use
  const auto ledger = CL_ASSERT_OK(replay_offset_ledger(*db, rules, org)).value();
  EXPECT_EQ(ledger.balances().at("Test factory").used, 5);
  EXPECT_EQ(ledger.balances().at("Test factory").active, 14);
}

TEST_P(OffsetStoreTest, ProgrammeChecksInclusionAndSampleSize) {
  auto project = lighting_project();
  project["id"] = "POA-1";
  project["type"] = "programmatic";
  project["cme"] = "Test factory (CME)";
  project.erase("equipment");
  project["inclusion_criteria"] = json::parse(
      R"([{"id": "IC2", "text": "located in Taiwan", "attribute": "country", "one_of": ["TW"]}])");
  project["sampling"] = {{"confidence", 0.9}, {"precision", 0.1}, {"planned_cv", 0.1}};
  project["sub_projects"] = json::parse(R"([{"id": "SP-1", "owner": "A", "start": "2024-01-01",
      "attributes": {"country": "JP"},
      "equipment": [{"id": "E1", "type": "LED", "count": 2000, "scrapped": 2000}]}])");
  const auto excluded = create_offset_project(*db, actor, rules, org, project);
  ASSERT_FALSE(excluded);
  EXPECT_EQ(excluded.error().code, ErrorCode::offsets_inclusion);
  EXPECT_NE(excluded.error().message.find("IC2"), std::string::npos);
  EXPECT_EQ(count("offset_projects"), 0);

  project["sub_projects"][0]["attributes"]["country"] = "TW";
  const auto id = CL_ASSERT_OK(create_offset_project(*db, actor, rules, org, project))->id;
  // Required n = z²NV² / ((N − 1)e² + z²V²) with z = 1.6449, N = 2000, V = 0.1, e = 0.1:
  // 2.7055 × 2000 × 0.01 / (1999 × 0.01 + 2.7055 × 0.01) = 54.11 / 20.017 = 2.70 → 3; two
  // values are too few.
  OffsetPeriodRecord period;
  period.project_id = id;
  period.sub_project = "SP-1";
  period.period = "2024";
  period.from = "2024-01-01";
  period.to = "2024-12-31";
  period.data = {
      {"parameters", {{"n_units", 2000}, {"baseline_power_w", 40}, {"project_power_w", 18}}},
      {"sampled", {{"operating_hours", {{"values", {3400, 3600}}}}}}};
  const auto small = put_offset_period(*db, actor, rules, period);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().code, ErrorCode::offsets_sample_too_small);
  EXPECT_EQ(count("offset_periods"), 0);
  period.data["sampled"]["operating_hours"]["values"] = {3400, 3600, 3500};
  EXPECT_TRUE(CL_ASSERT_OK(put_offset_period(*db, actor, rules, period)));
  period.sub_project = "SP-9";
  const auto unknown = put_offset_period(*db, actor, rules, period);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().where.field, "sub_project");
}

TEST_P(OffsetStoreTest, OnsiteSupportRequestVisitAndSolvedIssue) {
  SupportRequest request;
  request.organization_id = org;
  request.stage = "monitoring_report";
  request.requested_on = "2023-04-10";
  request.mandatory_reporter = true;
  const auto created = CL_ASSERT_OK(create_support_request(*db, actor, request)).value();
  // Not new to offsets, a mandatory reporter, asking at a credit stage: priority 3 (annex 6).
  EXPECT_EQ(support_priority(created), 3);
  request.stage = "feasibility";
  const auto bad = create_support_request(*db, actor, request);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.field, "stage");

  SupportVisit visit;
  visit.request_id = created.id;
  visit.date = "2023-05-02";
  visit.hours = 4;
  visit.visitor = "specialist";
  visit.summary = "reviewed the metering plan";
  const auto added = CL_ASSERT_OK(add_support_visit(*db, actor, visit)).value();
  SupportIssue issue;
  issue.request_id = created.id;
  issue.visit_id = added.id;
  issue.raised_on = "2023-05-02";
  issue.description = "no run-hour loggers on the sampled lamps";
  const auto raised = CL_ASSERT_OK(add_support_issue(*db, actor, issue)).value();
  EXPECT_TRUE(raised.solved_on.empty());
  const auto early = solve_support_issue(*db, actor, raised.id, "loggers fitted", "2023-05-01");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().where.field, "solved_on");
  const auto solved =
      CL_ASSERT_OK(solve_support_issue(*db, actor, raised.id, "loggers fitted", "2023-06-01"))
          .value();
  EXPECT_EQ(solved.solved_on, "2023-06-01");
  EXPECT_EQ(CL_ASSERT_OK(list_support_issues(*db, created.id))->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OffsetStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
