// PostgreSQL backend on libpq (chosen over libpqxx 6.4: the C API maps one-to-one onto the
// SQLite one — parameters in, rows out, an SQLSTATE on failure — so no library exception has
// to be translated and nothing throws through it; libpqxx 6.4 also predates C++20). Values go
// as text parameters, blobs as binary; results come back as text and Row converts them.
#include <libpq-fe.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <utility>

#include "store/backends.hpp"

namespace cl::store::detail {

std::string without_password(const std::string& url) {
  static const std::regex kUserPassword(R"(^(postgres(?:ql)?://[^:/@]*):[^@]*@)");
  static const std::regex kPasswordParam(R"(([?&])password=[^&]*)");
  std::string out = std::regex_replace(url, kUserPassword, "$1@");
  return std::regex_replace(out, kPasswordParam, "$1password=***");
}

namespace {

ErrorCode code_of_sqlstate(const std::string& state) {
  if (state == "23505") return ErrorCode::store_conflict;
  if (state == "23503" || state == "23514" || state == "23502" || state == "22P02") {
    return ErrorCode::store_invalid;
  }
  if (state == "P0001") return ErrorCode::store_frozen;  // our triggers' RAISE EXCEPTION
  if (state.starts_with("08")) return ErrorCode::store_open_failed;
  return ErrorCode::store_query_failed;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

class PgDatabase final : public Database {
 public:
  PgDatabase(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PgDatabase() override { PQfinish(conn_); }

  /// The session's settings, and whether this role may emit the message a write waits with.
  void set_up() {
    exec_script("SET client_encoding TO 'UTF8'; SET TIME ZONE 'UTC'");
    const auto allowed = query(
        "SELECT has_function_privilege("
        "'pg_catalog.pg_logical_emit_message(boolean, text, text)', 'EXECUTE')",
        {});
    async_commit_ = allowed[0].text(0) == "t";
  }

  Dialect dialect() const override { return Dialect::postgresql; }
  const std::string& name() const override { return name_; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    if (!in_transaction()) revive();
    const auto bound = bind(sql, params, false);
    Result result(nullptr, &PQclear);
    if (begin_pending_ || !pending_.empty()) {
      // BEGIN and the deferred statements travel with this one.
      auto [failed, answer] = pipeline(steps_before(), bound.get());
      if (failed) check(answer.get(), *failed);
      result = std::move(answer);
    } else {
      result.reset(run(*bound));
    }
    check(result.get(), sql);
    Rows rows;
    const int row_count = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int row = 0; row < row_count; ++row) {
      std::vector<Value> cells(static_cast<std::size_t>(columns));
      for (int col = 0; col < columns; ++col) {
        if (PQgetisnull(result.get(), row, col) == 0) {
          cells[static_cast<std::size_t>(col)] =
              std::string(PQgetvalue(result.get(), row, col),
                          static_cast<std::size_t>(PQgetlength(result.get(), row, col)));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  void exec_deferred(std::string_view sql, const std::vector<Value>& params) override {
    if (!in_transaction() || !writing_) {
      query(sql, params);
      return;
    }
    pending_.push_back(bind(sql, params, true));
  }

  void exec_script(std::string_view sql) override {
    if (!in_transaction()) revive();
    if (!pending_.empty()) {
      auto [failed, answer] = pipeline(steps_before(), nullptr);
      if (failed) check(answer.get(), *failed);
    }
    if (begin_pending_) {
      begin_pending_ = false;
      exec_script(!writing_       ? kBeginRead
                  : async_commit_ ? std::string(kBeginWrite) + "; " + kAsyncCommit
                                  : kBeginWrite);
    }
    const std::string text(sql);
    Result result(PQexec(conn_, text.c_str()), &PQclear);
    check(result.get(), sql);
  }

 protected:
  // BEGIN is not a round trip of its own: it is sent with the transaction's first statement
  // (pipeline), in one round trip. A transaction that runs no statement sends nothing. A
  // deferred statement (exec_deferred: the audit row) goes with the next statement or with the
  // COMMIT.
  //
  // A write commits without waiting for its WAL to reach the disk, then waits for it in a
  // transaction of its own, so the locks it holds (the audit log's, its inventory's row) are
  // released before the flush instead of after it. Every store write appends to the one audit
  // chain under a lock; held through the flush, that lock let one write reach the disk at a
  // time. Released first, concurrent writes wait for the disk together: PostgreSQL flushes the
  // WAL up to the latest commit once for all who wait (group commit).
  //
  // The wait is a transactional logical-decoding message (it is WAL that no table keeps):
  // committing it flushes the WAL up to its own commit record, and so up to the write's, which
  // came before it. commit() returns only then, so a write is acknowledged only once it is
  // durable, as with synchronous_commit on. What differs: between the two commits, other
  // sessions may already read the write, and a crash of PostgreSQL in that window loses it. Its
  // writer got an error or nothing, never an acknowledgement; the WAL's order keeps the audit
  // chain whole (a later write that is on disk implies every earlier one is); and what acts on
  // a write outside the database (the outbox worker's mail) calls wait_durable() first.
  //
  // Where the role may not emit the message (EXECUTE revoked), writes commit as before,
  // waiting for their own flush.
  void begin(bool for_write) override {
    revive();
    writing_ = for_write;
    begin_pending_ = true;
    last_failure_.clear();
  }
  void commit() override {
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
      // A statement failed and its error was caught inside the write: PostgreSQL would answer
      // the COMMIT with a ROLLBACK, which must not pass for a saved change.
      pending_.clear();
      throw_engine_error(ErrorCode::store_query_failed, name_,
                         "a statement of this change failed (" +
                             (last_failure_.empty() ? std::string("see above") : last_failure_) +
                             "), so nothing of it was saved",
                         "COMMIT");
    }
    if (begin_pending_ && pending_.empty()) {
      begin_pending_ = false;  // nothing was sent: nothing to commit
      return;
    }
    // The deferred statements, the COMMIT and, for a write that commits asynchronously, the
    // wait for the flush, in one round trip: what the deferred statements lock (the audit log)
    // is released inside PostgreSQL. A failure after the COMMIT must not read as a change that
    // was not made (check_flushed).
    // A write also reads the inventories it changed (migration 13's list, gone at the COMMIT)
    // for this process's memory of them (take_inventory_changes), before the deferred
    // statements: those take the audit log's lock, which every write waits for.
    Result changed(nullptr, &PQclear);
    std::unique_ptr<const Bound> list;
    if (writing_) list = bind(kChangedInventories, {}, false);
    const Step read_list{.bound = list.get(), .out = &changed};
    auto steps = steps_before(list ? &read_list : nullptr);
    steps.push_back({.plain = "COMMIT"});
    const bool waits = writing_ && async_commit_;
    if (waits) steps.push_back({.plain = kWaitDurable});
    auto [failed, answer] = pipeline(std::move(steps), nullptr);
    // Noted whenever the COMMIT may have been carried out (when it failed, the connection may
    // have been lost after PostgreSQL committed): forgetting too much costs a read.
    if (writing_ && (!failed || *failed == "COMMIT" || (waits && *failed == kWaitDurable))) {
      note_changes(changed.get());
    }
    if (!failed) return;
    if (waits && *failed == kWaitDurable) check_flushed(answer.get());
    check(answer.get(), *failed);
  }
  InventoryChanges take_inventory_changes() override { return std::exchange(changes_, {}); }
  void wait_durable() override {
    if (async_commit_) exec_script(kWaitDurable);
  }
  void rollback() noexcept override {
    begin_pending_ = false;
    pending_.clear();
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  }

 private:
  using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;
  static constexpr const char* kBeginWrite = "BEGIN ISOLATION LEVEL READ COMMITTED";
  static constexpr const char* kAsyncCommit = "SET LOCAL synchronous_commit TO off";
  static constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  static constexpr const char* kWaitDurable =
      "SELECT pg_logical_emit_message(true, 'carbonledger', 'durable')";
  static constexpr const char* kChangedInventories =
      "SELECT current_setting('cl.changed_inventories', true)";

  /// A statement and its parameters as libpq takes them (text, blobs binary).
  struct Bound {
    std::string sql;
    const std::string* prepared = nullptr;  ///< its name, or nullptr to send the text
    std::vector<std::string> texts;         ///< each parameter's text (blob bytes when owned)
    std::vector<const char*> values;        ///< into texts, or the caller's blob; null: NULL
    std::vector<int> lengths;
    std::vector<int> formats;
    int count() const { return static_cast<int>(values.size()); }
  };

  /// `sql` with `params` bound, prepared on first use. `own`: blobs are copied (a deferred
  /// statement outlives its caller's parameters); otherwise they are pointed at.
  std::unique_ptr<const Bound> bind(std::string_view sql, const std::vector<Value>& params,
                                    bool own) {
    auto out = std::make_unique<Bound>();
    out->sql = std::string(sql);
    const std::size_t count = params.size();
    out->texts.resize(count);
    out->values.assign(count, nullptr);
    out->lengths.assign(count, 0);
    out->formats.assign(count, 0);
    for (std::size_t idx = 0; idx < count; ++idx) {
      const Value& value = params[idx];
      std::string& text = out->texts[idx];
      if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        text = std::to_string(*integer);
      } else if (const auto* real = std::get_if<double>(&value)) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", *real);
        text = buffer;
      } else if (const auto* string = std::get_if<std::string>(&value)) {
        text = *string;
      } else if (const auto* bytes = std::get_if<Blob>(&value)) {
        out->formats[idx] = 1;
        out->lengths[idx] = static_cast<int>(bytes->size());
        if (!own) {
          out->values[idx] = reinterpret_cast<const char*>(bytes->data());
          continue;
        }
        text.assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
        out->values[idx] = text.data();
        continue;
      } else {
        continue;  // NULL
      }
      out->values[idx] = text.c_str();
      out->lengths[idx] = static_cast<int>(text.size());
    }
    out->prepared = prepare(out->sql, static_cast<int>(count));
    return out;
  }

  PGresult* run(const Bound& statement) {
    return statement.prepared != nullptr
               ? PQexecPrepared(conn_, statement.prepared->c_str(), statement.count(),
                                statement.values.data(), statement.lengths.data(),
                                statement.formats.data(), 0)
               : PQexecParams(conn_, statement.sql.c_str(), statement.count(), nullptr,
                              statement.values.data(), statement.lengths.data(),
                              statement.formats.data(), 0);
  }

  /// One statement of a pipeline: a bound one, or plain SQL without parameters.
  struct Step {
    const Bound* bound = nullptr;
    const char* plain = nullptr;
    Result* out = nullptr;  ///< keeps the step's result when it succeeds
    std::string_view sql() const { return bound != nullptr ? std::string_view(bound->sql) : plain; }
  };

  bool send(const Step& step) {
    if (step.bound == nullptr) {
      return PQsendQueryParams(conn_, step.plain, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    }
    const Bound& statement = *step.bound;
    return (statement.prepared != nullptr
                ? PQsendQueryPrepared(conn_, statement.prepared->c_str(), statement.count(),
                                      statement.values.data(), statement.lengths.data(),
                                      statement.formats.data(), 0)
                : PQsendQueryParams(conn_, statement.sql.c_str(), statement.count(), nullptr,
                                    statement.values.data(), statement.lengths.data(),
                                    statement.formats.data(), 0)) == 1;
  }

  /// What must be sent before the next statement: BEGIN (and for a write, SET LOCAL
  /// synchronous_commit) if it is not sent yet, `first_of_all` if given, then the deferred
  /// statements (pipeline() drops them once sent).
  std::vector<Step> steps_before(const Step* first_of_all = nullptr) {
    std::vector<Step> steps;
    if (begin_pending_) {
      begin_pending_ = false;
      steps.push_back({.plain = writing_ ? kBeginWrite : kBeginRead});
      if (writing_ && async_commit_) steps.push_back({.plain = kAsyncCommit});
    }
    if (first_of_all != nullptr) steps.push_back(*first_of_all);
    for (const auto& statement : pending_) steps.push_back({.bound = statement.get()});
    return steps;
  }

  /// Sends `steps` and then `last` (if any) in one pipeline: one round trip, after which the
  /// deferred statements are dropped. Returns the SQL of the first statement that failed and its
  /// result (null when the pipeline could not be sent: check() then reports the connection's
  /// error), else nothing and the last statement's result.
  std::pair<std::optional<std::string>, Result> pipeline(std::vector<Step> steps,
                                                         const Bound* last) {
    if (last != nullptr) steps.push_back({.bound = last});
    Result failure(nullptr, &PQclear);
    Result answer(nullptr, &PQclear);
    // Named when nothing comes back: the first statement not sent, or the first of all when
    // the sync was not (nothing may have reached the server).
    std::size_t failed_at = 0;
    const bool entered = PQenterPipelineMode(conn_) == 1;
    bool sent = entered;
    for (std::size_t idx = 0; sent && idx < steps.size(); ++idx) {
      sent = send(steps[idx]);
      if (!sent) failed_at = idx;
    }
    sent = sent && PQpipelineSync(conn_) == 1;
    for (std::size_t idx = 0; sent && idx < steps.size(); ++idx) {
      while (PGresult* result = PQgetResult(conn_)) {
        const auto status = PQresultStatus(result);
        const bool failed = status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK;
        if (failed && !failure && status != PGRES_PIPELINE_ABORTED) {
          failure.reset(result);
          failed_at = idx;
        } else if (idx == steps.size() - 1 && !failed) {
          answer.reset(result);
        } else if (steps[idx].out != nullptr && !failed) {
          steps[idx].out->reset(result);
        } else {
          PQclear(result);
        }
      }
    }
    if (sent) {
      // The sync: only once it is read has a statement after a COMMIT been committed (the wait
      // for the flush). Anything else is a failure of the last statement.
      Result sync(PQgetResult(conn_), &PQclear);
      if (!failure && (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC)) {
        failed_at = steps.size() - 1;  // reported with the connection's error (check(nullptr))
        answer.reset();
        sent = false;
      }
    }
    std::optional<std::string> failed;
    if (!sent || failure) failed = std::string(steps[failed_at].sql());
    pending_.clear();  // sent (the steps point into them), and before leave_pipeline's set_up
    if (entered && PQexitPipelineMode(conn_) != 1) leave_pipeline();
    if (failure) answer = std::move(failure);
    return {std::move(failed), std::move(answer)};
  }

  /// Adds the committed transaction's list of changed inventories (a missing answer, when the
  /// list could not be read, counts as every inventory).
  void note_changes(const PGresult* listed) {
    if (listed == nullptr || PQresultStatus(listed) != PGRES_TUPLES_OK || PQntuples(listed) != 1) {
      changes_.merge({.all = true, .ids = {}});
      return;
    }
    changes_.merge(InventoryChanges::parse(PQgetvalue(listed, 0, 0)));
  }

  /// Throws for a failed wait for the flush: the change itself was committed.
  void check_flushed(const PGresult* flushed) {
    try {
      check(flushed, kWaitDurable);
    } catch (StoreError& failure) {
      failure.error.message =
          "the change was saved, but the database did not confirm that it reached the disk; "
          "look for it before making it again (" +
          failure.error.message + ")";
      throw;
    }
  }

  /// A connection the server closed (PostgreSQL restarted, the backend was terminated) is
  /// opened again before the next transaction or lone statement, so that a pooled connection
  /// does not stay broken: only the use that found it closed fails. Inside a transaction
  /// nothing is reopened; that transaction is lost and its error says so.
  void revive() {
    if (PQstatus(conn_) != CONNECTION_BAD) return;
    PQreset(conn_);
    prepared_.clear();
    pending_.clear();
    begin_pending_ = false;
    if (PQstatus(conn_) == CONNECTION_OK) set_up();
  }

  /// After a pipeline that could not be sent or read in full: ends it, else starts the
  /// connection afresh, so that it is never handed on stuck in pipeline mode.
  void leave_pipeline() {
    if (PQpipelineSync(conn_) == 1) {
      for (int nulls = 0; nulls < 2 && PQstatus(conn_) == CONNECTION_OK;) {
        PGresult* result = PQgetResult(conn_);
        if (result == nullptr) {
          ++nulls;
          continue;
        }
        const bool sync = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
        PQclear(result);
        if (sync) break;
      }
    }
    if (PQexitPipelineMode(conn_) == 1) return;
    PQreset(conn_);
    prepared_.clear();
    if (PQstatus(conn_) == CONNECTION_OK) set_up();
  }

  /// The name of `sql` prepared on this connection (prepared on first use), so a statement
  /// the server runs on every request is parsed and planned once per connection; nullptr for
  /// what is not a plain data statement or once kMaxPrepared are kept.
  const std::string* prepare(const std::string& sql, int parameters) {
    static constexpr std::size_t kMaxPrepared = 512;
    if (const auto found = prepared_.find(sql); found != prepared_.end()) return &found->second;
    const bool is_data = sql.starts_with("SELECT") || sql.starts_with("INSERT") ||
                         sql.starts_with("UPDATE") || sql.starts_with("DELETE") ||
                         sql.starts_with("WITH");
    if (!is_data || prepared_.size() >= kMaxPrepared) return nullptr;
    std::string name = "cl_" + std::to_string(prepared_.size() + 1);
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQprepare(conn_, name.c_str(), sql.c_str(), parameters, nullptr), &PQclear);
    check(result.get(), sql);
    return &prepared_.emplace(sql, std::move(name)).first->second;
  }

  void check(const PGresult* result, std::string_view sql) {
    const auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
    std::string what =
        trimmed(result == nullptr ? PQerrorMessage(conn_) : PQresultErrorMessage(result));
    if (what.starts_with("ERROR:  ")) what = what.substr(8);
    ErrorCode code = state != nullptr ? code_of_sqlstate(state) : ErrorCode::store_query_failed;
    if (PQstatus(conn_) == CONNECTION_BAD) code = ErrorCode::store_open_failed;
    last_failure_ = what;
    throw_engine_error(code, name_, what, sql);
  }

  PGconn* conn_;
  std::string name_;
  bool writing_ = false;        ///< the open transaction is a write (begin's argument)
  bool begin_pending_ = false;  ///< begin() was called and its BEGIN is not sent yet
  bool async_commit_ = false;   ///< writes commit, then wait for the flush (set_up)
  std::vector<std::unique_ptr<const Bound>> pending_;  ///< exec_deferred's, not sent yet
  std::string last_failure_;  ///< what check() last threw in this transaction
  InventoryChanges changes_;  ///< committed and not yet taken (take_inventory_changes)
  std::unordered_map<std::string, std::string> prepared_;  ///< SQL → prepared statement name
};

void ignore_notice(void*, const char*) {}

}  // namespace

PGconn* connect_postgresql(const std::string& url, int connect_timeout_seconds) {
  // Keywords before "dbname" (the URL, expanded) are overridden by what the URL says.
  const std::string timeout = std::to_string(connect_timeout_seconds);
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {connect_timeout_seconds > 0 ? timeout.c_str() : nullptr, url.c_str(),
                          nullptr};
  PGconn* conn = connect_timeout_seconds > 0 ? PQconnectdbParams(keywords, values, 1)
                                             : PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    const std::string what = conn != nullptr ? trimmed(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    throw_error(ErrorCode::store_open_failed,
                "cannot connect to " + without_password(url) + ": " + what +
                    "; check that the server runs and that host, port, user and database in the "
                    "URL are right");
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return conn;
}

std::unique_ptr<Database> open_postgresql(const std::string& url) {
  PGconn* conn = connect_postgresql(url);
  auto db = std::make_unique<PgDatabase>(conn, without_password(url));
  db->set_up();
  return db;
}

[[noreturn]] void throw_engine_error(ErrorCode code, const std::string& database,
                                     const std::string& what, std::string_view sql) {
  std::string message = database + ": " + what;
  if (code == ErrorCode::store_query_failed || code == ErrorCode::store_open_failed) {
    std::string head(sql.substr(0, 80));
    for (char& chr : head) {
      if (chr == '\n') chr = ' ';
    }
    message += " (in: " + head + (sql.size() > 80 ? "…" : "") + ")";
  }
  if (what.find("locked") != std::string::npos || what.find("busy") != std::string::npos) {
    message += "; another process holds the write lock: retry";
  }
  throw StoreError{Error{code, std::move(message), {}, {}}};
}

}  // namespace cl::store::detail
