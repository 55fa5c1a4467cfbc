// argon2id password hashing through libsodium: the hash string names argon2id and the
// interactive costs (m=65536 KiB = 64 MiB, t=2 passes: libsodium's documented
// crypto_pwhash_MEMLIMIT_INTERACTIVE and OPSLIMIT_INTERACTIVE), verifies the right password
// only, and salts every hash. The policy bounds come from NIST SP 800-63B §5.1.1.2.
#include "server/auth/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace cl::server::auth {
namespace {

TEST(ServerPasswordTest, HashIsArgon2idWithInteractiveCosts) {
  const auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_FALSE(needs_rehash(*hash));
}

TEST(ServerPasswordTest, VerifiesTheRightPasswordOnly) {
  const auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(verify_password(*hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(*hash, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, ""));
}

TEST(ServerPasswordTest, EachHashHasItsOwnSalt) {
  const auto first = hash_password("same password");
  const auto second = hash_password("same password");
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(verify_password(*second, "same password"));
}

TEST(ServerPasswordTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=65536,t=2,p=1$junk", "x"));
  EXPECT_FALSE(verify_password("plain-text-password", "plain-text-password"));
  EXPECT_TRUE(needs_rehash("not a hash"));
}

TEST(ServerPasswordTest, CheaperHashesVerifyButNeedRehash) {
  // A hash made with libsodium's minimum costs (t=1, m=8 KiB), as an older configuration could
  // have stored, still verifies, and asks to be re-hashed with the current costs.
  ASSERT_GE(sodium_init(), 0);
  char cheap[crypto_pwhash_STRBYTES];
  const std::string password = "older password";
  ASSERT_EQ(
      crypto_pwhash_str_alg(cheap, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
      0);
  EXPECT_EQ(std::string(cheap).rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << cheap;
  EXPECT_TRUE(verify_password(cheap, password));
  EXPECT_TRUE(needs_rehash(cheap));
}

TEST(ServerPasswordTest, PolicyNeedsEightCharactersAndAtMost1024Bytes) {
  EXPECT_EQ(check_password_policy("1234567").error().code, ErrorCode::auth_weak_password);
  EXPECT_TRUE(check_password_policy("12345678").has_value());
  // 8 characters of 3 bytes each (UTF-8): counted as characters, not bytes.
  EXPECT_TRUE(check_password_policy("碳足跡盤查清冊表").has_value());
  EXPECT_FALSE(check_password_policy("碳足跡盤查清冊").has_value());  // 7 characters, 21 bytes
  EXPECT_TRUE(check_password_policy(std::string(1024, 'a')).has_value());
  const auto long_one = check_password_policy(std::string(1025, 'a'));
  ASSERT_FALSE(long_one.has_value());
  EXPECT_NE(long_one.error().message.find("at most 1024"), std::string::npos);
}

}  // namespace
}  // namespace cl::server::auth
