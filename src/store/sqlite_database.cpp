// SQLite backend: one sqlite3 connection in WAL mode with foreign keys on, a 5 s busy timeout
// and synchronous=FULL (a committed write survives a power cut, not only a crash). Prepared
// statements are cached per SQL text. `$1` placeholders become `?1`.
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/backends.hpp"

namespace cl::store::detail {
namespace {

/// `$12` → `?12` outside quoted literals and identifiers.
std::string translate_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t idx = 0; idx < sql.size(); ++idx) {
    const char chr = sql[idx];
    if (quote != 0) {
      if (chr == quote) quote = 0;
    } else if (chr == '\'' || chr == '"') {
      quote = chr;
    } else if (chr == '$' && idx + 1 < sql.size() && sql[idx + 1] >= '0' && sql[idx + 1] <= '9') {
      out.push_back('?');
      continue;
    }
    out.push_back(chr);
  }
  return out;
}

/// One mutex per database file for the write transactions of this process: writers queue on it
/// in order instead of polling SQLite's busy handler, whose back-off sleeps (up to 100 ms a
/// time) make the slowest writes of a busy server wait hundreds of milliseconds. Another
/// process (the CLI) is still kept apart by SQLite's own lock and the busy timeout.
std::shared_ptr<std::timed_mutex> writer_lock_for(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<std::timed_mutex>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[path];
  auto found = slot.lock();
  if (!found) {
    found = std::make_shared<std::timed_mutex>();
    slot = found;
  }
  return found;
}

constexpr int kBusyTimeoutMs = 5000;

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* handle, std::string name, std::shared_ptr<std::timed_mutex> writer)
      : db_(handle), name_(std::move(name)), writer_(std::move(writer)) {}
  ~SqliteDatabase() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  const std::string& name() const override { return name_; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = prepare(sql);
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{stmt};
    for (std::size_t idx = 0; idx < params.size(); ++idx)
      bind(stmt, static_cast<int>(idx + 1), params[idx]);
    Rows rows;
    for (;;) {
      const int status = sqlite3_step(stmt);
      if (status == SQLITE_DONE) break;
      if (status != SQLITE_ROW) fail_here(sql);
      const int columns = sqlite3_column_count(stmt);
      std::vector<Value> values(static_cast<std::size_t>(columns));
      for (int col = 0; col < columns; ++col)
        values[static_cast<std::size_t>(col)] = column(stmt, col);
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  void exec_script(std::string_view sql) override {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string what = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw_engine_error(code_of(sqlite3_extended_errcode(db_), what), name_, what, sql);
    }
  }

  void run(const char* sql) { exec_script(sql); }

 protected:
  void begin(bool for_write) override {
    if (!for_write) {
      query("BEGIN DEFERRED", {});  // a cached statement: sqlite3_exec would compile it again
      return;
    }
    // As long as SQLite's own busy timeout: a writer stuck behind another process's lock fails
    // on its own instead of holding up every writer queued behind it.
    std::unique_lock lock(*writer_, std::chrono::milliseconds(kBusyTimeoutMs));
    if (!lock.owns_lock()) {
      throw_engine_error(ErrorCode::store_query_failed, name_,
                         "the database is busy with another write (waited " +
                             std::to_string(kBusyTimeoutMs / 1000) + " s)",
                         "BEGIN IMMEDIATE");
    }
    run("BEGIN IMMEDIATE");  // throws: the lock is released with `lock`
    writing_ = std::move(lock);
  }
  void commit() override {
    query("COMMIT", {});  // throws: the caller rolls back, which releases the writer lock
    if (writing_.owns_lock()) writing_.unlock();
  }
  void rollback() noexcept override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (writing_.owns_lock()) writing_.unlock();
  }

 private:
  static ErrorCode code_of(int extended, const std::string& what) {
    switch (extended) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY:
        return ErrorCode::store_conflict;
      case SQLITE_CONSTRAINT_CHECK:
      case SQLITE_CONSTRAINT_FOREIGNKEY:
      case SQLITE_CONSTRAINT_NOTNULL:
        return ErrorCode::store_invalid;
      case SQLITE_CONSTRAINT_TRIGGER:
        return ErrorCode::store_frozen;
      case SQLITE_NOTADB:
      case SQLITE_CANTOPEN:
        return ErrorCode::store_open_failed;
      default:
        return what.find("never changes") != std::string::npos ||
                       what.find("append-only") != std::string::npos
                   ? ErrorCode::store_frozen
                   : ErrorCode::store_query_failed;
    }
  }

  [[noreturn]] void fail_here(std::string_view sql) {
    const std::string what = sqlite3_errmsg(db_);
    throw_engine_error(code_of(sqlite3_extended_errcode(db_), what), name_, what, sql);
  }

  sqlite3_stmt* prepare(std::string_view sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
    std::string key(sql);
    const std::string translated = translate_placeholders(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, translated.c_str(), static_cast<int>(translated.size()), &stmt,
                           nullptr) != SQLITE_OK) {
      fail_here(sql);
    }
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int index, const Value& value) {
    int status = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(value)) {
      status = sqlite3_bind_null(stmt, index);
    } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      status = sqlite3_bind_int64(stmt, index, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      status = sqlite3_bind_double(stmt, index, *real);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      status = sqlite3_bind_text64(stmt, index, text->data(), text->size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
    } else if (const auto* bytes = std::get_if<Blob>(&value)) {
      status = sqlite3_bind_blob64(stmt, index, bytes->data(), bytes->size(), SQLITE_TRANSIENT);
    }
    if (status != SQLITE_OK) fail_here("(binding a parameter)");
  }

  static Value column(sqlite3_stmt* stmt, int col) {
    switch (sqlite3_column_type(stmt, col)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, col));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, col);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)));
      }
      case SQLITE_BLOB: {
        const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, col));
        return Blob(bytes, bytes + sqlite3_column_bytes(stmt, col));
      }
      default:
        return std::monostate{};
    }
  }

  sqlite3* db_;
  std::string name_;
  /// Looked up by std::string_view (C++20 heterogeneous lookup): a cached statement costs no
  /// copy of its text.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;
  std::shared_ptr<std::timed_mutex> writer_;
  std::unique_lock<std::timed_mutex> writing_;  ///< held from BEGIN IMMEDIATE to COMMIT/ROLLBACK
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path) {
  // Before SQLite initializes: no memory statistics (nothing here reads them), so that an
  // allocation inside SQLite does not take the process-wide memory mutex every connection of the
  // server's threads shares (perf: ~5 % of a busy server in pthread_mutex_lock/unlock).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* handle = nullptr;
  const std::string name = "sqlite:" + path;
  const int status =
      // NOMUTEX: a connection is used by one thread at a time (database.hpp), so SQLite's
      // per-call connection mutex is pure cost.
      sqlite3_open_v2(path.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (status != SQLITE_OK) {
    const std::string what = handle != nullptr ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close_v2(handle);
    throw_error(ErrorCode::store_open_failed, "cannot open " + name + ": " + what +
                                                  "; check that the folder exists and is writable");
  }
  auto db = std::make_unique<SqliteDatabase>(handle, name, writer_lock_for(path));
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  try {
    db->run("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
  } catch (StoreError& failure) {
    failure.error.code = ErrorCode::store_open_failed;
    failure.error.message += "; is it a CarbonLedger SQLite database?";
    throw;
  }
  return db;
}

}  // namespace cl::store::detail
