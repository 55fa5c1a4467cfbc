// Password hashing with argon2id through libsodium's crypto_pwhash_str: the result is a
// self-describing string ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash") with its own random salt
// and cost parameters, so the users table keeps one text column and old hashes stay verifiable
// after the costs change (needs_rehash tells when to re-hash at the next login).
//
// Costs: crypto_pwhash_OPSLIMIT_INTERACTIVE (2 passes) and MEMLIMIT_INTERACTIVE (64 MiB), the
// values libsodium documents for interactive logins (about 0.1 s on one core of this machine).
// Each hash takes 64 MiB while it runs, so callers bound how many run at once (PasswordHasher).
#pragma once

#include <semaphore>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace cl::server::auth {

/// NIST SP 800-63B §5.1.1.2: at least 8 characters, and at least 64 allowed. We allow up to
/// 1024 bytes, which bounds the work of one hash for an attacker as well.
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 1024;

/// auth.weak_password when the password is shorter than 8 characters (UTF-8 code points) or
/// longer than 1024 bytes.
Result<void> check_password_policy(std::string_view password);

/// The argon2id hash string of `password` (policy not checked here; see check_password_policy).
/// Fails with `internal` only when libsodium cannot allocate the memory.
Result<std::string> hash_password(std::string_view password);

/// True when `password` matches `hash` (a crypto_pwhash_str string); false for a wrong password
/// and for a malformed hash. Constant time in the password, as libsodium's verification is.
bool verify_password(std::string_view hash, std::string_view password);

/// True when `hash` was made with other costs than the current ones.
bool needs_rehash(std::string_view hash);

/// Runs hash/verify with at most `concurrency` at a time: each one holds 64 MiB, and a burst of
/// logins must not take the server's memory.
class PasswordHasher {
 public:
  explicit PasswordHasher(std::ptrdiff_t concurrency = 2) : slots_(concurrency) {}
  Result<std::string> hash(std::string_view password);
  bool verify(std::string_view hash, std::string_view password);

 private:
  std::counting_semaphore<64> slots_;
};

}  // namespace cl::server::auth
