// The program office's records on SQLite and PostgreSQL: applications stored as submitted and
// listed per program and organization; places given once and never twice; approval with the
// caller's check inside the transaction (a refusal writes nothing); requests for documents with
// their dates checked; a meeting's reviewers and applications checked, one score per reviewer
// and application (rewritten, not duplicated); duty records with evidence of the applicant's own
// organization only. Every change audited, every refusal without an audit row.
#include "store/program.hpp"

#include "store/evidence.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class ProgramStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* name : {"Factory", "Other factory"}) {
      Organization factory;
      factory.name = name;
      orgs.push_back(create_organization(*db, actor, factory).value().id);
    }
  }

  ProgramApplication application(const std::string& unit = "27934855") const {
    ProgramApplication out;
    out.program_id = "2014-cfp-demonstration";
    out.service = "single_factory";
    out.organization_id = orgs[0];
    out.applicant = "示範工廠";
    out.unit_ubn = unit;
    out.document = {{"mode", "single_factory"}, {"factory", {{"name", "示範工廠"}}}};
    out.submitted_at = "2014-02-19T10:00";
    return out;
  }

  std::vector<std::int64_t> orgs;
};

TEST_P(ProgramStoreTest, ApplicationsAreStoredListedAndAudited) {
  const auto first = CL_ASSERT_OK(add_application(*db, actor, application())).value();
  EXPECT_EQ(last_audit().entity, "program_applications");
  EXPECT_EQ(last_audit().action, "create");
  auto paper = application();
  paper.organization_id.reset();  // entered by the office from paper
  const auto second = CL_ASSERT_OK(add_application(*db, actor, paper)).value();
  auto other = application();
  other.program_id = "2023-sme-low-carbon";
  CL_ASSERT_OK(add_application(*db, actor, other));

  const auto listed = list_applications(*db, "2014-cfp-demonstration").value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, first.id);
  EXPECT_EQ(listed[0].document.at("factory").at("name"), "示範工廠");
  EXPECT_EQ(listed[0].submitted_at, "2014-02-19T10:00");
  EXPECT_FALSE(listed[1].organization_id);
  EXPECT_EQ(list_applications(*db, "2014-cfp-demonstration", orgs[0]).value().size(), 1u);
  EXPECT_EQ(get_application(*db, second.id).value().applicant, "示範工廠");

  const auto before = audit_count();
  auto bad = application();
  bad.applicant = "";
  const auto refused = add_application(*db, actor, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().where.field, "factory.name");
  bad = application();
  bad.organization_id = 999999;
  EXPECT_EQ(add_application(*db, actor, bad).error().where.field, "organization_id");
  EXPECT_EQ(audit_count(), before);
}

TEST_P(ProgramStoreTest, APlaceIsGivenOnce) {
  const auto a = add_application(*db, actor, application()).value().id;
  const auto b = add_application(*db, actor, application()).value().id;
  EXPECT_EQ(accept_applications(*db, actor, {a}, "2023-03-01").value(), 1);
  EXPECT_EQ(accept_applications(*db, actor, {a, b}, "2023-03-02").value(), 1);  // only b is new
  EXPECT_EQ(get_application(*db, a).value().accepted_on, "2023-03-01");         // kept
  EXPECT_EQ(get_application(*db, b).value().accepted_on, "2023-03-02");
  EXPECT_EQ(accept_applications(*db, actor, {a}, "2023-02-30").error().where.field, "date");
}

