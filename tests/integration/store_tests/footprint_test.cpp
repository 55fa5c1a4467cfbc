// Footprint studies and supply requests on SQLite and PostgreSQL: a study's code and product are
// read from its document and the code is unique per organization; a supply request goes invited →
// in_progress (joined with its code) → submitted (shared) → accepted or needs_correction, and
// every refused transition (joining twice, sharing twice, accepting what was not shared) leaves
// the row and the audit log as they were; the code never enters the audit log.
#include "store/footprint.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class FootprintStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const auto& [kind, name] :
         {std::pair{"factory", "Central factory"}, std::pair{"supplier", "Wire rod supplier"},
          std::pair{"supplier", "Plating supplier"}}) {
      Organization organization;
      organization.kind = kind;
      organization.name = name;
      orgs.push_back(create_organization(*db, actor, organization).value().id);
    }
    study = create_study(*db, actor, study_of(orgs[0], "CFP-M8-2024")).value().id;
  }

  static FootprintStudyRecord study_of(std::int64_t org, const std::string& code) {
    FootprintStudyRecord out;
    out.organization_id = org;
    out.document = {{"format", "footprint-study/1"},
                    {"id", code},
                    {"product", {{"key", "m8"}, {"name", "M8 bolt"}}}};
    out.pact_id = "3f1c9a52-7b0e-4d8a-9c61-2a5e8b7d4f10";
    return out;
  }

  SupplyRequest invitation(const std::string& key, const std::string& code) const {
    SupplyRequest out;
    out.study_id = study;
    out.supplier_key = key;
    out.supplier_name = "Lian Steel";
    out.part = "wire rod";
    out.contact = "sales@lian.test";
    out.invite_code = code;
    return out;
  }

  std::vector<std::int64_t> orgs;
  std::int64_t study = 0;
};

TEST_P(FootprintStoreTest, StudiesAreStoredListedUpdatedAndDeleted) {
  const auto stored = CL_ASSERT_OK(get_study(*db, study)).value();
  EXPECT_EQ(stored.code, "CFP-M8-2024");
  EXPECT_EQ(stored.product_name, "M8 bolt");
  EXPECT_EQ(stored.document.at("product").at("key"), "m8");
  EXPECT_EQ(last_audit().entity, "footprint_studies");

  // The same code in the same organization is a conflict; in another one it is not.
  const auto twin = create_study(*db, actor, study_of(orgs[0], "CFP-M8-2024"));
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().code, ErrorCode::store_conflict);
  ASSERT_TRUE(CL_ASSERT_OK(create_study(*db, actor, study_of(orgs[1], "CFP-M8-2024"))));

  auto document = stored.document;
  document["product"]["name"] = "M8 hex bolt";
  const auto updated = CL_ASSERT_OK(update_study(*db, actor, study, document)).value();
  EXPECT_EQ(updated.product_name, "M8 hex bolt");
  EXPECT_EQ(last_audit().action, "update");
  EXPECT_EQ(list_studies(*db, orgs[0]).value().size(), 1u);

  auto nameless = document;
  nameless.erase("id");
  const auto refused = update_study(*db, actor, study, nameless);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::store_invalid);
  EXPECT_EQ(refused.error().where.field, "document.id");

  const auto other = create_study(*db, actor, study_of(orgs[0], "CFP-2")).value().id;
  ASSERT_TRUE(CL_ASSERT_OK(delete_study(*db, actor, other)));
  EXPECT_EQ(get_study(*db, other).error().code, ErrorCode::store_not_found);
}

