// The guidance tables of issue 6 on SQLite and PostgreSQL: the six verification stages (VER-1:
// in order, stage 6 only after a frozen version with every finding closed), comments on activity
// records (gone with their record, audited), and site visits (calendar dates, the
// organization's own evidence). Every change writes its audit row; a refused one writes none.
#include "store/guidance.hpp"
#include "store/activity.hpp"
#include "store/evidence.hpp"
#include "store/findings.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class GuidanceTest : public StoreTest {
 protected:
  // Factory org with inventory 2024, facility F1, source S01 and one activity record; another
  // factory with an evidence file of its own.
  void SetUp() override {
    StoreTest::SetUp();
    Organization factory;
    factory.name = "Test factory";
    factory_org = create_organization(*db, actor, factory).value().id;
    Organization other;
    other.name = "Other factory";
    other_org = create_organization(*db, actor, other).value().id;
    InventoryRecord inventory;
    inventory.organization_id = factory_org;
    inventory.year = 2024;
    inventory_id = create_inventory(*db, actor, inventory).value().id;
    Facility plant;
    plant.organization_id = factory_org;
    plant.code = "F1";
    plant.name = "Plant";
    const auto facility_id = create_facility(*db, actor, plant).value().id;
    SourceRecord source{0,
                        inventory_id,
                        facility_id,
                        "S01",
                        "Generator",
                        "stationary_combustion",
                        "tw.moenv2024.stationary.diesel",
                        {{"type", "stationary_combustion"}}};
    source_id = create_source(*db, actor, source).value().id;
    ActivityRow row;
    row.source_id = source_id;
    row.period = "2024-03";
    row.amount = 180;
    row.unit = "L";
    activity_id = add_activities(*db, actor, {row}).value().at(0).id;
    own_evidence = store_evidence(*db, actor, factory_org, "bill.txt", "a bill\n").value().id;
    other_evidence = store_evidence(*db, actor, other_org, "theirs.txt", "not yours\n").value().id;
  }

  StageChange status(const std::string& value) {
    StageChange change;
    change.status = value;
    return change;
  }

  /// The error of a call that must fail, with no audit row written.
  template <class T>
  Error refused(const Result<T>& result, std::int64_t audit_before) {
    EXPECT_FALSE(result);
    EXPECT_EQ(audit_count(), audit_before) << "a refused change wrote an audit row";
    return result ? Error{ErrorCode::internal, "it was not refused", {}, {}} : result.error();
  }

  /// Stages 1 … `last` done.
  void done_up_to(int last) {
    for (int stage = 1; stage <= last; ++stage) {
      ASSERT_TRUE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, stage, status("done"))));
    }
  }

  std::int64_t factory_org = 0, other_org = 0, inventory_id = 0, source_id = 0, activity_id = 0,
               own_evidence = 0, other_evidence = 0;
};

TEST_P(GuidanceTest, UnwrittenStagesArePending) {
  const auto stages = CL_ASSERT_OK(list_stages(*db, inventory_id)).value();
  ASSERT_EQ(stages.size(), 6u);
  const char* keys[] = {"kickoff", "boundary",       "data",
                        "report",  "internal_audit", "external_verification"};
  for (std::size_t idx = 0; idx < stages.size(); ++idx) {
    EXPECT_EQ(stages[idx].stage, static_cast<int>(idx + 1));
    EXPECT_EQ(to_json(stages[idx]).at("key"), keys[idx]);
    EXPECT_EQ(stages[idx].status, "pending");
    EXPECT_EQ(stages[idx].note, "");
    EXPECT_FALSE(stages[idx].evidence_id);
    EXPECT_EQ(stages[idx].updated_by, "");
    EXPECT_EQ(stages[idx].updated_at, "");
  }
  EXPECT_EQ(to_json(stages[0]).at("evidence_id"), nullptr);
  const auto missing = list_stages(*db, 999999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::store_not_found);
}

