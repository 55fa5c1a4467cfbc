// Every answer that is not a success is JSON: {"code": "<stable id>", "message": "…",
// "where": {…}} (DuckDB's Exception::ToJSON), plus "diagnostics": [...] when a document had
// problems (422 lists every one, each naming its row and field). Handlers throw ApiError; the
// one catch site in api.cpp turns it into the answer. A 500 says only "internal" and the request
// id, never an exception's text.
#pragma once

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/common/diagnostic.hpp"

namespace cl::server {

struct ApiError {
  int status = 500;
  Error error;
  nlohmann::json extra = nlohmann::json::object();  ///< more members, e.g. "diagnostics"
};

/// The usual status of a code: 400 parse.syntax, 401 auth.required/invalid_credentials, 403
/// auth.forbidden/csrf, 404 *.not_found, 405, 409 store.conflict/frozen, 413 *too_large, 415,
/// 429 auth.rate_limited, 500 internal and storage failures, else 422 (the request was read but
/// its content is not acceptable).
int status_of(ErrorCode code);

[[noreturn]] void throw_error(int status, ErrorCode code, std::string message,
                              RecordRef where = {});
/// 422 with every diagnostic; the code is the first error's (as the CLI's closing line).
[[noreturn]] void throw_diagnostics(const Diagnostics& diagnostics, const std::string& what);

nlohmann::json where_json(const RecordRef& where);
nlohmann::json diagnostics_json(const Diagnostics& diagnostics);
nlohmann::json error_json(const ApiError& error);

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
/// An answer already written as JSON text (server/json_writer.hpp), without the final newline
/// that send_json adds; the text is moved, not copied.
void send_json_text(httplib::Response& res, int status, std::string text);
void send_error(httplib::Response& res, const ApiError& error);

}  // namespace cl::server
