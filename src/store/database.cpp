// Row conversions, transactions and the URL dispatch shared by both backends.
#include "store/database.hpp"

#include <sodium.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "store/backends.hpp"

namespace cl::store {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

[[noreturn]] void throw_error(ErrorCode code, std::string message) {
  throw StoreError{Error{code, std::move(message), {}, {}}};
}

bool Row::is_null(std::size_t col) const {
  return std::holds_alternative<std::monostate>(values_.at(col));
}

std::int64_t Row::integer(std::size_t col) const {
  return std::visit(Overloaded{[](std::monostate) -> std::int64_t { return 0; },
                               [](std::int64_t value) { return value; },
                               [](double value) { return static_cast<std::int64_t>(value); },
                               [](const std::string& text) -> std::int64_t {
                                 std::int64_t out = 0;
                                 std::from_chars(text.data(), text.data() + text.size(), out);
                                 return out;
                               },
                               [](const Blob&) -> std::int64_t { return 0; }},
                    values_.at(col));
}

double Row::real(std::size_t col) const {
  return std::visit(
      Overloaded{[](std::monostate) { return 0.0; },
                 [](std::int64_t value) { return static_cast<double>(value); },
                 [](double value) { return value; },
                 [](const std::string& text) { return std::strtod(text.c_str(), nullptr); },
                 [](const Blob&) { return 0.0; }},
      values_.at(col));
}

std::string Row::text(std::size_t col) const {
  return std::visit(
      Overloaded{[](std::monostate) { return std::string(); },
                 [](std::int64_t value) { return std::to_string(value); },
                 [](double value) {
                   char buffer[32];
                   std::snprintf(buffer, sizeof buffer, "%.17g", value);
                   return std::string(buffer);
                 },
                 [](const std::string& text) { return text; },
                 [](const Blob& bytes) { return std::string(bytes.begin(), bytes.end()); }},
      values_.at(col));
}

std::optional<std::string> Row::optional_text(std::size_t col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

Blob Row::blob(std::size_t col) const {
  const auto& value = values_.at(col);
  if (const auto* bytes = std::get_if<Blob>(&value)) return *bytes;
  if (const auto* text = std::get_if<std::string>(&value)) {
    // PostgreSQL's text form of bytea: "\x" then two hex digits per byte.
    if (text->size() >= 2 && (*text)[0] == '\\' && (*text)[1] == 'x') {
      Blob out((text->size() - 2) / 2);
      for (std::size_t idx = 0; idx < out.size(); ++idx) {
        unsigned byte = 0;
        std::from_chars(text->data() + 2 + 2 * idx, text->data() + 4 + 2 * idx, byte, 16);
        out[idx] = static_cast<std::uint8_t>(byte);
      }
      return out;
    }
    return Blob(text->begin(), text->end());
  }
  return {};
}

void Database::write(const std::function<void()>& body) {
  transaction(true, body);
}

void Database::read_snapshot(const std::function<void()>& body) {
  transaction(false, body);
}

void Database::transaction(bool writable, const std::function<void()>& body) {
  if (depth_ > 0) {
    body();
    return;
  }
  begin(writable);
  depth_ = 1;
  try {
    body();
  } catch (...) {
    depth_ = 0;
    rollback();
    throw;
  }
  depth_ = 0;
  try {
    commit();
  } catch (...) {
    rollback();
    throw;
  }
}

Result<std::unique_ptr<Database>> open_database(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:";
  return guard([&]() -> std::unique_ptr<Database> {
    if (url.starts_with(kSqlite)) {
      std::string path = url.substr(kSqlite.size());
      if (path.starts_with("//")) path = path.substr(2);  // sqlite://PATH is accepted too
      if (path.empty()) {
        throw_error(ErrorCode::store_bad_url,
                    "'" + url + "' names no file; write --db sqlite:PATH, e.g. sqlite:ledger.db");
      }
      return detail::open_sqlite(path);
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
      return detail::open_postgresql(url);
    }
    throw_error(ErrorCode::store_bad_url, "'" + url +
                                              "' is not a database URL; write --db sqlite:PATH or "
                                              "--db postgresql://USER@HOST/DBNAME");
  });
}

void InventoryChanges::merge(const InventoryChanges& more) {
  if (all || more.all) {
    all = true;
    ids.clear();
    return;
  }
  ids.insert(ids.end(), more.ids.begin(), more.ids.end());
  if (ids.size() > kMaxIds) {
    all = true;
    ids.clear();
  }
}

InventoryChanges InventoryChanges::parse(std::string_view text) {
  InventoryChanges changes;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    std::int64_t id = 0;
    const auto [end, failure] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (failure != std::errc() || end != item.data() + item.size()) {
      return {.all = true, .ids = {}};  // "*", or text this reader does not know
    }
    changes.ids.push_back(id);
  }
  return changes;
}

std::string now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];  // room for any int the compiler imagines
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * sizeof digest, '0');
  for (std::size_t idx = 0; idx < sizeof digest; ++idx) {
    out[2 * idx] = kHex[digest[idx] >> 4];
    out[2 * idx + 1] = kHex[digest[idx] & 0x0f];
  }
  return out;
}

}  // namespace cl::store
