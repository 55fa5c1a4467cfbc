// Findings on a frozen version: a finding names a line the version holds (or none), an answer
// moves it to "answered", the verifier closes and reopens it; every change has its audit row and
// a refused change writes none. Also the verifier's list of versions shared with it.
#include "store/findings.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class FindingTest : public StoreTest {
 protected:
  // A factory with inventory 2024 frozen as version 1 holding source S1 and activity record r1,
  // and a verifier organization. The content is written directly (freeze_version), so the keys
  // are exactly these.
  void SetUp() override {
    StoreTest::SetUp();
    Organization factory;
    factory.name = "Test factory";
    factory_org = create_organization(*db, actor, factory).value().id;
    Organization verifier;
    verifier.kind = "verifier";
    verifier.name = "Test verifier";
    verifier_org = create_organization(*db, actor, verifier).value().id;
    InventoryRecord inventory;
    inventory.organization_id = factory_org;
    inventory.year = 2024;
    inventory_id = create_inventory(*db, actor, inventory).value().id;
    const nlohmann::json content = {
        {"sources", {{{"id", "S1"}, {"name", "Boiler"}}}},
        {"activity", {{{"id", "r1"}, {"source", "S1"}, {"amount", 100}, {"unit", "L"}}}}};
    version_id =
        freeze_version(*db, actor, inventory_id, content, {{"total_co2e_kg", 250.0}}).value().id;
  }
  Finding finding(const std::string& kind, const std::string& key,
                  const std::string& severity = "observation") {
    Finding out;
    out.version_id = version_id;
    out.author_org_id = verifier_org;
    out.record_kind = kind;
    out.record_key = key;
    out.severity = severity;
    out.text = "please show the bill";
    return out;
  }
  /// The error code of a call that must fail, with no audit row written.
  template <class T>
  ErrorCode refused(const Result<T>& result, std::int64_t audit_before) {
    EXPECT_FALSE(result);
    EXPECT_EQ(audit_count(), audit_before) << "a refused change wrote an audit row";
    return result ? ErrorCode::internal : result.error().code;
  }

  std::int64_t factory_org = 0, verifier_org = 0, inventory_id = 0, version_id = 0;
};

TEST_P(FindingTest, ANewFindingNamesALineTheVersionHolds) {
  const auto on_version = CL_ASSERT_OK(create_finding(*db, actor, finding("", "")));
  ASSERT_TRUE(on_version);
  EXPECT_EQ(on_version->status, "open");
  EXPECT_EQ(on_version->created_by, "test");
  EXPECT_EQ(on_version->created_at, on_version->updated_at);
  const auto audit = last_audit();
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.entity, "findings");
  EXPECT_EQ(audit.entity_id, std::to_string(on_version->id));
  EXPECT_FALSE(audit.before_json);
  ASSERT_TRUE(audit.after_json);
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json).at("severity"), "observation");

  const auto on_source = CL_ASSERT_OK(create_finding(*db, actor, finding("source", "S1")));
  const auto on_record =
      CL_ASSERT_OK(create_finding(*db, actor, finding("activity", "r1", "nonconformity")));
  ASSERT_TRUE(on_source && on_record);
  const auto stored = get_finding(*db, on_record->id).value();
  EXPECT_EQ(stored.record_kind, "activity");
  EXPECT_EQ(stored.record_key, "r1");
  EXPECT_EQ(stored.severity, "nonconformity");
  EXPECT_EQ(stored.author_org_id, verifier_org);
  EXPECT_EQ(stored.inventory_id, inventory_id);
  EXPECT_EQ(stored.version, 1);

  const auto all = list_findings(*db, version_id).value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, on_version->id);
  EXPECT_EQ(all[2].id, on_record->id);
  EXPECT_TRUE(list_findings(*db, version_id + 100).value().empty());
}

