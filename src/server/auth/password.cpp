#include "server/auth/password.hpp"

#include <sodium.h>

#include <string>

namespace cl::server::auth {
namespace {

/// sodium_init() once; safe to call from several threads (libsodium documents it so).
void ensure_sodium() {
  static const int initialized = sodium_init();
  (void)initialized;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char chr : text) {
    if ((static_cast<unsigned char>(chr) & 0xC0u) != 0x80u) ++count;
  }
  return count;
}

}  // namespace

Result<void> check_password_policy(std::string_view password) {
  if (utf8_length(password) < kMinPasswordLength) {
    return fail(ErrorCode::auth_weak_password,
                "a password needs at least " + std::to_string(kMinPasswordLength) +
                    " characters; a long phrase is easier to remember than a short code",
                {.field = "password"});
  }
  if (password.size() > kMaxPasswordLength) {
    return fail(ErrorCode::auth_weak_password,
                "a password may have at most " + std::to_string(kMaxPasswordLength) + " bytes",
                {.field = "password"});
  }
  return {};
}

Result<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(ErrorCode::internal, "password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  // crypto_pwhash_str_verify needs a NUL-terminated string of at most STRBYTES - 1 characters.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view hash) {
  ensure_sodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

Result<std::string> PasswordHasher::hash(std::string_view password) {
  slots_.acquire();
  auto out = hash_password(password);
  slots_.release();
  return out;
}

bool PasswordHasher::verify(std::string_view hash, std::string_view password) {
  slots_.acquire();
  const bool ok = verify_password(hash, password);
  slots_.release();
  return ok;
}

}  // namespace cl::server::auth
