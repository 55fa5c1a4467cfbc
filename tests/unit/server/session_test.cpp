// Login, sessions, CSRF and API tokens over the in-memory directory with a hand-moved clock.
// Policy in these tests: idle 30 min, absolute 12 h (SessionPolicy's defaults), lock-out after
// 5 failures (ThrottleLimits' default).
#include "server/auth/session.hpp"

#include <gtest/gtest.h>

#include "server/auth/memory_directory.hpp"
#include "server/auth/token.hpp"

namespace cl::server::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

struct Fixture {
  TimePoint now = TimePoint{} + std::chrono::hours(24 * 365 * 50);
  MemoryDirectory directory;
  LoginThrottle throttle{ThrottleLimits{}, [this] { return now; }};
  PasswordHasher hasher{2};
  Authenticator authenticator{
      {&directory, &directory, &directory}, throttle, hasher, SessionPolicy{}, [this] {
        return now;
      }};
  std::string user_id;

  Fixture() {
    user_id = directory.add_user("lin@factory.test", "林怡君", *hash_password("a long passphrase"),
                                 {"", "org-a", Role::factory, {}});
  }
  LoginResult login() {
    auto result = authenticator.login(" Lin@Factory.test ", "a long passphrase", "10.0.0.1", "t");
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    return *result;
  }
};

TEST(ServerSessionTest, LoginStoresOnlyHashes) {
  Fixture fixture;
  const auto login = fixture.login();
  EXPECT_EQ(login.user.id, fixture.user_id);
  EXPECT_TRUE(login.user.password_hash.empty()) << "the hash does not leave the login";
  EXPECT_EQ(login.principal.org_id, "org-a");
  const auto sessions = fixture.directory.sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].id_hash, hash_secret(login.session));
  EXPECT_EQ(sessions[0].csrf_hash, hash_secret(login.csrf));
  EXPECT_NE(sessions[0].id_hash, login.session);
  EXPECT_EQ(sessions[0].expires, fixture.now + std::chrono::hours(12));
}

TEST(ServerSessionTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  Fixture fixture;
  auto wrong =
      fixture.authenticator.login("lin@factory.test", "a wrong passphrase", "10.0.0.1", "");
  auto unknown =
      fixture.authenticator.login("nobody@factory.test", "a long passphrase", "10.0.0.1", "");
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::auth_invalid_credentials);
  EXPECT_EQ(unknown.error().code, ErrorCode::auth_invalid_credentials);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST(ServerSessionTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  Fixture fixture;
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto failed = fixture.authenticator.login("lin@factory.test", "wrong", "10.0.0.1", "");
    ASSERT_EQ(failed.error().code, ErrorCode::auth_invalid_credentials) << attempt;
  }
  seconds retry{0};
  auto locked =
      fixture.authenticator.login("lin@factory.test", "a long passphrase", "10.0.0.2", "", &retry);
  ASSERT_FALSE(locked.has_value()) << "even the right password waits";
  EXPECT_EQ(locked.error().code, ErrorCode::auth_rate_limited);
  EXPECT_EQ(retry, seconds{15 * 60});
  fixture.now += minutes{15};
  EXPECT_TRUE(fixture.authenticator.login("lin@factory.test", "a long passphrase", "10.0.0.2", "")
                  .has_value());
}

TEST(ServerSessionTest, CookieSessionNeedsCsrfTokenOnUnsafeMethods) {
  Fixture fixture;
  const auto login = fixture.login();
  Credentials read{login.session, "", "", false};
  EXPECT_TRUE(fixture.authenticator.authenticate(read).has_value());
  Credentials write_without{login.session, "", "", true};
  EXPECT_EQ(fixture.authenticator.authenticate(write_without).error().code, ErrorCode::auth_csrf);
  Credentials write_wrong{login.session, "", make_secret(SecretKind::csrf).plain, true};
  EXPECT_EQ(fixture.authenticator.authenticate(write_wrong).error().code, ErrorCode::auth_csrf);
  Credentials write_session_id{login.session, "", login.session, true};
  EXPECT_EQ(fixture.authenticator.authenticate(write_session_id).error().code,
            ErrorCode::auth_csrf);
  Credentials write_right{login.session, "", login.csrf, true};
  const auto caller = fixture.authenticator.authenticate(write_right);
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->user.id, fixture.user_id);
  EXPECT_FALSE(caller->via_token);
}

