#include "server/http_error.hpp"

namespace cl::server {

int status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::parse_syntax:
      return 400;
    case ErrorCode::auth_required:
    case ErrorCode::auth_invalid_credentials:
      return 401;
    case ErrorCode::auth_forbidden:
    case ErrorCode::auth_csrf:
      return 403;
    case ErrorCode::http_not_found:
    case ErrorCode::store_not_found:
    case ErrorCode::io_not_found:
      return 404;
    case ErrorCode::http_method_not_allowed:
      return 405;
    case ErrorCode::store_conflict:
    case ErrorCode::store_frozen:
      return 409;
    case ErrorCode::io_too_large:
    case ErrorCode::store_evidence_too_large:
      return 413;
    case ErrorCode::http_unsupported_media_type:
    case ErrorCode::store_evidence_type:
      return 415;
    case ErrorCode::auth_rate_limited:
      return 429;
    case ErrorCode::internal:
    case ErrorCode::io_read_failed:
    case ErrorCode::io_write_failed:
    case ErrorCode::store_bad_url:
    case ErrorCode::store_open_failed:
    case ErrorCode::store_query_failed:
    case ErrorCode::store_not_migrated:
    case ErrorCode::store_schema_too_new:
    case ErrorCode::store_audit_broken:
      return 500;
    default:
      return 422;
  }
}

void throw_error(int status, ErrorCode code, std::string message, RecordRef where) {
  throw ApiError{status, Error{code, std::move(message), std::move(where), {}}};
}

void throw_diagnostics(const Diagnostics& diagnostics, const std::string& what) {
  ErrorCode first = ErrorCode::parse_bad_value;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) {
      first = item.code;
      break;
    }
  }
  ApiError error{422,
                 Error{first,
                       what + " has " + std::to_string(diagnostics.error_count()) +
                           " problem(s), listed in `diagnostics`",
                       {},
                       {}},
                 {{"diagnostics", diagnostics_json(diagnostics)}}};
  throw error;
}

nlohmann::json where_json(const RecordRef& where) {
  nlohmann::json out = nlohmann::json::object();
  if (!where.file.empty()) out["file"] = where.file;
  if (where.row != 0) out["row"] = where.row;
  if (!where.field.empty()) out["field"] = where.field;
  if (!where.record.empty()) out["record"] = where.record;
  return out;
}

nlohmann::json diagnostics_json(const Diagnostics& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : diagnostics.items()) {
    out.push_back({{"severity", item.severity == Severity::error ? "error" : "warning"},
                   {"code", code_id(item.code)},
                   {"message", item.message},
                   {"where", where_json(item.where)}});
  }
  return out;
}

nlohmann::json error_json(const ApiError& error) {
  nlohmann::json out = {{"code", code_id(error.error.code)},
                        {"message", error.error.message},
                        {"where", where_json(error.error.where)}};
  for (const auto& [key, value] : error.extra.items()) out[key] = value;
  return out;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 in echoed input is replaced, never a reason for an exception.
  res.set_content(body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                  "application/json");
}

void send_json_text(httplib::Response& res, int status, std::string text) {
  res.status = status;
  text += '\n';
  res.body = std::move(text);
  // What Response::set_content does, without its copy of the body.
  const auto [first, last] = res.headers.equal_range("Content-Type");
  res.headers.erase(first, last);
  res.set_header("Content-Type", "application/json");
}

void send_error(httplib::Response& res, const ApiError& error) {
  send_json(res, error.status, error_json(error));
}

}  // namespace cl::server
