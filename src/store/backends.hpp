// The two connection types behind Database (internal to src/store): SQLite through its C API
// and PostgreSQL through libpq. open_database() in database.cpp picks one from the URL.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

struct pg_conn;  // libpq's PGconn

namespace cl::store::detail {

/// `path` is the file after `sqlite:`; the file is created if missing.
std::unique_ptr<Database> open_sqlite(const std::string& path);
/// `url` is a libpq connection URI.
std::unique_ptr<Database> open_postgresql(const std::string& url);
/// A libpq connection to `url` (notices ignored), giving up after `connect_timeout_seconds` if
/// the URL sets no connect_timeout (0: libpq's default, none); store.open_failed naming the
/// database (its URL without a password) and what to check.
pg_conn* connect_postgresql(const std::string& url, int connect_timeout_seconds = 0);
/// The URL with any password removed, for messages.
std::string without_password(const std::string& url);

/// Maps an engine's failure text to the store's codes and a message naming the database.
[[noreturn]] void throw_engine_error(ErrorCode code, const std::string& database,
                                     const std::string& what, std::string_view sql);

}  // namespace cl::store::detail