TEST_P(GuidanceTest, AStageChangeIsAuditedAndReadBack) {
  StageChange change = status("in_progress");
  change.note = "kickoff meeting on 2024-05-02";
  change.evidence_id = std::optional<std::int64_t>(own_evidence);
  const auto first = CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 1, change)).value();
  EXPECT_EQ(first.status, "in_progress");
  EXPECT_EQ(first.updated_by, "test");
  EXPECT_FALSE(first.updated_at.empty());
  auto audit = last_audit();
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.entity, "inventory_stages");
  EXPECT_EQ(audit.entity_id, std::to_string(inventory_id) + "/1");
  EXPECT_FALSE(audit.before_json);
  ASSERT_TRUE(audit.after_json);
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json).at("evidence_id"), own_evidence);

  // Only the note changes; the status and evidence stay.
  StageChange note;
  note.note = "minutes signed";
  const auto second = CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 1, note)).value();
  EXPECT_EQ(second.status, "in_progress");
  EXPECT_EQ(second.evidence_id, own_evidence);
  audit = last_audit();
  EXPECT_EQ(audit.action, "update");
  ASSERT_TRUE(audit.before_json);
  EXPECT_EQ(nlohmann::json::parse(*audit.before_json).at("note"), "kickoff meeting on 2024-05-02");

  // null clears the evidence.
  StageChange clear;
  clear.evidence_id = std::optional<std::int64_t>();
  EXPECT_FALSE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 1, clear)).value().evidence_id);
  const auto stages = list_stages(*db, inventory_id).value();
  EXPECT_EQ(stages[0].note, "minutes signed");
  EXPECT_FALSE(stages[0].evidence_id);
  EXPECT_EQ(stages[1].status, "pending");

  // The same values again: nothing changes, no audit row.
  const auto before = audit_count();
  EXPECT_TRUE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 1, note)));
  EXPECT_TRUE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 2, status("pending"))));
  EXPECT_EQ(audit_count(), before);
}

TEST_P(GuidanceTest, BadStageChangesAreRefused) {
  const auto before = audit_count();
  auto error = refused(update_stage(*db, actor, inventory_id, 1, status("finished")), before);
  EXPECT_EQ(error.code, ErrorCode::store_invalid);
  EXPECT_EQ(error.where.field, "status");
  StageChange theirs;
  theirs.evidence_id = std::optional<std::int64_t>(other_evidence);
  error = refused(update_stage(*db, actor, inventory_id, 1, theirs), before);
  EXPECT_EQ(error.code, ErrorCode::store_invalid);
  EXPECT_EQ(error.where.field, "evidence_id");
  EXPECT_EQ(refused(update_stage(*db, actor, inventory_id, 7, status("done")), before).code,
            ErrorCode::store_not_found);
  EXPECT_EQ(refused(update_stage(*db, actor, inventory_id, 0, status("done")), before).code,
            ErrorCode::store_not_found);
  EXPECT_EQ(refused(update_stage(*db, actor, 999999, 1, status("done")), before).code,
            ErrorCode::store_not_found);
}

TEST_P(GuidanceTest, AStageIsDoneOnlyAfterTheEarlierOnes) {
  ASSERT_TRUE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 1, status("done"))));
  ASSERT_TRUE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 2, status("in_progress"))));
  const auto before = audit_count();
  const auto error = refused(update_stage(*db, actor, inventory_id, 4, status("done")), before);
  EXPECT_EQ(error.code, ErrorCode::store_invalid);
  EXPECT_EQ(error.where.field, "status");
  EXPECT_EQ(error.message,
            "stage 4 (report) is done only after stage 2 (boundary), which is in_progress");
  // In progress out of order is fine.
  EXPECT_TRUE(CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 4, status("in_progress"))));
}

