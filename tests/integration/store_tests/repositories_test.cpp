// Each repository's create/read/update/delete on both dialects, each mutation with exactly one
// audit row carrying the before/after the test expects; refusals leave no row behind.
#include <chrono>
#include <future>
#include <map>
#include <thread>

#include "store/accounts.hpp"
#include "store/activity.hpp"
#include "store/guidance.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class RepositoryTest : public StoreTest {
 protected:
  Organization make_org(const std::string& kind, const std::string& name) {
    Organization org;
    org.kind = kind;
    org.name = name;
    return CL_ASSERT_OK(create_organization(*db, actor, org)).value_or(Organization{});
  }
};

TEST_P(RepositoryTest, OrganizationsAndFacilities) {
  const auto org = make_org("factory", "永進精密");
  EXPECT_GT(org.id, 0);
  auto audit = last_audit();
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.entity, "organizations");
  EXPECT_EQ(audit.entity_id, std::to_string(org.id));
  EXPECT_FALSE(audit.before_json.has_value());
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json).at("name"), "永進精密");
  EXPECT_EQ(audit.actor, "test");
  EXPECT_EQ(audit.reason, "unit test");

  Organization renamed = org;
  renamed.name = "永進精密螺絲";
  ASSERT_TRUE(CL_ASSERT_OK(update_organization(*db, actor, renamed)));
  audit = last_audit();
  EXPECT_EQ(audit.action, "update");
  EXPECT_EQ(nlohmann::json::parse(*audit.before_json).at("name"), "永進精密");
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json).at("name"), "永進精密螺絲");
  EXPECT_EQ(get_organization(*db, org.id)->name, "永進精密螺絲");

  const auto before = audit_count();
  Organization bad;
  bad.kind = "bank";
  bad.name = "x";
  EXPECT_EQ(create_organization(*db, actor, bad).error().code, ErrorCode::store_invalid);
  EXPECT_EQ(get_organization(*db, 999).error().code, ErrorCode::store_not_found);
  EXPECT_EQ(audit_count(), before);

  Facility plant{0, org.id, "F1", "岡山一廠", {{"address", "高雄市"}}};
  plant = CL_ASSERT_OK(create_facility(*db, actor, plant)).value_or(Facility{});
  EXPECT_EQ(create_facility(*db, actor, {0, org.id, "F1", "dup", {}}).error().code,
            ErrorCode::store_conflict);
  plant.name = "岡山廠";
  ASSERT_TRUE(CL_ASSERT_OK(update_facility(*db, actor, plant)));
  ASSERT_EQ(list_facilities(*db, org.id)->size(), 1u);
  EXPECT_EQ(list_facilities(*db, org.id)->front().details.at("address"), "高雄市");
  ASSERT_TRUE(CL_ASSERT_OK(delete_facility(*db, actor, plant.id)));
  audit = last_audit();
  EXPECT_EQ(audit.action, "delete");
  EXPECT_FALSE(audit.after_json.has_value());
  EXPECT_TRUE(list_facilities(*db, org.id)->empty());
  // org create, org update, facility create, update, delete: 5 rows.
  EXPECT_EQ(audit_count(), 5);
}

