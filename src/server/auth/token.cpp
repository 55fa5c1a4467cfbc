#include "server/auth/token.hpp"

#include <sodium.h>

#include <array>

namespace cl::server::auth {
namespace {

constexpr std::size_t kSecretBytes = 32;
/// base64url without padding of 32 bytes: ceil(32 * 4 / 3) = 43 characters.
constexpr std::size_t kSecretChars = 43;

void ensure_sodium() {
  static const int initialized = sodium_init();
  (void)initialized;
}

std::string_view prefix_of(SecretKind kind) {
  switch (kind) {
    case SecretKind::session:
      return "cls_";
    case SecretKind::api_token:
      return "clt_";
    case SecretKind::csrf:
      return "clc_";
    case SecretKind::pact_client_secret:
      return "cps_";
    case SecretKind::pact_access_token:
      return "cpt_";
  }
  return "cl?_";
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

}  // namespace

NewSecret make_secret(SecretKind kind) {
  ensure_sodium();
  std::array<unsigned char, kSecretBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char,
             sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
      text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  NewSecret out;
  out.plain = std::string(prefix_of(kind)) + text.data();
  out.hash = hash_secret(out.plain);
  return out;
}

std::string hash_secret(std::string_view plain) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(plain.data()),
                     plain.size());
  return to_hex(digest.data(), digest.size());
}

bool looks_like(SecretKind kind, std::string_view plain) {
  const auto prefix = prefix_of(kind);
  if (plain.size() != prefix.size() + kSecretChars || !plain.starts_with(prefix)) return false;
  for (char chr : plain.substr(prefix.size())) {
    const bool ok = (chr >= 'A' && chr <= 'Z') || (chr >= 'a' && chr <= 'z') ||
                    (chr >= '0' && chr <= '9') || chr == '-' || chr == '_';
    if (!ok) return false;
  }
  return true;
}

bool equal_constant_time(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  if (left.empty()) return true;
  return sodium_memcmp(left.data(), right.data(), left.size()) == 0;
}

std::string make_request_id() {
  ensure_sodium();
  std::array<unsigned char, 8> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_hex(bytes.data(), bytes.size());
}

}  // namespace cl::server::auth
