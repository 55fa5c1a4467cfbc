// The audit log over the JSON API, for the program office only (read on the audit_log with no
// owner: only the administrator's rule grants it; anyone else gets 403, as the log belongs to no
// tenant whose existence could be hidden).
//
//   GET /api/v1/audit?limit=&offset=&entity=   entries oldest first, paged
//   GET /api/v1/audit/verify                   store::verify_audit's report of the hash chain
#include <algorithm>

#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "store/migrations.hpp"

namespace cl::server {
namespace {

constexpr std::int64_t kMaxLimit = 1000;
constexpr std::int64_t kMaxOffset = 10'000'000;
constexpr std::int64_t kBatch = 1000;

void require_audit_read(const RequestContext& context) {
  auth::Resource log;
  log.kind = auth::ResourceKind::audit_log;  // no owner: the administrator's rule only
  require(context, auth::Action::read, log);
}

/// A stored JSON column as JSON (its text if it cannot be read, so nothing is lost).
nlohmann::json column_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(*text) : parsed;
}

nlohmann::json entry_json(const store::AuditEntry& entry) {
  return {{"seq", entry.seq},
          {"at", entry.at},
          {"actor", entry.actor},
          {"action", entry.action},
          {"entity", entry.entity},
          {"entity_id", entry.entity_id},
          {"before", column_json(entry.before_json)},
          {"after", column_json(entry.after_json)},
          {"reason", entry.reason},
          {"prev_hash", entry.prev_hash},
          {"hash", entry.hash}};
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  require_audit_read(context);
  const auto limit = query_int(context, "limit", 100, 1, kMaxLimit);
  const auto offset = query_int(context, "offset", 0, 0, kMaxOffset);
  const auto entity = query(context, "entity", "");
  const auto& tables = store::table_names();
  if (!entity.empty() && std::find(tables.begin(), tables.end(), entity) == tables.end()) {
    throw_error(400, ErrorCode::parse_bad_value,
                "query parameter 'entity' must be a table name, e.g. inventory_versions",
                {.field = "entity"});
  }
  // store::list_audit pages by seq; the offset counts matching entries, so skip them in
  // batches (memory stays at one batch) and take one entry more than asked to know if more follow.
  std::vector<store::AuditEntry> page;
  std::int64_t after_seq = 0;
  std::int64_t skipped = 0;
  while (static_cast<std::int64_t>(page.size()) <= limit) {
    const auto batch = unwrap(store::list_audit(*db, after_seq, kBatch, entity));
    for (const auto& entry : batch) {
      after_seq = entry.seq;
      if (skipped < offset) {
        ++skipped;
      } else if (static_cast<std::int64_t>(page.size()) <= limit) {
        page.push_back(entry);
      }
    }
    if (static_cast<std::int64_t>(batch.size()) < kBatch) break;
  }
  const bool more = static_cast<std::int64_t>(page.size()) > limit;
  if (more) page.pop_back();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& entry : page) items.push_back(entry_json(entry));
  send_json(context.res, 200,
            {{"items", items},
             {"limit", limit},
             {"offset", offset},
             {"next_offset", more ? nlohmann::json(offset + limit) : nlohmann::json(nullptr)}});
}

void verify_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  require_audit_read(context);
  const auto report = unwrap(store::verify_audit(*db));
  send_json(context.res, 200,
            {{"intact", report.intact},
             {"entries", report.entries},
             {"head_seq", report.head_seq},
             {"head_hash", report.head_hash},
             {"first_bad_seq", report.first_bad_seq},
             {"problem", report.problem}});
}

}  // namespace

void add_audit_routes(Router& router, ApiState& state) {
  router.add({"GET", "/api/v1/audit", Access::authenticated,
              "the audit log, oldest first (administrator)",
              [&state](RequestContext& context) { list_route(state, context); }});
  router.add({"GET", "/api/v1/audit/verify", Access::authenticated,
              "recompute the audit hash chain (administrator)",
              [&state](RequestContext& context) { verify_route(state, context); }});
}

}  // namespace cl::server