TEST_P(GuidanceTest, ExternalVerificationNeedsAVersionAndEveryFindingClosed) {
  done_up_to(5);
  auto before = audit_count();
  auto error = refused(update_stage(*db, actor, inventory_id, 6, status("done")), before);
  EXPECT_EQ(error.code, ErrorCode::store_invalid);
  EXPECT_NE(error.message.find("has none"), std::string::npos) << error.message;

  const auto version =
      freeze_version(*db, actor, inventory_id, {{"sources", nlohmann::json::array()}},
                     {{"total_co2e_kg", 0.0}})
          .value();
  Organization verifier;
  verifier.kind = "verifier";
  verifier.name = "Verifier";
  const auto verifier_org = create_organization(*db, actor, verifier).value().id;
  std::vector<std::int64_t> findings;
  for (const char* text : {"show the bill", "explain the boundary"}) {
    Finding finding;
    finding.version_id = version.id;
    finding.author_org_id = verifier_org;
    finding.severity = "observation";
    finding.text = text;
    findings.push_back(create_finding(*db, actor, finding).value().id);
  }
  before = audit_count();
  error = refused(update_stage(*db, actor, inventory_id, 6, status("done")), before);
  EXPECT_EQ(error.message,
            "2 findings on the inventory's versions are not closed; external verification is "
            "done when the verifier has closed every finding");
  ASSERT_TRUE(set_finding_status(*db, actor, findings[0], "closed"));
  before = audit_count();
  error = refused(update_stage(*db, actor, inventory_id, 6, status("done")), before);
  EXPECT_EQ(error.message.substr(0, 47), "1 finding on the inventory's versions is not cl");
  ASSERT_TRUE(set_finding_status(*db, actor, findings[1], "closed"));
  const auto done = CL_ASSERT_OK(update_stage(*db, actor, inventory_id, 6, status("done")));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, "done");
}

TEST_P(GuidanceTest, CommentsOnARecord) {
  ActivityComment comment;
  comment.activity_id = activity_id;
  comment.organization_id = other_org;
  comment.text = "請附上 3 月柴油發票";
  const auto added = CL_ASSERT_OK(add_comment(*db, actor, comment)).value();
  EXPECT_GT(added.id, 0);
  EXPECT_EQ(added.created_by, "test");
  const auto audit = last_audit();
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.entity, "activity_comments");
  EXPECT_EQ(audit.entity_id, std::to_string(added.id));
  comment.text = "thanks, attached";
  CL_ASSERT_OK(add_comment(*db, actor, comment));
  const auto comments = list_comments(*db, activity_id).value();
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0].text, "請附上 3 月柴油發票");
  EXPECT_EQ(comments[0].organization_id, other_org);
  EXPECT_EQ(comments[1].text, "thanks, attached");
}

TEST_P(GuidanceTest, CommentTextIsCheckedByCharacters) {
  ActivityComment comment;
  comment.activity_id = activity_id;
  comment.organization_id = factory_org;
  // 2,000 Chinese characters are 6,000 bytes of UTF-8 and still allowed; one more is not.
  std::string text;
  for (int idx = 0; idx < 2000; ++idx) text += "碳";
  comment.text = text;
  EXPECT_TRUE(CL_ASSERT_OK(add_comment(*db, actor, comment)));
  const auto before = audit_count();
  comment.text = text + "x";
  auto error = refused(add_comment(*db, actor, comment), before);
  EXPECT_EQ(error.code, ErrorCode::store_invalid);
  EXPECT_EQ(error.where.field, "text");
  EXPECT_NE(error.message.find("got 2001"), std::string::npos) << error.message;
  comment.text = "";
  EXPECT_EQ(refused(add_comment(*db, actor, comment), before).where.field, "text");
  comment.text = "on nothing";
  comment.activity_id = 999999;
  EXPECT_EQ(refused(add_comment(*db, actor, comment), before).code, ErrorCode::store_not_found);
}