TEST_P(FootprintStoreTest, ARequestGoesFromInvitedToAccepted) {
  auto request = CL_ASSERT_OK(create_request(*db, actor, invitation("S1", "inv_a"))).value();
  EXPECT_EQ(request.status, "invited");
  EXPECT_EQ(request.organization_id, orgs[0]);
  // The invitation code is a credential: not in the audit row.
  EXPECT_EQ(last_audit().after_json->find("inv_a"), std::string::npos);

  request = CL_ASSERT_OK(remind_request(*db, actor, request.id)).value();
  EXPECT_EQ(request.reminder_count, 1);
  EXPECT_FALSE(request.reminded_at.empty());

  request = CL_ASSERT_OK(join_request(*db, actor, "inv_a", orgs[1])).value();
  EXPECT_EQ(request.status, "in_progress");
  ASSERT_TRUE(request.supplier_org_id);
  EXPECT_EQ(*request.supplier_org_id, orgs[1]);
  EXPECT_EQ(list_requests_of_supplier(*db, orgs[1]).value().size(), 1u);
  EXPECT_TRUE(list_requests_of_supplier(*db, orgs[2]).value().empty());

  const auto supplier_study = create_study(*db, actor, study_of(orgs[1], "WR-2024")).value().id;
  const nlohmann::json pact = {{"id", "9b2d4e61-1c3f-4a7e-8f20-6d5c3b1a0e99"},
                               {"pcf", {{"declaredUnit", "kilogram"}}}};
  request = CL_ASSERT_OK(share_footprint(*db, actor, request.id, pact, supplier_study)).value();
  EXPECT_EQ(request.status, "submitted");
  EXPECT_EQ(request.footprint, pact);
  ASSERT_TRUE(request.source_study_id);
  EXPECT_EQ(*request.source_study_id, supplier_study);

  request = CL_ASSERT_OK(decide_request(*db, actor, request.id, "accepted", "")).value();
  EXPECT_EQ(request.status, "accepted");
  EXPECT_EQ(last_audit().action, "accept");
  request = CL_ASSERT_OK(decide_request(*db, actor, request.id, "needs_correction", "DQR missing"))
                .value();
  EXPECT_EQ(request.status, "needs_correction");
  EXPECT_EQ(request.note, "DQR missing");
  // After a correction request the supplier shares again.
  request = CL_ASSERT_OK(share_footprint(*db, actor, request.id, pact, supplier_study)).value();
  EXPECT_EQ(request.status, "submitted");

  // A study with requests, or one a footprint was shared from, is kept.
  EXPECT_EQ(delete_study(*db, actor, study).error().code, ErrorCode::store_conflict);
  EXPECT_EQ(delete_study(*db, actor, supplier_study).error().code, ErrorCode::store_conflict);
}

TEST_P(FootprintStoreTest, RefusedTransitionsChangeNothing) {
  auto request = create_request(*db, actor, invitation("S1", "inv_b")).value();
  const auto twin = create_request(*db, actor, invitation("S1", "inv_c"));
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().code, ErrorCode::store_conflict);
  auto nameless = invitation("S2", "inv_d");
  nameless.part = "";
  EXPECT_EQ(create_request(*db, actor, nameless).error().where.field, "part");

  const auto check_refused = [&](const auto& result, ErrorCode code, const std::string& says) {
    const auto before_audit = audit_count();
    ASSERT_FALSE(result) << says;
    EXPECT_EQ(result.error().code, code) << result.error().message;
    EXPECT_NE(result.error().message.find(says), std::string::npos) << result.error().message;
    EXPECT_EQ(audit_count(), before_audit);
  };
  // Not joined yet: no share, no decision.
  check_refused(share_footprint(*db, actor, request.id, {{"id", "x"}}, study),
                ErrorCode::store_conflict, "join it");
  check_refused(decide_request(*db, actor, request.id, "accepted", ""), ErrorCode::store_conflict,
                "only a shared footprint");
  check_refused(join_request(*db, actor, "inv_nope", orgs[1]), ErrorCode::store_not_found,
                "no invitation");
  check_refused(join_request(*db, actor, "inv_b", orgs[0]), ErrorCode::store_conflict,
                "its own study");

  ASSERT_TRUE(join_request(*db, actor, "inv_b", orgs[1]));
  check_refused(join_request(*db, actor, "inv_b", orgs[1]), ErrorCode::store_conflict,
                "has joined this supply request already");
  check_refused(join_request(*db, actor, "inv_b", orgs[2]), ErrorCode::store_conflict,
                "another organization");

  const nlohmann::json first = {{"id", "first"}};
  ASSERT_TRUE(share_footprint(*db, actor, request.id, first, study));
  const auto shared = get_request(*db, request.id).value();
  check_refused(share_footprint(*db, actor, request.id, {{"id", "second"}}, study),
                ErrorCode::store_conflict, "shared already");
  const auto after = get_request(*db, request.id).value();
  EXPECT_EQ(after.footprint, first);
  EXPECT_EQ(after.shared_at, shared.shared_at);
  EXPECT_EQ(after.updated_at, shared.updated_at);

  check_refused(remind_request(*db, actor, request.id), ErrorCode::store_conflict,
                "no reminder is needed");
  check_refused(decide_request(*db, actor, request.id, "needs_correction", ""),
                ErrorCode::store_invalid, "correct");
  check_refused(decide_request(*db, actor, request.id, "rejected", "x"), ErrorCode::store_invalid,
                "accepted");
}

INSTANTIATE_TEST_SUITE_P(Dialects, FootprintStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
