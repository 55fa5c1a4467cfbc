// The follow-up records (成效追蹤表, APP-5) on SQLite and PostgreSQL: one record per case and
// year, a second one refused unless replacing (then the same row is rewritten and audited as an
// update); years outside 1..max, negative amounts and dates that are not days refused naming the
// field with no row and no audit written; only approved cases report; reminders counted per year.
#include "store/program_followup.hpp"

#include "store/organizations.hpp"
#include "store/program.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class FollowUpStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Organization factory;
    factory.name = "Factory";
    org = create_organization(*db, actor, factory).value().id;
    ProgramApplication application;
    application.program_id = "2014-cfp-demonstration";
    application.service = "single_factory";
    application.organization_id = org;
    application.applicant = "示範工廠";
    application.document = {{"mode", "single_factory"}};
    application.submitted_at = "2014-02-19T10:00";
    approved = add_application(*db, actor, application).value().id;
    pending = add_application(*db, actor, application).value().id;
    CL_ASSERT_OK(approve_application(*db, actor, approved, "2014-03-20", [](int) {}));
  }

  FollowUpRecord record(int year) const {
    FollowUpRecord out;
    out.application_id = approved;
    out.year = year;
    out.reported_on = "2015-12-01";
    out.emissions_t = 1200.5;
    out.reduction_t = 35.25;
    out.measures = "空壓機汰換";
    out.footprint_updated = true;
    out.footprint_kg = 1.82;
    return out;
  }

  std::int64_t org = 0;
  std::int64_t approved = 0;
  std::int64_t pending = 0;
};

TEST_P(FollowUpStoreTest, OneRecordPerYearReplacedOnlyOnPurpose) {
  const auto first = CL_ASSERT_OK(put_follow_up(*db, actor, record(1), 3, false)).value();
  EXPECT_EQ(last_audit().entity, "program_follow_ups");
  EXPECT_EQ(last_audit().action, "create");
  const auto before = audit_count();
  auto again = record(1);
  again.reduction_t = 40;
  const auto refused = put_follow_up(*db, actor, again, 3, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::store_invalid);
  EXPECT_EQ(refused.error().where.field, "year");
  EXPECT_EQ(audit_count(), before);
  EXPECT_EQ(list_follow_ups(*db, approved).value().at(0).reduction_t, 35.25);

  const auto replaced = CL_ASSERT_OK(put_follow_up(*db, actor, again, 3, true)).value();
  EXPECT_EQ(replaced.id, first.id);
  EXPECT_EQ(last_audit().action, "update");
  const auto listed = list_follow_ups(*db, approved).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].reduction_t, 40);
  EXPECT_EQ(listed[0].emissions_t, 1200.5);
  EXPECT_EQ(listed[0].measures, "空壓機汰換");
  EXPECT_TRUE(listed[0].footprint_updated);
  ASSERT_TRUE(listed[0].footprint_kg);
  EXPECT_EQ(*listed[0].footprint_kg, 1.82);

  CL_ASSERT_OK(put_follow_up(*db, actor, record(3), 3, false));
  const auto both = list_follow_ups(*db, approved).value();
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].year, 3);
}

TEST_P(FollowUpStoreTest, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  const auto before = audit_count();
  const auto field_of = [&](FollowUpRecord bad) {
    const auto result = put_follow_up(*db, actor, bad, 3, false);
    return result ? std::string("accepted") : result.error().where.field;
  };
  EXPECT_EQ(field_of(record(0)), "year");
  EXPECT_EQ(field_of(record(4)), "year");
  auto bad = record(1);
  bad.reduction_t = -1;
  EXPECT_EQ(field_of(bad), "reduction_t");
  bad = record(1);
  bad.emissions_t = -0.5;
  EXPECT_EQ(field_of(bad), "emissions_t");
  bad = record(1);
  bad.footprint_kg = -2;
  EXPECT_EQ(field_of(bad), "footprint_kg");
  bad = record(1);
  bad.reported_on = "2015-02-30";
  EXPECT_EQ(field_of(bad), "reported_on");
  bad = record(1);
  bad.application_id = pending;  // applied, never approved
  EXPECT_EQ(field_of(bad), "application_id");
  EXPECT_EQ(audit_count(), before);
  EXPECT_TRUE(list_follow_ups(*db, approved).value().empty());
}

TEST_P(FollowUpStoreTest, RemindersAreRecordedPerYear) {
  FollowUpReminder reminder;
  reminder.application_id = approved;
  reminder.year = 1;
  reminder.sent_on = "2015-12-15";
  CL_ASSERT_OK(add_follow_up_reminder(*db, actor, reminder));
  EXPECT_EQ(last_audit().entity, "program_follow_up_reminders");
  CL_ASSERT_OK(add_follow_up_reminder(*db, actor, reminder));
  reminder.year = 0;
  EXPECT_EQ(add_follow_up_reminder(*db, actor, reminder).error().where.field, "year");
  const auto listed = list_follow_up_reminders(*db, approved).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].sent_on, "2015-12-15");
  EXPECT_EQ(listed[1].year, 1);
}

INSTANTIATE_TEST_SUITE_P(Dialects, FollowUpStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
