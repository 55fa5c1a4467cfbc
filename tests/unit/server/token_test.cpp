// Session ids, API tokens and CSRF tokens: 32 random bytes in base64url (43 characters, RFC
// 4648 §5 without padding) behind a kind prefix, stored only as SHA-256. The expected digests
// are the FIPS 180-2 test vectors (appendix B.1 "abc") and the digest of the empty string.
#include "server/auth/token.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cl::server::auth {
namespace {

TEST(ServerTokenTest, HashIsSha256Hex) {
  EXPECT_EQ(hash_secret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hash_secret(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ServerTokenTest, SecretsHaveTheirPrefixAndLengthAndAreStoredHashed) {
  const auto session = make_secret(SecretKind::session);
  EXPECT_EQ(session.plain.size(), 4u + 43u);
  EXPECT_EQ(session.plain.rfind("cls_", 0), 0u);
  EXPECT_EQ(session.hash, hash_secret(session.plain));
  EXPECT_EQ(session.hash.size(), 64u);
  EXPECT_EQ(session.hash.find(session.plain.substr(4)), std::string::npos);
  EXPECT_EQ(make_secret(SecretKind::api_token).plain.rfind("clt_", 0), 0u);
  EXPECT_EQ(make_secret(SecretKind::csrf).plain.rfind("clc_", 0), 0u);
}

TEST(ServerTokenTest, SecretsDoNotRepeat) {
  std::set<std::string> seen;
  for (int draw = 0; draw < 1000; ++draw) {
    EXPECT_TRUE(seen.insert(make_secret(SecretKind::session).plain).second);
  }
}

TEST(ServerTokenTest, LooksLikeChecksKindLengthAndAlphabet) {
  const auto token = make_secret(SecretKind::api_token).plain;
  EXPECT_TRUE(looks_like(SecretKind::api_token, token));
  EXPECT_FALSE(looks_like(SecretKind::session, token));
  EXPECT_FALSE(looks_like(SecretKind::api_token, token.substr(0, token.size() - 1)));
  EXPECT_FALSE(looks_like(SecretKind::api_token, token + "A"));
  std::string bad = token;
  bad[10] = '/';  // base64 (not url-safe) alphabet
  EXPECT_FALSE(looks_like(SecretKind::api_token, bad));
  EXPECT_FALSE(looks_like(SecretKind::api_token, "clt_' OR 1=1 --"));
}

TEST(ServerTokenTest, ConstantTimeEqualityIsEquality) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "abcd"));
  EXPECT_TRUE(equal_constant_time("", ""));
}

TEST(ServerTokenTest, RequestIdsAreSixteenHexCharacters) {
  const auto id = make_request_id();
  ASSERT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, make_request_id());
}

}  // namespace
}  // namespace cl::server::auth