TEST_P(RepositoryTest, UsersMembershipsAssignments) {
  const auto factory = make_org("factory", "Factory");
  const auto consultancy = make_org("consultancy", "Consultants");
  User user{0, "Alice@Example.COM", "Alice", "$argon2id$v=19$m=65536,t=2,p=1$fake", false, {}};
  user = CL_ASSERT_OK(create_user(*db, actor, user)).value_or(User{});
  EXPECT_EQ(user.email, "alice@example.com");
  // The audit row never holds the hash.
  EXPECT_EQ(last_audit().after_json->find("argon2id"), std::string::npos);
  EXPECT_EQ(create_user(*db, actor, {0, "ALICE@example.com", "Other", "h", false, {}}).error().code,
            ErrorCode::store_conflict);
  EXPECT_EQ(create_user(*db, actor, {0, "not-an-email", "X", "h", false, {}}).error().code,
            ErrorCode::store_invalid);
  EXPECT_EQ(find_user_by_email(*db, "alice@EXAMPLE.com")->id, user.id);

  ASSERT_TRUE(CL_ASSERT_OK(set_password_hash(*db, actor, user.id, "$argon2id$new")));
  EXPECT_EQ(get_user(*db, user.id)->password_hash, "$argon2id$new");
  EXPECT_EQ(last_audit().after_json->find("argon2id"), std::string::npos);

  ASSERT_TRUE(CL_ASSERT_OK(add_membership(*db, actor, {0, user.id, factory.id, "factory"})));
  ASSERT_TRUE(
      CL_ASSERT_OK(add_membership(*db, actor, {0, user.id, std::nullopt, "administrator"})));
  EXPECT_EQ(add_membership(*db, actor, {0, user.id, std::nullopt, "administrator"}).error().code,
            ErrorCode::store_conflict);
  EXPECT_EQ(add_membership(*db, actor, {0, user.id, std::nullopt, "verifier"}).error().code,
            ErrorCode::store_invalid);
  EXPECT_EQ(add_membership(*db, actor, {0, user.id, factory.id, "owner"}).error().code,
            ErrorCode::store_invalid);
  EXPECT_EQ(list_memberships(*db, user.id)->size(), 2u);
  ASSERT_TRUE(CL_ASSERT_OK(remove_membership(*db, actor, user.id, std::nullopt, "administrator")));
  EXPECT_EQ(list_memberships(*db, user.id)->size(), 1u);

  ASSERT_TRUE(CL_ASSERT_OK(assign_consultant(*db, actor, consultancy.id, factory.id)));
  EXPECT_EQ(assign_consultant(*db, actor, factory.id, consultancy.id).error().code,
            ErrorCode::store_invalid);
  EXPECT_EQ(*list_assigned_factories(*db, consultancy.id), std::vector<std::int64_t>{factory.id});
  ASSERT_TRUE(CL_ASSERT_OK(unassign_consultant(*db, actor, consultancy.id, factory.id)));
  EXPECT_TRUE(list_assigned_factories(*db, consultancy.id)->empty());

  ASSERT_TRUE(CL_ASSERT_OK(set_user_disabled(*db, actor, user.id, true)));
  EXPECT_TRUE(get_user(*db, user.id)->is_disabled);
  // 2 orgs, user, password, 2 memberships, removal, assign, unassign, disable = 10.
  EXPECT_EQ(audit_count(), 10);
}

TEST_P(RepositoryTest, SessionsAndTokensKeepHashesAndExpire) {
  User user = CL_ASSERT_OK(create_user(*db, actor, {0, "bob@example.com", "Bob", "h", false, {}}))
                  .value_or(User{});
  const auto live = CL_ASSERT_OK(create_session(*db, actor, user.id, sha256_hex("secret-1"), "csrf",
                                                "2999-01-01T00:00:00.000Z"));
  ASSERT_TRUE(live);
  ASSERT_TRUE(CL_ASSERT_OK(create_session(*db, actor, user.id, sha256_hex("secret-2"), "csrf",
                                          "2000-01-01T00:00:00.000Z")));
  EXPECT_EQ(find_session(*db, sha256_hex("secret-1"))->id, live->id);
  EXPECT_EQ(find_session(*db, sha256_hex("secret-2")).error().code, ErrorCode::store_not_found);
  EXPECT_EQ(last_audit().after_json->find(sha256_hex("secret-2")), std::string::npos);
  EXPECT_EQ(delete_expired_sessions(*db, actor).value(), 1);
  ASSERT_TRUE(CL_ASSERT_OK(delete_session(*db, actor, live->id)));
  EXPECT_EQ(find_session(*db, sha256_hex("secret-1")).error().code, ErrorCode::store_not_found);

  const auto token = CL_ASSERT_OK(create_api_token(*db, actor, user.id, "importer",
                                                   sha256_hex("tok"), "2999-01-01T00:00:00.000Z"));
  ASSERT_TRUE(token);
  EXPECT_EQ(find_api_token(*db, sha256_hex("tok"))->name, "importer");
  ASSERT_TRUE(CL_ASSERT_OK(set_user_disabled(*db, actor, user.id, true)));
  EXPECT_EQ(find_api_token(*db, sha256_hex("tok")).error().code, ErrorCode::store_not_found);
  ASSERT_TRUE(CL_ASSERT_OK(set_user_disabled(*db, actor, user.id, false)));
  ASSERT_TRUE(CL_ASSERT_OK(revoke_api_token(*db, actor, token->id)));
  EXPECT_EQ(find_api_token(*db, sha256_hex("tok")).error().code, ErrorCode::store_not_found);
  EXPECT_EQ(revoke_api_token(*db, actor, token->id).error().code, ErrorCode::store_not_found);
}