TEST_P(FindingTest, RefusesWhatTheVersionDoesNotHoldAndBadValues) {
  const auto before = audit_count();
  // r2 and S2 are not in the version; "S1" is a source, not an activity record.
  EXPECT_EQ(refused(create_finding(*db, actor, finding("activity", "r2")), before),
            ErrorCode::store_invalid);
  EXPECT_EQ(refused(create_finding(*db, actor, finding("source", "S2")), before),
            ErrorCode::store_invalid);
  const auto wrong_kind = create_finding(*db, actor, finding("activity", "S1"));
  EXPECT_EQ(refused(wrong_kind, before), ErrorCode::store_invalid);
  EXPECT_NE(wrong_kind.error().message.find("has no activity 'S1'"), std::string::npos)
      << wrong_kind.error().message;
  EXPECT_EQ(refused(create_finding(*db, actor, finding("facility", "F1")), before),
            ErrorCode::store_invalid);
  EXPECT_EQ(refused(create_finding(*db, actor, finding("source", "")), before),
            ErrorCode::store_invalid);
  EXPECT_EQ(refused(create_finding(*db, actor, finding("", "S1")), before),
            ErrorCode::store_invalid);
  EXPECT_EQ(refused(create_finding(*db, actor, finding("", "", "major")), before),
            ErrorCode::store_invalid);
  auto no_text = finding("", "");
  no_text.text.clear();
  EXPECT_EQ(refused(create_finding(*db, actor, no_text), before), ErrorCode::store_invalid);
  auto no_version = finding("", "");
  no_version.version_id = version_id + 100;
  EXPECT_EQ(refused(create_finding(*db, actor, no_version), before), ErrorCode::store_not_found);
  EXPECT_EQ(get_finding(*db, 4711).error().code, ErrorCode::store_not_found);
  EXPECT_TRUE(list_findings(*db, version_id).value().empty());
}

TEST_P(FindingTest, AnswerThenCloseThenReopen) {
  const auto created = create_finding(*db, actor, finding("activity", "r1")).value();
  FindingAnswer answer;
  answer.finding_id = created.id;
  answer.author_org_id = factory_org;
  answer.text = "the bill is attached as evidence 3";
  const auto added = CL_ASSERT_OK(add_answer(*db, {"factory", "reply"}, answer));
  ASSERT_TRUE(added);
  EXPECT_EQ(added->created_by, "factory");
  // Two audit rows in the one transaction: the answer, then the finding's new status.
  const auto rows = list_audit(*db, audit_count() - 2, 2).value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].entity, "finding_answers");
  EXPECT_EQ(rows[1].entity, "findings");
  EXPECT_EQ(nlohmann::json::parse(*rows[1].before_json).at("status"), "open");
  EXPECT_EQ(nlohmann::json::parse(*rows[1].after_json).at("status"), "answered");
  EXPECT_EQ(get_finding(*db, created.id)->status, "answered");
  const auto answers = list_answers(*db, created.id).value();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].text, answer.text);
  EXPECT_EQ(answers[0].author_org_id, factory_org);

  const auto closed = CL_ASSERT_OK(set_finding_status(*db, actor, created.id, "closed"));
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, "closed");
  EXPECT_EQ(last_audit().action, "update");

  auto before = audit_count();
  EXPECT_EQ(refused(add_answer(*db, actor, answer), before), ErrorCode::store_conflict);
  EXPECT_EQ(refused(set_finding_status(*db, actor, created.id, "answered"), before),
            ErrorCode::store_invalid);
  EXPECT_EQ(refused(set_finding_status(*db, actor, 4711, "closed"), before),
            ErrorCode::store_not_found);
  auto empty = answer;
  empty.text.clear();
  EXPECT_EQ(refused(add_answer(*db, actor, empty), before), ErrorCode::store_invalid);
  // Closing a closed finding changes nothing and writes no audit row.
  EXPECT_EQ(set_finding_status(*db, actor, created.id, "closed")->status, "closed");
  EXPECT_EQ(audit_count(), before);

  EXPECT_EQ(set_finding_status(*db, actor, created.id, "open")->status, "open");
  EXPECT_EQ(audit_count(), before + 1);
  ASSERT_TRUE(CL_ASSERT_OK(add_answer(*db, actor, answer)));
  EXPECT_EQ(list_answers(*db, created.id)->size(), 2u);
  EXPECT_TRUE(verify_audit(*db)->intact);
}

TEST_P(FindingTest, SharedVersionsListTheFactoryAndTheVersion) {
  EXPECT_TRUE(list_versions_shared_with(*db, verifier_org).value().empty());
  ASSERT_TRUE(CL_ASSERT_OK(share_version(*db, actor, version_id, verifier_org)));
  const auto shared = list_versions_shared_with(*db, verifier_org).value();
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].version_id, version_id);
  EXPECT_EQ(shared[0].inventory_id, inventory_id);
  EXPECT_EQ(shared[0].version, 1);
  EXPECT_EQ(shared[0].year, 2024);
  EXPECT_EQ(shared[0].organization_id, factory_org);
  EXPECT_EQ(shared[0].organization_name, "Test factory");
  EXPECT_FALSE(shared[0].frozen_at.empty());
  EXPECT_FALSE(shared[0].shared_at.empty());
  EXPECT_TRUE(list_versions_shared_with(*db, factory_org).value().empty());
}

INSTANTIATE_TEST_SUITE_P(Dialects, FindingTest, dialects());

}  // namespace
}  // namespace cl::store::testing
