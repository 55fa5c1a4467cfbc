// Secrets handed to clients: session ids, API tokens and CSRF tokens. Each is 32 random bytes
// from the operating system (libsodium randombytes_buf), written in base64url with a prefix that
// says what it is ("cls_" session, "clt_" API token, "clc_" CSRF, "cps_" PACT client secret,
// "cpt_" PACT access token), so a leaked one is easy to
// recognize in logs and secret scanners. Only the SHA-256 of a session id or token is stored:
// whoever reads the database cannot log in with what they read. With 256 random bits no salt or
// slow hash is needed (nothing to guess), and SHA-256 lets an operator match a token by hand
// (`printf %s TOKEN | sha256sum`).
#pragma once

#include <string>
#include <string_view>

namespace cl::server::auth {

enum class SecretKind { session, api_token, csrf, pact_client_secret, pact_access_token };

/// A fresh secret: the text given to the client once, and the hash to store.
struct NewSecret {
  std::string plain;
  std::string hash;
};

/// "cls_" + 43 base64url characters (32 random bytes), and its hash.
NewSecret make_secret(SecretKind kind);

/// Lower-case hex SHA-256 of `plain` (64 characters), what the stores keep and look up by.
std::string hash_secret(std::string_view plain);

/// True when `plain` has the shape of a secret of `kind` (prefix, length, alphabet); checked
/// before any look-up so that junk never reaches the store.
bool looks_like(SecretKind kind, std::string_view plain);

/// Compares two strings in time that depends only on their length (sodium_memcmp).
bool equal_constant_time(std::string_view left, std::string_view right);

/// 16 random hex characters: request ids in the access log and in 500 answers.
std::string make_request_id();

}  // namespace cl::server::auth
