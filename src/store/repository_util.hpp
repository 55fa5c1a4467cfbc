// Helpers shared by the repositories (internal to src/store): JSON columns, the id of an
// inserted row, "not found" errors in one wording.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/database.hpp"

namespace cl::store::detail {

/// Parses a JSON column; an unreadable one is store.query_failed naming table and id.
inline nlohmann::json parse_json(const std::string& text, const std::string& what) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    throw_error(ErrorCode::store_query_failed, what + " holds JSON that cannot be read");
  }
  return parsed;
}

/// An optional id as a query parameter: NULL when absent.
inline Value optional_value(const std::optional<std::int64_t>& id) {
  return id ? Value(*id) : Value(std::monostate{});
}

/// `INSERT … RETURNING id` (both dialects) and returns the id.
inline std::int64_t insert_id(Database& db, const std::string& sql,
                              const std::vector<Value>& params) {
  const auto rows = db.query(sql + " RETURNING id", params);
  if (rows.empty())
    throw_error(ErrorCode::store_query_failed, db.name() + ": INSERT returned no id");
  return rows[0].integer(0);
}

/// The value of a Result, or its error thrown as StoreError (inside a guard()).
template <class T>
T unwrap(Result<T> result) {
  if (!result) throw StoreError{std::move(result.error())};
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

[[noreturn]] inline void throw_not_found(const std::string& what, std::int64_t id) {
  throw_error(ErrorCode::store_not_found, what + " " + std::to_string(id) + " does not exist");
}

}  // namespace cl::store::detail