TEST_P(ProgramStoreTest, ApprovalCountsTheUnitsApprovedCasesAndARefusalWritesNothing) {
  const auto a = add_application(*db, actor, application()).value().id;
  const auto b = add_application(*db, actor, application()).value().id;
  const auto c = add_application(*db, actor, application("22099131")).value().id;
  std::vector<int> seen;
  const auto record = [&](int approved) { seen.push_back(approved); };
  CL_ASSERT_OK(approve_application(*db, actor, a, "2014-03-20", record));
  CL_ASSERT_OK(approve_application(*db, actor, c, "2014-03-20", record));  // another unit
  EXPECT_EQ(seen, (std::vector<int>{0, 0}));
  // The check sees a's approval (same unit) and refuses: b stays unapproved, no audit row.
  const auto before = audit_count();
  const auto refused = approve_application(*db, actor, b, "2014-03-21", [&](int approved) {
    seen.push_back(approved);
    throw StoreError{Error{ErrorCode::program_ineligible, "cap", {.field = "guidance_unit"}, {}}};
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::program_ineligible);
  EXPECT_EQ(seen.back(), 1);
  EXPECT_FALSE(get_application(*db, b).value().approved_on);
  EXPECT_EQ(audit_count(), before);
  EXPECT_EQ(approve_application(*db, actor, a, "2014-03-22", record).error().code,
            ErrorCode::store_conflict);
}

TEST_P(ProgramStoreTest, RequestsForDocuments) {
  const auto a = add_application(*db, actor, application()).value().id;
  ProgramRequest request{0, a, "工廠登記證明文件", "2023-03-01", "2023-03-15", {}, "", ""};
  const auto made = CL_ASSERT_OK(add_request(*db, actor, request)).value();
  EXPECT_EQ(last_audit().entity, "program_requests");
  auto early = request;
  early.due = "2023-02-28";
  EXPECT_EQ(add_request(*db, actor, early).error().where.field, "due");
  auto empty = request;
  empty.document = "";
  EXPECT_EQ(add_request(*db, actor, empty).error().where.field, "document");
  EXPECT_EQ(receive_request(*db, actor, made.id, "2023-03-10").value().received, "2023-03-10");
  const auto listed = list_requests(*db, "2014-cfp-demonstration").value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].received, "2023-03-10");
  EXPECT_TRUE(list_requests(*db, "2023-sme-low-carbon").value().empty());
}

TEST_P(ProgramStoreTest, MeetingScoresOnePerReviewerAndApplication) {
  const auto a = add_application(*db, actor, application()).value().id;
  ProgramMeeting meeting;
  meeting.program_id = "2014-cfp-demonstration";
  meeting.date = "2014-03-10";
  meeting.committee = 7;
  meeting.reviewers = {"r1@test", "r2@test", "r3@test", "r4@test"};
  meeting.applications = {a};
  const auto held = CL_ASSERT_OK(add_meeting(*db, actor, meeting)).value();
  EXPECT_EQ(get_meeting(*db, held.id).value().reviewers.size(), 4u);

  auto too_many = meeting;
  too_many.committee = 3;
  EXPECT_EQ(add_meeting(*db, actor, too_many).error().where.field, "reviewers");
  auto foreign = meeting;
  foreign.program_id = "2023-sme-low-carbon";
  EXPECT_EQ(add_meeting(*db, actor, foreign).error().where.field, "applications");

  ProgramScore score{held.id, "r1@test", a, 1, {{"objectives", 6}}, ""};
  CL_ASSERT_OK(put_score(*db, actor, score));
  score.items["objectives"] = 5;
  CL_ASSERT_OK(put_score(*db, actor, score));  // rewritten
  EXPECT_EQ(last_audit().action, "update");
  const auto scores = list_scores(*db, held.id).value();
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].items.at("objectives"), 5);
  auto stranger = score;
  stranger.reviewer = "r9@test";
  EXPECT_EQ(put_score(*db, actor, stranger).error().where.field, "reviewer");

  const auto lots = nlohmann::json::array(
      {{{"mode", "single_factory"}, {"order", {"1"}}, {"drawn_by", "r1@test"}}});
  EXPECT_EQ(set_lots(*db, actor, held.id, lots).value().lots, lots);
}

TEST_P(ProgramStoreTest, DutyRecordsTakeOnlyTheApplicantsEvidence) {
  const auto a = add_application(*db, actor, application()).value().id;
  const auto own = store_evidence(*db, actor, orgs[0], "visit.txt", "signed record\n").value().id;
  const auto foreign =
      store_evidence(*db, actor, orgs[1], "other.txt", "someone else's\n").value().id;
  DutyRecord record;
  record.application_id = a;
  record.duty_id = "site_visits";
  record.kind = "site_visit";
  record.date = "2014-04-01";
  record.hours = 4;
  record.evidence_id = own;
  record.signed_record = true;
  const auto made = CL_ASSERT_OK(add_duty_record(*db, actor, record)).value();
  EXPECT_EQ(last_audit().entity, "program_duty_records");
  auto bad = record;
  bad.evidence_id = foreign;
  EXPECT_EQ(add_duty_record(*db, actor, bad).error().where.field, "evidence_id");
  bad = record;
  bad.kind = "lunch";
  EXPECT_EQ(add_duty_record(*db, actor, bad).error().where.field, "kind");
  bad = record;
  bad.hours = -1;
  EXPECT_EQ(add_duty_record(*db, actor, bad).error().where.field, "hours");
  const auto listed = list_duty_records(*db, a).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, made.id);
  EXPECT_TRUE(listed[0].signed_record);
  EXPECT_EQ(listed[0].hours, 4);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ProgramStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