TEST_P(RepositoryTest, InventoriesSourcesActivityFactors) {
  const auto org = make_org("factory", "Factory");
  const auto other = make_org("factory", "Other tenant");
  const auto plant =
      CL_ASSERT_OK(create_facility(*db, actor, {0, org.id, "F1", "Plant", {}})).value();
  const auto foreign =
      CL_ASSERT_OK(create_facility(*db, actor, {0, other.id, "F1", "Theirs", {}})).value();
  InventoryRecord inv;
  inv.organization_id = org.id;
  inv.year = 2024;
  inv = CL_ASSERT_OK(create_inventory(*db, actor, inv)).value();
  EXPECT_EQ(inv.base_year, 2024);
  EXPECT_EQ(create_inventory(*db, actor, inv).error().code, ErrorCode::store_conflict);
  EXPECT_EQ(find_inventory(*db, org.id, 2024)->id, inv.id);

  SourceRecord source{0,
                      inv.id,
                      plant.id,
                      "S01",
                      "Generator",
                      "stationary_combustion",
                      "tw.moenv2024.stationary.diesel",
                      {{"type", "stationary_combustion"}}};
  source = CL_ASSERT_OK(create_source(*db, actor, source)).value();
  SourceRecord cross = source;
  cross.code = "S02";
  cross.facility_id = foreign.id;
  EXPECT_EQ(create_source(*db, actor, cross).error().code, ErrorCode::store_invalid);

  ActivityRow row{0, source.id, "", "2024-03", 180, "L", "bills/03.pdf", std::nullopt, "", ""};
  row = CL_ASSERT_OK(add_activity(*db, actor, row)).value();
  auto bad = row;
  bad.amount = -1;
  EXPECT_EQ(add_activity(*db, actor, bad).error().code, ErrorCode::store_invalid);
  bad = row;
  bad.period = "2024-13";
  EXPECT_EQ(add_activity(*db, actor, bad).error().code, ErrorCode::store_invalid);
  bad = row;
  bad.unit = "furlong";
  EXPECT_EQ(add_activity(*db, actor, bad).error().code, ErrorCode::store_invalid);
  // A batch with one bad row stores nothing.
  const auto count_before = audit_count();
  std::vector<ActivityRow> batch = {row, row, bad};
  EXPECT_FALSE(add_activities(*db, actor, batch));
  EXPECT_EQ(audit_count(), count_before);
  EXPECT_EQ(list_activity(*db, inv.id)->size(), 1u);

  ActivityRow june = row;
  june.period = "2024-06";
  june.amount = 160;
  june = CL_ASSERT_OK(add_activity(*db, actor, june)).value();
  ActivityFilter filter;
  filter.period_from = "2024-04";
  ASSERT_EQ(list_activity(*db, inv.id, filter)->size(), 1u);
  EXPECT_EQ(list_activity(*db, inv.id, filter)->front().amount, 160);
  filter = {};
  filter.facility_id = foreign.id;
  EXPECT_TRUE(list_activity(*db, inv.id, filter)->empty());
  // The API's page (list_activity_page): two records of S01, March and June, ordered by source
  // code then period; the total counts both whatever the page, also past the end (the path
  // without a row to carry the total) and with nothing selected.
  filter = {};
  filter.limit = 1;
  auto page = CL_ASSERT_OK(list_activity_page(*db, inv.id, filter)).value();
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].id, row.id);
  EXPECT_EQ(page.source_codes, std::vector<std::string>{"S01"});
  EXPECT_EQ(page.total, 2);
  filter.offset = 1;
  page = CL_ASSERT_OK(list_activity_page(*db, inv.id, filter)).value();
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].id, june.id);
  EXPECT_EQ(page.total, 2);
  filter.offset = 5;
  page = CL_ASSERT_OK(list_activity_page(*db, inv.id, filter)).value();
  EXPECT_TRUE(page.rows.empty());
  EXPECT_EQ(page.total, 2);
  filter = {};
  filter.facility_id = foreign.id;
  page = CL_ASSERT_OK(list_activity_page(*db, inv.id, filter)).value();
  EXPECT_TRUE(page.rows.empty());
  EXPECT_EQ(page.total, 0);

  june.amount = 170.5;
  ASSERT_TRUE(CL_ASSERT_OK(update_activity(*db, actor, june)));
  auto audit = last_audit();
  EXPECT_EQ(nlohmann::json::parse(*audit.before_json).at("amount"), 160.0);
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json).at("amount"), 170.5);
  EXPECT_EQ(delete_source(*db, actor, source.id).error().code, ErrorCode::store_invalid);
  ASSERT_TRUE(CL_ASSERT_OK(delete_activity(*db, actor, june.id)));
  EXPECT_EQ(get_activity(*db, june.id).error().code, ErrorCode::store_not_found);

  source.name = "Emergency generator";
  ASSERT_TRUE(CL_ASSERT_OK(update_source(*db, actor, source)));
  EXPECT_EQ(get_source(*db, source.id)->name, "Emergency generator");

  FactorRecord factor{0, org.id, "own.steam", {{"id", "own.steam"}, {"per", "t"}}, {}};
  factor = CL_ASSERT_OK(add_factor(*db, actor, factor)).value();
  EXPECT_EQ(add_factor(*db, actor, factor).error().code, ErrorCode::store_conflict);
  EXPECT_EQ(list_factors(*db, org.id)->size(), 1u);
  ASSERT_TRUE(CL_ASSERT_OK(delete_factor(*db, actor, factor.id)));
  EXPECT_TRUE(list_factors(*db, org.id)->empty());

  ASSERT_TRUE(CL_ASSERT_OK(store_result(*db, actor, inv.id, {{"total_co2e_kg", 12.5}})));
  EXPECT_EQ((*get_result(*db, inv.id))->at("total_co2e_kg"), 12.5);
  inv.gwp_set = "AR6";
  ASSERT_TRUE(CL_ASSERT_OK(update_inventory(*db, actor, inv)));
  EXPECT_EQ(get_inventory(*db, inv.id)->gwp_set, "AR6");
  const auto verified = verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact) << verified->problem;
}

