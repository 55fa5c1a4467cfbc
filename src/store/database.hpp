// A small database abstraction over SQLite 3 and PostgreSQL 15, so that one schema and one set
// of repositories serve both: `sqlite:PATH` (the embedded default: WAL, foreign keys on, busy
// timeout, synchronous=FULL) or `postgresql://…` (libpq). Statements are written once with
// PostgreSQL's `$1` placeholders and translated to SQLite's `?1`; values are always bound, never
// spliced into SQL text.
//
// Failures inside the store are thrown as StoreError (an Error with a store.* code) and turned
// into cl::Result at each repository's public function by guard(); nothing else escapes. A
// Database is one connection: use it from one thread at a time (open one per thread).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/common/result.hpp"

namespace cl::store {

enum class Dialect { sqlite, postgresql };

/// A bound parameter or a column value. Blobs are bytes in a std::vector<std::uint8_t>.
using Blob = std::vector<std::uint8_t>;
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

/// One result row. PostgreSQL returns text, SQLite typed values; the accessors convert either.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t col) const;
  std::int64_t integer(std::size_t col) const;
  double real(std::size_t col) const;
  std::string text(std::size_t col) const;  ///< "" for NULL
  std::optional<std::string> optional_text(std::size_t col) const;
  Blob blob(std::size_t col) const;
  const Value& value(std::size_t col) const { return values_.at(col); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

/// The exception the store throws internally; guard() turns it into a Result.
struct StoreError {
  Error error;
};

/// Inventories whose row committed writes changed (directly, or by raising its revision):
/// PostgreSQL lists them per transaction (migration 13), and a server that keeps inventories
/// in memory forgets these (server/inventory_watch.hpp). Empty where nothing is tracked.
struct InventoryChanges {
  /// Past this many ids (a connection whose changes nobody takes), the list becomes "all".
  static constexpr std::size_t kMaxIds = 10000;
  bool all = false;               ///< every inventory (TRUNCATE, or too many to list)
  std::vector<std::int64_t> ids;  ///< each changed inventory, unless `all`
  bool empty() const { return !all && ids.empty(); }
  void merge(const InventoryChanges& more);
  /// Reads ",3,17," (migration 13's list), "3" (a notification's payload) or "*" (all); any
  /// other text counts as all, so that what cannot be read is never taken for "nothing".
  static InventoryChanges parse(std::string_view text);
};

/// Throws StoreError{fail(code, message)} — the store's one way to give up.
[[noreturn]] void throw_error(ErrorCode code, std::string message);

/// A connection. exec/query throw StoreError with store.query_failed (or store.conflict for a
/// unique key, store.invalid for a check or foreign key, store.frozen for a frozen version)
/// naming the database.
class Database {
 public:
  virtual ~Database() = default;
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual Dialect dialect() const = 0;
  /// The URL without a password, for messages.
  virtual const std::string& name() const = 0;

  /// Runs one statement with `$1`… parameters; returns the rows (empty for non-queries).
  virtual Rows query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  void exec(std::string_view sql, const std::vector<Value>& params = {}) { query(sql, params); }
  /// exec() for a statement inside a write whose result nothing reads: a backend may send it
  /// with the next statement or with the COMMIT, one round trip less (PostgreSQL: the audit
  /// row, whose lock is then held for no round trip). A failure is thrown by that statement or
  /// commit() at the latest, and the transaction is rolled back as for any other. It must not
  /// change an inventory's row: PostgreSQL lists the changed inventories before it runs
  /// (take_inventory_changes).
  virtual void exec_deferred(std::string_view sql, const std::vector<Value>& params = {}) {
    query(sql, params);
  }
  /// Runs several statements without parameters (migration scripts).
  virtual void exec_script(std::string_view sql) = 0;

  /// Runs `body` in a write transaction (SQLite BEGIN IMMEDIATE; PostgreSQL READ COMMITTED)
  /// and commits; rolls back if it throws. A nested call joins the outer transaction.
  void write(const std::function<void()>& body);
  /// Runs `body` in a read transaction that sees one snapshot (SQLite BEGIN DEFERRED, which
  /// holds the WAL snapshot after the first read; PostgreSQL REPEATABLE READ READ ONLY).
  void read_snapshot(const std::function<void()>& body);
  bool in_transaction() const { return depth_ > 0; }
  /// Returns once every change this connection can see is on disk. Call it before acting
  /// outside the database on what another connection wrote (sending its mail): a PostgreSQL
  /// write is visible a moment before it is durable (postgres_database.cpp). SQLite: nothing
  /// to wait for (a commit is on disk before others see it).
  virtual void wait_durable() {}
  /// The inventories this connection's commits changed since the last call (PostgreSQL; SQLite
  /// tracks none: its readers read each inventory's row every time). Only transactions are
  /// listed (write()); a lone statement outside one is told through the feed alone.
  virtual InventoryChanges take_inventory_changes() { return {}; }

 protected:
  virtual void begin(bool for_write) = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;

 private:
  /// The one transaction frame of write() and read_snapshot(): nested calls join the outer one.
  void transaction(bool writable, const std::function<void()>& body);
  int depth_ = 0;
};

/// Opens `sqlite:PATH` (the file is created if missing) or `postgresql://…` /
/// `postgres://…` (any libpq URI). store.bad_url or store.open_failed naming the database and
/// what to do.
Result<std::unique_ptr<Database>> open_database(const std::string& url);

/// Runs `body`, turning a StoreError it throws into the Result's error (with `context` added).
template <class Fn>
auto guard(Fn&& body, const std::string& context = {}) -> Result<decltype(body())> {
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      return {};
    } else {
      return body();
    }
  } catch (StoreError& failure) {
    if (!context.empty()) failure.error.add_context(context);
    return tl::unexpected<Error>(std::move(failure.error));
  }
}

/// The current time as ISO 8601 UTC with milliseconds, "2024-05-01T08:30:00.123Z".
std::string now_iso8601();

/// Lower-case hex SHA-256 of `bytes` (libsodium crypto_hash_sha256).
std::string sha256_hex(std::string_view bytes);

}  // namespace cl::store