TEST(ServerSessionTest, SessionsEndWhenIdleOrAtTheirAbsoluteEnd) {
  Fixture fixture;
  const auto login = fixture.login();
  Credentials read{login.session, "", "", false};
  fixture.now += minutes{29};
  ASSERT_TRUE(fixture.authenticator.authenticate(read).has_value()) << "29 min idle";
  // Keep it busy every 29 minutes up to just under 12 h: still valid.
  for (int step = 0; step < 23; ++step) {
    fixture.now += minutes{29};
    ASSERT_TRUE(fixture.authenticator.authenticate(read).has_value()) << step;
  }
  fixture.now += minutes{29};  // 25 × 29 min = 12 h 5 min after login
  EXPECT_EQ(fixture.authenticator.authenticate(read).error().code, ErrorCode::auth_required);
  EXPECT_TRUE(fixture.directory.sessions().empty()) << "an ended session is removed";

  const auto second = fixture.login();
  fixture.now += minutes{30};
  Credentials idle{second.session, "", "", false};
  EXPECT_EQ(fixture.authenticator.authenticate(idle).error().code, ErrorCode::auth_required);
}

TEST(ServerSessionTest, LogoutEndsTheSession) {
  Fixture fixture;
  const auto login = fixture.login();
  ASSERT_TRUE(fixture.authenticator.logout(login.session).has_value());
  Credentials read{login.session, "", "", false};
  EXPECT_EQ(fixture.authenticator.authenticate(read).error().code, ErrorCode::auth_required);
}

TEST(ServerSessionTest, ForgedOrMissingCredentialsAreRequired) {
  Fixture fixture;
  EXPECT_EQ(fixture.authenticator.authenticate({}).error().code, ErrorCode::auth_required);
  Credentials forged{make_secret(SecretKind::session).plain, "", "", false};
  EXPECT_EQ(fixture.authenticator.authenticate(forged).error().code, ErrorCode::auth_required);
  Credentials junk{"' OR '1'='1", "", "", false};
  EXPECT_EQ(fixture.authenticator.authenticate(junk).error().code, ErrorCode::auth_required);
}

TEST(ServerSessionTest, ApiTokensAuthenticateWithoutCsrfAndExpire) {
  Fixture fixture;
  auto token = fixture.authenticator.issue_token(fixture.user_id, "nightly import", seconds{3600});
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(fixture.directory.tokens().at(0).hash, hash_secret(*token));
  Credentials bearer{"", *token, "", true};
  const auto caller = fixture.authenticator.authenticate(bearer);
  ASSERT_TRUE(caller.has_value());
  EXPECT_TRUE(caller->via_token);
  fixture.now += seconds{3600};
  EXPECT_EQ(fixture.authenticator.authenticate(bearer).error().code, ErrorCode::auth_required);

  auto revoked = fixture.authenticator.issue_token(fixture.user_id, "old", std::nullopt);
  ASSERT_TRUE(fixture.directory.revoke_token(hash_secret(*revoked)).has_value());
  Credentials revoked_bearer{"", *revoked, "", false};
  EXPECT_EQ(fixture.authenticator.authenticate(revoked_bearer).error().code,
            ErrorCode::auth_required);
}

TEST(ServerSessionTest, CookiesCarryTheirAttributes) {
  Fixture fixture;
  const auto login = fixture.login();
  const auto session = fixture.authenticator.session_cookie(login);
  EXPECT_EQ(session,
            "cl_session=" + login.session + "; Path=/; Max-Age=43200; SameSite=Strict; HttpOnly");
  EXPECT_EQ(fixture.authenticator.csrf_cookie(login),
            "cl_csrf=" + login.csrf + "; Path=/; Max-Age=43200; SameSite=Strict");
  EXPECT_EQ(fixture.authenticator.clear_cookie(kSessionCookie),
            "cl_session=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly");
  SessionPolicy secure;
  secure.secure_cookies = true;
  Authenticator https({&fixture.directory, &fixture.directory, &fixture.directory},
                      fixture.throttle, fixture.hasher, secure);
  EXPECT_TRUE(https.session_cookie(login).ends_with("; HttpOnly; Secure"));
}

TEST(ServerSessionTest, CookieValueFindsTheNamedCookie) {
  EXPECT_EQ(cookie_value("a=1; cl_session=cls_x; b=2", "cl_session"), "cls_x");
  EXPECT_EQ(cookie_value("cl_session_old=1;cl_session=2", "cl_session"), "2");
  EXPECT_EQ(cookie_value("a=1", "cl_session"), "");
  EXPECT_EQ(cookie_value("", "cl_session"), "");
}

}  // namespace
}  // namespace cl::server::auth