// The revision (migration 11) the server's page cache is keyed by: raised by each committed
// insert, update or delete of a record and each update or delete of a source, whoever writes
// (here also plain SQL, as another process would); unchanged by a refused batch, by the
// inventory's own settings and by another inventory's records. SQLite raises it once per row,
// PostgreSQL once per transaction and inventory, so the test asks for "raised", not a count.
TEST_P(RepositoryTest, InventoryRevisionRisesWithEveryChangeToItsRecordsAndSources) {
  const auto org = make_org("factory", "Factory");
  const auto plant =
      CL_ASSERT_OK(create_facility(*db, actor, {0, org.id, "F1", "Plant", {}})).value();
  auto [inv, source] = diesel_inventory(*db, actor, org.id, plant.id, 2024);
  const auto [next, theirs] = diesel_inventory(*db, actor, org.id, plant.id, 2025);
  std::map<std::int64_t, std::int64_t> seen = {{inv.id, 0}, {next.id, 0}};
  // Whether the revision of `id` rose since last asked.
  const auto raised = [&](std::int64_t id) {
    const auto now = get_inventory(*db, id)->revision;
    const bool rose = now > seen[id];
    seen[id] = now;
    return rose;
  };
  EXPECT_EQ(get_inventory(*db, inv.id)->revision, 0);
  EXPECT_FALSE(raised(inv.id));  // a new source has no record to list yet

  ActivityRow row{0, source.id, "", "2024-03", 180, "L", "", std::nullopt, "", ""};
  row = CL_ASSERT_OK(add_activity(*db, actor, row)).value();
  EXPECT_TRUE(raised(inv.id));
  auto bad = row;
  bad.amount = -1;
  std::vector<ActivityRow> batch = {row, row, bad};
  EXPECT_FALSE(add_activities(*db, actor, batch));
  EXPECT_FALSE(raised(inv.id));  // rolled back with the batch
  batch.pop_back();
  ASSERT_TRUE(add_activities(*db, actor, batch));
  EXPECT_TRUE(raised(inv.id));
  row.amount = 181;
  ASSERT_TRUE(CL_ASSERT_OK(update_activity(*db, actor, row)));
  EXPECT_TRUE(raised(inv.id));
  ASSERT_TRUE(CL_ASSERT_OK(delete_activity(*db, actor, row.id)));
  EXPECT_TRUE(raised(inv.id));
  source.code = "S01a";
  ASSERT_TRUE(CL_ASSERT_OK(update_source(*db, actor, source)));
  EXPECT_TRUE(raised(inv.id));
  // Outside the store, after the same transaction touched the inventory row for another reason.
  db->write([&] {
    db->exec("UPDATE inventories SET updated_at = updated_at WHERE id = $1", {inv.id});
    db->exec("UPDATE activity_records SET amount = amount + 1 WHERE source_id = $1", {source.id});
  });
  EXPECT_TRUE(raised(inv.id));
  inv = *get_inventory(*db, inv.id);
  inv.gwp_set = "AR6";
  ASSERT_TRUE(CL_ASSERT_OK(update_inventory(*db, actor, inv)));
  EXPECT_FALSE(raised(inv.id));
  EXPECT_FALSE(raised(next.id));
  ActivityRow later{0, theirs.id, "", "2025-01", 90, "L", "", std::nullopt, "", ""};
  ASSERT_TRUE(add_activity(*db, actor, later));
  EXPECT_TRUE(raised(next.id));
  EXPECT_FALSE(raised(inv.id));
  // A batch of many records in one transaction: raised, and (PostgreSQL) not a row update per
  // record, which made 20,000 records take seconds.
  std::vector<ActivityRow> many(2000, later);
  ASSERT_TRUE(add_activities(*db, actor, many));
  EXPECT_TRUE(raised(next.id));
  EXPECT_EQ(list_activity_page(*db, next.id, {})->total, 2001);
}

