// Audit rows are appended under a lock so that concurrent writers form one chain: SQLite's
// BEGIN IMMEDIATE already serializes writers; PostgreSQL takes a SHARE ROW EXCLUSIVE lock on
// audit_log (it conflicts with itself) until the transaction ends, in cl_audit_append
// (migration 12), which also reads the head and hashes the row. That call is deferred
// (Database::exec_deferred): it goes with the COMMIT, so the lock is held for no round trip.
#include "store/audit.hpp"

namespace cl::store {
namespace {

constexpr const char* kColumns =
    "seq, at, actor, action, entity, entity_id, before_json, after_json, reason, prev_hash, hash";

AuditEntry entry_of(const Row& row) {
  return {row.integer(0), row.text(1), row.text(2),          row.text(3),
          row.text(4),    row.text(5), row.optional_text(6), row.optional_text(7),
          row.text(8),    row.text(9), row.text(10)};
}

nlohmann::json nullable(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

/// The canonical JSON array audit_hash() hashes, without its first member (seq) and its last
/// (prev_hash), and without the brackets: what cl_audit_append (migration 12) completes.
std::string hashed_fields(const AuditEntry& entry) {
  const nlohmann::json fields = {entry.at,
                                 entry.actor,
                                 entry.action,
                                 entry.entity,
                                 entry.entity_id,
                                 nullable(entry.before_json),
                                 nullable(entry.after_json),
                                 entry.reason};
  std::string text = fields.dump();
  return text.substr(1, text.size() - 2);
}

}  // namespace

std::string audit_hash(const AuditEntry& entry) {
  // The dump of the array [seq, at, actor, action, entity, entity_id, before_json|null,
  // after_json|null, reason, prev_hash].
  std::string canonical = "[";
  canonical += std::to_string(entry.seq);
  canonical += ',';
  canonical += hashed_fields(entry);
  canonical += ',';
  canonical += nlohmann::json(entry.prev_hash).dump();
  canonical += ']';
  return sha256_hex(canonical);
}

void append_audit(Database& db, const Actor& actor, const std::string& action,
                  const std::string& entity, const std::string& entity_id,
                  const nlohmann::json& before, const nlohmann::json& after) {
  if (!db.in_transaction()) {
    throw_error(ErrorCode::internal, "append_audit called outside a write transaction");
  }
  AuditEntry entry;
  entry.at = now_iso8601();
  entry.actor = actor.who.empty() ? "unknown" : actor.who;
  entry.action = action;
  entry.entity = entity;
  entry.entity_id = entity_id;
  if (!before.is_null()) entry.before_json = before.dump();
  if (!after.is_null()) entry.after_json = after.dump();
  entry.reason = actor.reason;
  auto text_or_null = [](const std::optional<std::string>& text) -> Value {
    return text ? Value(*text) : Value();
  };
  if (db.dialect() == Dialect::postgresql) {
    // The lock, the head, the hash and the insert in one statement (migration 12), sent with
    // the transaction's next statement or its COMMIT: the lock is then held for no round trip.
    db.exec_deferred("SELECT cl_audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                     {entry.at, entry.actor, entry.action, entry.entity, entry.entity_id,
                      text_or_null(entry.before_json), text_or_null(entry.after_json), entry.reason,
                      hashed_fields(entry)});
    return;
  }
  // SQLite's write transaction already excludes every other writer.
  const auto last = db.query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  entry.seq = last.empty() ? 1 : last[0].integer(0) + 1;
  entry.prev_hash = last.empty() ? std::string(kGenesisHash) : last[0].text(1);
  entry.hash = audit_hash(entry);
  db.exec(std::string("INSERT INTO audit_log (") + kColumns +
              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entity_id,
           text_or_null(entry.before_json), text_or_null(entry.after_json), entry.reason,
           entry.prev_hash, entry.hash});
}

Result<AuditReport> verify_audit(Database& db) {
  return guard([&] {
    AuditReport report;
    db.read_snapshot([&] {
      std::int64_t expected = 1;
      std::string prev = kGenesisHash;
      for (;;) {
        const auto rows = db.query(std::string("SELECT ") + kColumns +
                                       " FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 1000",
                                   {expected});
        if (rows.empty()) break;
        for (const auto& row : rows) {
          const AuditEntry entry = entry_of(row);
          auto broken = [&](std::int64_t seq, std::string problem) {
            report.intact = false;
            report.first_bad_seq = seq;
            report.problem = std::move(problem);
          };
          if (entry.seq != expected) {
            broken(expected, "seq " + std::to_string(expected) + " is missing (the next is " +
                                 std::to_string(entry.seq) + "): a row was deleted");
          } else if (entry.prev_hash != prev) {
            broken(entry.seq, "seq " + std::to_string(entry.seq) + " does not follow seq " +
                                  std::to_string(entry.seq - 1) +
                                  ": its prev_hash is not that row's hash (rows deleted, "
                                  "reordered or edited)");
          } else if (audit_hash(entry) != entry.hash) {
            broken(entry.seq, "seq " + std::to_string(entry.seq) +
                                  " was changed: its hash does not match its content");
          }
          if (!report.intact) return;
          ++report.entries;
          report.head_seq = entry.seq;
          report.head_hash = entry.hash;
          prev = entry.hash;
          ++expected;
        }
      }
      // Rows with seq < 1 are never written; one there was inserted by hand.
      const auto stray = db.query("SELECT MIN(seq) FROM audit_log WHERE seq < 1");
      if (!stray.empty() && !stray[0].is_null(0)) {
        report.intact = false;
        report.first_bad_seq = stray[0].integer(0);
        report.problem = "seq " + std::to_string(report.first_bad_seq) + " is not a valid seq";
      }
    });
    return report;
  });
}

Result<std::vector<AuditEntry>> list_audit(Database& db, std::int64_t after_seq, std::int64_t limit,
                                           const std::string& entity) {
  return guard([&] {
    std::vector<AuditEntry> out;
    const auto rows =
        entity.empty()
            ? db.query(std::string("SELECT ") + kColumns +
                           " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                       {after_seq, limit})
            : db.query(std::string("SELECT ") + kColumns +
                           " FROM audit_log WHERE seq > $1 AND entity = $3 ORDER BY seq LIMIT $2",
                       {after_seq, limit, entity});
    for (const auto& row : rows) out.push_back(entry_of(row));
    return out;
  });
}

}  // namespace cl::store
