#include "server/routes/common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "server/http_error.hpp"

namespace cl::server {

nlohmann::json json_body(const RequestContext& context) {
  const auto type = context.req.get_header_value("Content-Type");
  const auto base = type.substr(0, type.find(';'));
  if (base != "application/json") {
    throw_error(415, ErrorCode::http_unsupported_media_type,
                "send the body as JSON with Content-Type: application/json" +
                    (type.empty() ? std::string() : " (got '" + type + "')"),
                {.field = "Content-Type"});
  }
  try {
    // Deeper nesting than any document of ours is refused while parsing: copying or printing a
    // value nested a hundred thousand levels deep would overflow a worker thread's stack.
    const auto shallow = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > kMaxJsonDepth) {
        throw_error(400, ErrorCode::parse_bad_value,
                    "the body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                    {.field = "body"});
      }
      return true;
    };
    auto json = nlohmann::json::parse(context.req.body, shallow);
    if (!json.is_object()) {
      throw_error(400, ErrorCode::parse_bad_value, "the body must be a JSON object",
                  {.field = "body"});
    }
    return json;
  } catch (const nlohmann::json::parse_error& error) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: …" without the prefix.
    std::string message = error.what();
    if (const auto start = message.find("] "); start != std::string::npos) {
      message.erase(0, start + 2);
    }
    throw_error(400, ErrorCode::parse_syntax, "the body is not JSON: " + message,
                {.field = "body"});
  }
}

std::string query(const RequestContext& context, const std::string& name,
                  const std::string& fallback, std::initializer_list<std::string_view> allowed) {
  if (!context.req.has_param(name.c_str())) return fallback;
  std::string value = context.req.get_param_value(name.c_str());
  if (allowed.size() == 0) return value;
  std::string list;
  for (const auto& item : allowed) {
    if (item == value) return value;
    list += (list.empty() ? "" : ", ") + std::string(item);
  }
  throw_error(400, ErrorCode::parse_bad_value,
              "query parameter '" + name + "' must be one of " + list, {.field = name});
}

double query_number(const RequestContext& context, const std::string& name, double fallback,
                    double low, double high) {
  if (!context.req.has_param(name.c_str())) return fallback;
  const std::string text = context.req.get_param_value(name.c_str());
  double value = 0.0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc{} || parsed.ptr != text.data() + text.size() || !(value >= low) ||
      !(value <= high)) {
    throw_error(400, ErrorCode::parse_bad_value,
                fmt::format("query parameter '{}' must be a number from {} to {}", name, low, high),
                {.field = name});
  }
  return value;
}

void refuse_unknown_members(const nlohmann::json& body,
                            std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string names;
    for (const auto name : allowed)
      names += (names.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    throw_error(400, ErrorCode::parse_unknown_field,
                "unknown member \"" + key + "\"; expected " + names, {.field = key});
  }
}

std::string text_member(const nlohmann::json& body, const std::string& name) {
  const auto found = body.find(name);
  if (found == body.end()) {
    throw_error(400, ErrorCode::parse_missing_field, "the body needs \"" + name + "\"",
                {.field = name});
  }
  if (!found->is_string()) {
    throw_error(400, ErrorCode::parse_bad_value, "\"" + name + "\" must be text", {.field = name});
  }
  return found->get<std::string>();
}

std::string optional_text_member(const nlohmann::json& body, const std::string& name,
                                 const std::string& fallback) {
  return body.contains(name) ? text_member(body, name) : fallback;
}

std::int64_t integer_member(const nlohmann::json& body, const std::string& name,
                            std::optional<std::int64_t> fallback) {
  const auto found = body.find(name);
  if (found == body.end()) {
    if (fallback) return *fallback;
    throw_error(400, ErrorCode::parse_missing_field, "the body needs \"" + name + "\"",
                {.field = name});
  }
  if (!found->is_number_integer()) {
    throw_error(400, ErrorCode::parse_bad_value, "\"" + name + "\" must be a whole number",
                {.field = name});
  }
  return found->get<std::int64_t>();
}

}  // namespace cl::server
