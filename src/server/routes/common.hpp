// Helpers the route files share: reading a JSON body (415 unless application/json, 400 with
// line and column when it is not JSON, 400 unless an object) and checked query parameters.
#pragma once

#include <cstdint>
#include <optional>

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/router.hpp"

namespace cl::server {

/// How deep a request body may nest (objects and arrays); no document of ours needs a tenth.
inline constexpr int kMaxJsonDepth = 64;

/// Checks the Content-Type (application/json, any parameters) and parses the body; the object.
/// 400 parse.bad_value when it nests deeper than kMaxJsonDepth.
nlohmann::json json_body(const RequestContext& context);

/// The query parameter `name`, or `fallback` when absent; 400 parse.bad_value naming the
/// parameter when the value is not one of `allowed` (when given).
std::string query(const RequestContext& context, const std::string& name,
                  const std::string& fallback,
                  std::initializer_list<std::string_view> allowed = {});

/// 400 parse.unknown_field naming the first member of `body` that is not in `allowed` (a typo
/// is refused, not silently dropped).
void refuse_unknown_members(const nlohmann::json& body,
                            std::initializer_list<std::string_view> allowed);

/// A required text member; 400 parse.missing_field / parse.bad_value naming it.
std::string text_member(const nlohmann::json& body, const std::string& name);

/// An optional text member: `fallback` when absent; 400 when present but not text.
std::string optional_text_member(const nlohmann::json& body, const std::string& name,
                                 const std::string& fallback = {});

/// A whole-number member (optional when `fallback` is given); 400 when not a whole number.
std::int64_t integer_member(const nlohmann::json& body, const std::string& name,
                            std::optional<std::int64_t> fallback = std::nullopt);

/// A number in [low, high]; 400 otherwise.
double query_number(const RequestContext& context, const std::string& name, double fallback,
                    double low, double high);

}  // namespace cl::server
