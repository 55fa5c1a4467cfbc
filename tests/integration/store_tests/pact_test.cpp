// PACT in the store on SQLite and PostgreSQL: a published footprint is kept as published and
// audited; a second one naming it in precedingPfIds deprecates it in the same transaction
// (status, statusComment, updated, version + 1); a duplicate id, another organization's or an
// already deprecated predecessor is refused and nothing is stored; API clients (no secret hash
// answered), tokens with their client and expiry, and events in order.
#include "store/pact.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

using nlohmann::json;

class PactStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* name : {"Factory A", "Factory B"}) {
      Organization org;
      org.name = name;
      orgs.push_back(create_organization(*db, actor, org).value().id);
    }
  }

  static json document(const std::string& id, int version = 0) {
    json out = {{"id", id}, {"status", "Active"}, {"productIds", {"urn:gtin:1"}}};
    if (version > 0) out["version"] = version;
    return out;
  }

  std::int64_t count(const std::string& table) {
    return db->query("SELECT COUNT(*) FROM " + table)[0].integer(0);
  }

  std::vector<std::int64_t> orgs;
};

constexpr const char* kFirst = "6a1e3c2d-4b5f-4a6e-9d7c-8b9a0f1e2d3c";
constexpr const char* kSecond = "0c5b7f0e-2d3a-4e1b-9f8c-7a6b5c4d3e2f";

TEST_P(PactStoreTest, PublishedAsPublishedAndAudited) {
  const auto before = audit_count();
  const auto published =
      CL_ASSERT_OK(publish_pact_footprint(*db, actor, orgs[0], document(kFirst)));
  ASSERT_TRUE(published);
  EXPECT_EQ(published->pf_id, kFirst);
  EXPECT_EQ(published->status, "Active");
  EXPECT_EQ(audit_count(), before + 1);
  EXPECT_EQ(last_audit().entity, "pact_footprints");
  const auto read = CL_ASSERT_OK(get_pact_footprint(*db, kFirst));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->document, document(kFirst));
  EXPECT_EQ(read->organization_id, orgs[0]);
  EXPECT_EQ(list_pact_footprints(*db, orgs[0]).value().size(), 1u);
  EXPECT_TRUE(list_pact_footprints(*db, orgs[1]).value().empty());
  const auto missing = get_pact_footprint(*db, kSecond);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::store_not_found);
}

TEST_P(PactStoreTest, APrecedingFootprintIsDeprecated) {
  ASSERT_TRUE(publish_pact_footprint(*db, actor, orgs[0], document(kFirst, 1)));
  auto second = document(kSecond);
  second["precedingPfIds"] = {kFirst};
  const auto before = audit_count();
  ASSERT_TRUE(CL_ASSERT_OK(publish_pact_footprint(*db, actor, orgs[0], second)));
  EXPECT_EQ(audit_count(), before + 2);  // the deprecation and the new footprint
  const auto first = get_pact_footprint(*db, kFirst).value();
  EXPECT_EQ(first.status, "Deprecated");
  EXPECT_EQ(first.document["status"], "Deprecated");
  EXPECT_EQ(first.document["version"], 2);
  EXPECT_EQ(first.document["statusComment"], std::string("replaced by ") + kSecond);
  EXPECT_EQ(first.document["updated"], get_pact_footprint(*db, kSecond).value().created_at);
  EXPECT_EQ(get_pact_footprint(*db, kSecond).value().preceding_pf_ids,
            std::vector<std::string>{kFirst});
}

TEST_P(PactStoreTest, RefusalsStoreNothing) {
  ASSERT_TRUE(publish_pact_footprint(*db, actor, orgs[0], document(kFirst)));
  const auto duplicate = publish_pact_footprint(*db, actor, orgs[0], document(kFirst));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::store_conflict);
  EXPECT_EQ(duplicate.error().where.field, "id");
  // Another organization may not deprecate A's footprint.
  auto foreign = document(kSecond);
  foreign["precedingPfIds"] = {kFirst};
  const auto refused = publish_pact_footprint(*db, actor, orgs[1], foreign);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::store_invalid);
  EXPECT_EQ(refused.error().where.field, "precedingPfIds[0]");
  EXPECT_EQ(count("pact_footprints"), 1);
  EXPECT_EQ(get_pact_footprint(*db, kFirst).value().status, "Active");
  // Deprecated once, not twice.
  ASSERT_TRUE(publish_pact_footprint(*db, actor, orgs[0], foreign));
  auto third = document("7d2f4c1a-8b3e-4f5a-9c6d-1e2f3a4b5c6d");
  third["precedingPfIds"] = {kFirst};
  const auto again = publish_pact_footprint(*db, actor, orgs[0], third);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already Deprecated"), std::string::npos);
  EXPECT_EQ(count("pact_footprints"), 2);
}

TEST_P(PactStoreTest, ClientsTokensAndEvents) {
  PactClient client;
  client.client_id = "pact-0123456789abcdef";
  client.secret_hash = "$argon2id$placeholder";
  client.organization_id = orgs[0];
  client.name = "Customer A";
  const auto created = CL_ASSERT_OK(create_pact_client(*db, actor, client));
  ASSERT_TRUE(created);
  EXPECT_FALSE(to_json(*created).contains("secret_hash"));
  EXPECT_EQ(last_audit().entity, "pact_clients");
  EXPECT_EQ(last_audit().after_json->find("argon2"), std::string::npos);
  client.name = "";
  EXPECT_EQ(create_pact_client(*db, actor, client).error().code, ErrorCode::store_invalid);
  client.name = "Customer B";
  EXPECT_EQ(create_pact_client(*db, actor, client).error().code, ErrorCode::store_conflict);
  EXPECT_EQ(find_pact_client(*db, "pact-0123456789abcdef").value().secret_hash,
            "$argon2id$placeholder");
  EXPECT_EQ(find_pact_client(*db, "pact-x").error().code, ErrorCode::store_not_found);

  ASSERT_TRUE(add_pact_token(*db, created->id, std::string(64, 'a'), "2025-01-01T00:00:00.000Z",
                             "2025-01-01T01:00:00.000Z"));
  const auto owner = find_pact_token(*db, std::string(64, 'a')).value();
  EXPECT_EQ(owner.client.client_id, "pact-0123456789abcdef");
  EXPECT_EQ(owner.expires_at, "2025-01-01T01:00:00.000Z");
  EXPECT_EQ(find_pact_token(*db, std::string(64, 'b')).error().code, ErrorCode::store_not_found);

  PactEvent event{0, orgs[0], created->id, "received", "e1", "t", "//s", json{{"a", 1}}, {}};
  ASSERT_TRUE(record_pact_event(*db, event));
  event.direction = "outgoing";
  event.client.reset();
  ASSERT_TRUE(record_pact_event(*db, event));
  const auto events = list_pact_events(*db, orgs[0]).value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].direction, "received");
  EXPECT_EQ(events[0].client, created->id);
  EXPECT_EQ(events[1].direction, "outgoing");
  EXPECT_FALSE(events[1].client);
  EXPECT_EQ(events[1].body, (json{{"a", 1}}));
  EXPECT_TRUE(list_pact_events(*db, orgs[1]).value().empty());
}

INSTANTIATE_TEST_SUITE_P(Dialects, PactStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
