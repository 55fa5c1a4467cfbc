// The server's account interfaces on the store (src/server/auth/store_directory.hpp), on SQLite
// and PostgreSQL: users by login and id, the principal a user acts as (an administrator
// membership wins; a consultant carries its assignments), sessions whose last request is
// written at most once a minute, API tokens without an end date, and logout, revocation and
// "end all sessions" taking effect at once although the directory caches what it read.
#include "server/auth/store_directory.hpp"

#include <chrono>

#include "store/accounts.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

using server::auth::ApiTokenRecord;
using server::auth::Role;
using server::auth::SessionRecord;
using server::auth::StoreDirectory;
using namespace std::chrono_literals;

class StoreDirectoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    factory_org = make_org("factory", "Factory A");
    consultancy_org = make_org("consultancy", "Consultancy C");
    ASSERT_TRUE(CL_ASSERT_OK(assign_consultant(*db, actor, consultancy_org, factory_org)));
    factory_user = make_user("Staff@Factory.test", "factory", factory_org);
    consultant_user = make_user("advisor@consult.test", "consultant", consultancy_org);
    pool = server::DbPool::open(temp->url(), 2).value();
    directory = std::make_unique<StoreDirectory>(*pool);
  }
  void TearDown() override {
    directory.reset();
    pool.reset();
    StoreTest::TearDown();
  }
  std::int64_t make_org(const std::string& kind, const std::string& name) {
    Organization organization;
    organization.kind = kind;
    organization.name = name;
    return create_organization(*db, actor, organization).value().id;
  }
  std::int64_t make_user(const std::string& email, const std::string& role,
                         std::optional<std::int64_t> org) {
    User user;
    user.email = email;
    user.name = email;
    user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$not-a-real-hash";
    const auto id = create_user(*db, actor, user).value().id;
    if (!role.empty()) add_membership(*db, actor, {0, id, org, role}).value();
    return id;
  }
  /// The stored last_seen_at of the session with this hash.
  std::string stored_last_seen(const std::string& hash) {
    return db->query("SELECT last_seen_at FROM sessions WHERE token_hash = $1", {hash})[0].text(0);
  }

  std::int64_t factory_org = 0;
  std::int64_t consultancy_org = 0;
  std::int64_t factory_user = 0;
  std::int64_t consultant_user = 0;
  std::unique_ptr<server::DbPool> pool;
  std::unique_ptr<StoreDirectory> directory;
};

TEST_P(StoreDirectoryTest, FindsUsersByLoginAndId) {
  const auto by_login = directory->find_by_login("staff@factory.test").value();
  ASSERT_TRUE(by_login.has_value());
  EXPECT_EQ(by_login->id, std::to_string(factory_user));
  EXPECT_EQ(by_login->login, "staff@factory.test");  // stored lower-case
  EXPECT_FALSE(directory->find_by_login("nobody@factory.test").value().has_value());
  EXPECT_EQ(directory->find_by_id(std::to_string(consultant_user)).value()->login,
            "advisor@consult.test");
  EXPECT_FALSE(directory->find_by_id("999999").value().has_value());
  EXPECT_FALSE(directory->find_by_id("not-a-number").value().has_value());
}

TEST_P(StoreDirectoryTest, PrincipalIsTheMembershipWithAssignments) {
  const auto factory = directory->principal_of(std::to_string(factory_user)).value();
  ASSERT_TRUE(factory.has_value());
  EXPECT_EQ(factory->role, Role::factory);
  EXPECT_EQ(factory->org_id, std::to_string(factory_org));
  const auto consultant = directory->principal_of(std::to_string(consultant_user)).value();
  ASSERT_TRUE(consultant.has_value());
  EXPECT_EQ(consultant->role, Role::consultant);
  EXPECT_EQ(consultant->assigned_orgs, std::vector<std::string>{std::to_string(factory_org)});
  // A second, program-wide administrator membership wins over the factory one.
  const auto both = make_user("both@program.test", "factory", factory_org);
  add_membership(*db, actor, {0, both, std::nullopt, "administrator"}).value();
  const auto admin = directory->principal_of(std::to_string(both)).value();
  ASSERT_TRUE(admin.has_value());
  EXPECT_EQ(admin->role, Role::administrator);
  EXPECT_EQ(admin->org_id, "");
  const auto loner = make_user("loner@factory.test", "", std::nullopt);
  EXPECT_FALSE(directory->principal_of(std::to_string(loner)).value().has_value());
}