// PostgreSQL lock order (migration 11): adding or deleting a record locks its inventory's row
// before the audit log, also when the deleted record has comments with audit rows of their own.
// B adds a record and pauses before its audit row (holding the inventory row); A deletes another
// record of the inventory, which has a comment. A must wait for B, not deadlock with it, and
// both must commit. (SQLite: one writer at a time.)
TEST(PostgresLockOrderTest, AddingAndDeletingRecordsOfOneInventoryDoNotDeadlock) {
  TempDatabase temp("postgresql");
  auto db_a = temp.open_migrated();
  ASSERT_NE(db_a, nullptr);
  auto db_b = temp.open();
  const Actor actor{"test", "lock order"};
  Organization org;
  org.kind = "factory";
  org.name = "Factory";
  org = CL_ASSERT_OK(create_organization(*db_a, actor, org)).value();
  const auto plant =
      CL_ASSERT_OK(create_facility(*db_a, actor, {0, org.id, "F1", "Plant", {}})).value();
  const auto [inv, source] = diesel_inventory(*db_a, actor, org.id, plant.id, 2024);
  ActivityRow row{0, source.id, "", "2024-03", 180, "L", "", std::nullopt, "", ""};
  const auto doomed = CL_ASSERT_OK(add_activity(*db_a, actor, row)).value();
  ActivityComment comment{0, doomed.id, org.id, "Check the March bill", "test", ""};
  ASSERT_TRUE(add_comment(*db_a, actor, comment));

  std::promise<void> inserted;
  std::string failure_b;
  std::thread writer_b([&] {
    try {
      db_b->write([&] {
        db_b->exec(
            "INSERT INTO activity_records (source_id, period, amount, unit, created_at) "
            "VALUES ($1, '2024-04', 1, 'L', 'now')",
            {source.id});
        inserted.set_value();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        append_audit(*db_b, actor, "create", "activity_records", "b", nullptr, {{"by", "b"}});
      });
    } catch (const StoreError& error) {
      failure_b = error.error.message;
    }
  });
  inserted.get_future().wait();
  const auto deleted = delete_activity(*db_a, actor, doomed.id);
  writer_b.join();
  EXPECT_TRUE(deleted) << deleted.error().to_string();
  EXPECT_EQ(failure_b, "");
  EXPECT_EQ(list_activity_page(*db_a, inv.id, {})->total, 1);
}

INSTANTIATE_TEST_SUITE_P(Dialects, RepositoryTest, dialects());

}  // namespace
}  // namespace cl::store::testing