TEST_P(GuidanceTest, DeletingARecordDeletesItsCommentsAudited) {
  ActivityComment comment;
  comment.activity_id = activity_id;
  comment.organization_id = factory_org;
  comment.text = "check the unit";
  const auto added = add_comment(*db, actor, comment).value();
  const auto before = audit_count();
  ASSERT_TRUE(CL_ASSERT_OK(delete_activity(*db, actor, activity_id)));
  // One row for the comment, one for the record.
  EXPECT_EQ(audit_count(), before + 2);
  const auto comment_rows = db->query(
      "SELECT entity_id FROM audit_log WHERE entity = 'activity_comments' AND action = 'delete'");
  ASSERT_EQ(comment_rows.size(), 1u);
  EXPECT_EQ(comment_rows[0].text(0), std::to_string(added.id));
  EXPECT_TRUE(list_comments(*db, activity_id).value().empty());
}

TEST_P(GuidanceTest, SiteVisitsByDate) {
  SiteVisit visit;
  visit.organization_id = factory_org;
  visit.date = "2024-06-12";
  visit.visitor = "王顧問";
  visit.purpose = "utilities survey: air compressors";
  visit.evidence_id = own_evidence;
  const auto later = CL_ASSERT_OK(add_site_visit(*db, actor, visit)).value();
  EXPECT_EQ(last_audit().entity, "site_visits");
  EXPECT_EQ(to_json(later).at("date"), "2024-06-12");
  visit.date = "2024-02-29";  // a leap day
  visit.evidence_id.reset();
  visit.notes = "boundary walk";
  const auto earlier = CL_ASSERT_OK(add_site_visit(*db, actor, visit)).value();
  const auto visits = list_site_visits(*db, factory_org).value();
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(visits[0].id, earlier.id);
  EXPECT_EQ(visits[0].notes, "boundary walk");
  EXPECT_FALSE(visits[0].evidence_id);
  EXPECT_EQ(visits[1].id, later.id);
  EXPECT_EQ(visits[1].evidence_id, own_evidence);
  EXPECT_TRUE(list_site_visits(*db, other_org).value().empty());
}

TEST_P(GuidanceTest, BadSiteVisitsAreRefused) {
  SiteVisit visit;
  visit.organization_id = factory_org;
  visit.date = "2024-06-12";
  visit.visitor = "Consultant";
  visit.purpose = "survey";
  const auto before = audit_count();
  for (const char* date :
       {"2023-02-29", "2024-13-01", "2024-6-12", "12/06/2024", "", "2024-06-1x"}) {
    SiteVisit bad = visit;
    bad.date = date;
    const auto error = refused(add_site_visit(*db, actor, bad), before);
    EXPECT_EQ(error.code, ErrorCode::store_invalid) << date;
    EXPECT_EQ(error.where.field, "date") << date;
  }
  SiteVisit no_visitor = visit;
  no_visitor.visitor = "";
  EXPECT_EQ(refused(add_site_visit(*db, actor, no_visitor), before).where.field, "visitor");
  SiteVisit no_purpose = visit;
  no_purpose.purpose = "";
  EXPECT_EQ(refused(add_site_visit(*db, actor, no_purpose), before).where.field, "purpose");
  SiteVisit theirs = visit;
  theirs.evidence_id = other_evidence;
  EXPECT_EQ(refused(add_site_visit(*db, actor, theirs), before).where.field, "evidence_id");
}

TEST(CalendarDate, OnlyRealDays) {
  EXPECT_TRUE(is_calendar_date("2024-02-29"));
  EXPECT_TRUE(is_calendar_date("2023-12-31"));
  EXPECT_FALSE(is_calendar_date("2023-02-29"));
  EXPECT_FALSE(is_calendar_date("2024-04-31"));
  EXPECT_FALSE(is_calendar_date("2024-00-10"));
  EXPECT_FALSE(is_calendar_date("1899-12-31"));
  EXPECT_FALSE(is_calendar_date("2024-01-01T00"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, GuidanceTest, dialects());

}  // namespace
}  // namespace cl::store::testing