TEST_P(StoreDirectoryTest, SessionRoundTripAndLazyTouch) {
  const auto now = std::chrono::system_clock::now();
  SessionRecord session;
  session.id_hash = sha256_hex("session secret");
  session.user_id = std::to_string(factory_user);
  session.csrf_hash = sha256_hex("csrf secret");
  session.created = now;
  session.last_seen = now;
  session.expires = now + 12h;
  session.client_ip = "192.0.2.7";
  session.user_agent = "test browser";
  ASSERT_TRUE(CL_ASSERT_OK(directory->insert(session)));
  const auto found = directory->find(session.id_hash).value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, session.user_id);
  EXPECT_EQ(found->csrf_hash, session.csrf_hash);
  EXPECT_EQ(found->client_ip, "192.0.2.7");
  // Times are kept to the millisecond.
  EXPECT_LT(std::chrono::abs(found->expires - session.expires), 1ms);
  const auto written = stored_last_seen(session.id_hash);
  // 30 s later: remembered, not written (the interval is 60 s) …
  ASSERT_TRUE(CL_ASSERT_OK(directory->touch(session.id_hash, now + 30s)));
  EXPECT_EQ(stored_last_seen(session.id_hash), written);
  // … 61 s after the last write it is written.
  ASSERT_TRUE(CL_ASSERT_OK(directory->touch(session.id_hash, now + 61s)));
  EXPECT_EQ(stored_last_seen(session.id_hash), server::auth::to_iso8601(now + 61s));
  // Logging out ends it at once, cache or not.
  ASSERT_TRUE(CL_ASSERT_OK(directory->remove(session.id_hash)));
  EXPECT_FALSE(directory->find(session.id_hash).value().has_value());
}

TEST_P(StoreDirectoryTest, EndingAllSessionsOfAUser) {
  const auto now = std::chrono::system_clock::now();
  for (const char* secret : {"one", "two"}) {
    SessionRecord session;
    session.id_hash = sha256_hex(secret);
    session.user_id = std::to_string(factory_user);
    session.created = session.last_seen = now;
    session.expires = now + 1h;
    ASSERT_TRUE(CL_ASSERT_OK(directory->insert(session)));
    ASSERT_TRUE(directory->find(session.id_hash).value().has_value());  // now cached
  }
  EXPECT_EQ(directory->remove_for_user(std::to_string(factory_user)).value(), 2u);
  EXPECT_FALSE(directory->find(sha256_hex("one")).value().has_value());
  EXPECT_FALSE(directory->find(sha256_hex("two")).value().has_value());
}

TEST_P(StoreDirectoryTest, TokensWithoutEndAndRevokedAtOnce) {
  ApiTokenRecord token;
  token.hash = sha256_hex("clt_secret");
  token.user_id = std::to_string(factory_user);
  token.name = "nightly import";
  token.created = std::chrono::system_clock::now();
  ASSERT_TRUE(CL_ASSERT_OK(directory->insert_token(token)));
  const auto found = directory->find_token(token.hash).value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "nightly import");
  EXPECT_FALSE(found->expires.has_value());
  EXPECT_FALSE(found->is_revoked);
  ASSERT_TRUE(CL_ASSERT_OK(directory->revoke_token(token.hash)));
  EXPECT_FALSE(directory->find_token(token.hash).value().has_value());
  EXPECT_FALSE(directory->find_token(sha256_hex("never issued")).value().has_value());
}

TEST(Iso8601, RoundTripsMilliseconds) {
  // 2024-05-01T08:30:00.123Z is 1714552200 s + 123 ms after the epoch (date -u -d … +%s).
  const auto time = server::auth::from_iso8601("2024-05-01T08:30:00.123Z");
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count(),
            1714552200123);
  EXPECT_EQ(server::auth::to_iso8601(time), "2024-05-01T08:30:00.123Z");
  EXPECT_EQ(server::auth::from_iso8601("yesterday"), server::auth::TimePoint{});
}

INSTANTIATE_TEST_SUITE_P(Dialects, StoreDirectoryTest, dialects());

}  // namespace
}  // namespace cl::store::testing
