// Verification stages, comments on activity records and site visits: each write checks what it
// refers to inside its transaction and appends its audit row there.
#include "store/guidance.hpp"

#include <algorithm>

#include "core/inventory/calendar.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

nlohmann::json optional_json(const std::optional<std::int64_t>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

using detail::optional_value;

std::optional<std::int64_t> optional_column(const Row& row, std::size_t col) {
  return row.is_null(col) ? std::nullopt : std::optional<std::int64_t>(row.integer(col));
}

/// Refuses evidence that is not a file of `organization_id`.
void check_evidence(Database& db, const std::optional<std::int64_t>& evidence_id,
                    std::int64_t organization_id, const std::string& whose) {
  if (!evidence_id) return;
  if (db.query("SELECT 1 FROM evidence_files WHERE id = $1 AND organization_id = $2",
               {*evidence_id, organization_id})
          .empty()) {
    invalid("evidence " + std::to_string(*evidence_id) + " is not a file of " + whose +
                "; link one of its own evidence files",
            "evidence_id");
  }
}

std::int64_t organization_of_inventory(Database& db, std::int64_t inventory_id) {
  const auto rows =
      db.query("SELECT organization_id FROM inventories WHERE id = $1", {inventory_id});
  if (rows.empty()) detail::throw_not_found("inventory", inventory_id);
  return rows[0].integer(0);
}

std::vector<Stage> stages_of(Database& db, std::int64_t inventory_id) {
  organization_of_inventory(db, inventory_id);  // not_found for a missing inventory
  std::vector<Stage> out(kStageCount);
  for (int index = 0; index < kStageCount; ++index) {
    out[index].inventory_id = inventory_id;
    out[index].stage = index + 1;
  }
  for (const auto& row : db.query("SELECT stage, status, note, evidence_id, updated_by, updated_at "
                                  "FROM inventory_stages WHERE inventory_id = $1",
                                  {inventory_id})) {
    const auto stage = row.integer(0);
    if (stage < 1 || stage > kStageCount) continue;  // the CHECK keeps them in range
    auto& item = out[static_cast<std::size_t>(stage - 1)];
    item.status = row.text(1);
    item.note = row.text(2);
    item.evidence_id = optional_column(row, 3);
    item.updated_by = row.text(4);
    item.updated_at = row.text(5);
  }
  return out;
}

/// Why stage 6 cannot be done yet; empty when it can.
std::string external_verification_problem(Database& db, std::int64_t inventory_id) {
  if (db.query("SELECT 1 FROM inventory_versions WHERE inventory_id = $1 LIMIT 1", {inventory_id})
          .empty()) {
    return "external verification is done on a frozen version, and inventory " +
           std::to_string(inventory_id) + " has none; freeze it and share it with the verifier";
  }
  const auto open = db.query(
                          "SELECT COUNT(*) FROM findings f JOIN inventory_versions v ON "
                          "v.id = f.version_id WHERE v.inventory_id = $1 AND f.status <> 'closed'",
                          {inventory_id})[0]
                        .integer(0);
  if (open == 0) return {};
  return std::to_string(open) + (open == 1 ? " finding" : " findings") +
         " on the inventory's versions " + (open == 1 ? "is" : "are") +
         " not closed; external verification is done when the verifier has closed every finding";
}

/// Characters of UTF-8 text (bytes that do not continue a sequence).
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

constexpr const char* kVisitColumns =
    "id, organization_id, visit_date, visitor, purpose, notes, evidence_id, created_by, "
    "created_at";

SiteVisit visit_of(const Row& row) {
  return {row.integer(0), row.integer(1),          row.text(2), row.text(3), row.text(4),
          row.text(5),    optional_column(row, 6), row.text(7), row.text(8)};
}

constexpr const char* kCommentColumns =
    "id, activity_id, organization_id, text, created_by, created_at";

ActivityComment comment_of(const Row& row) {
  return {row.integer(0), row.integer(1), row.integer(2), row.text(3), row.text(4), row.text(5)};
}

}  // namespace

bool is_calendar_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  std::size_t pos = 0;
  for (int part = 0; part < 3; ++part) {
    const std::size_t width = part == 0 ? 4 : 2;
    for (std::size_t idx = 0; idx < width; ++idx, ++pos) {
      const char c = text[pos];
      if (c < '0' || c > '9') return false;
      parts[part] = parts[part] * 10 + (c - '0');
    }
    ++pos;  // the dash
  }
  const auto [year, month, day] = parts;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= inventory::days_in_month(year, month);
}

nlohmann::json to_json(const Stage& stage) {
  return {{"stage", stage.stage},
          {"key", std::string(kStageKeys.at(static_cast<std::size_t>(stage.stage - 1)))},
          {"status", stage.status},
          {"note", stage.note},
          {"evidence_id", optional_json(stage.evidence_id)},
          {"updated_by", stage.updated_by},
          {"updated_at", stage.updated_at}};
}

nlohmann::json to_json(const ActivityComment& comment) {
  return {{"id", comment.id},
          {"activity_id", comment.activity_id},
          {"organization_id", comment.organization_id},
          {"text", comment.text},
          {"created_by", comment.created_by},
          {"created_at", comment.created_at}};
}

nlohmann::json to_json(const SiteVisit& visit) {
  return {{"id", visit.id},
          {"organization_id", visit.organization_id},
          {"date", visit.date},
          {"visitor", visit.visitor},
          {"purpose", visit.purpose},
          {"notes", visit.notes},
          {"evidence_id", optional_json(visit.evidence_id)},
          {"created_by", visit.created_by},
          {"created_at", visit.created_at}};
}

Result<std::vector<Stage>> list_stages(Database& db, std::int64_t inventory_id) {
  return guard([&] {
    std::vector<Stage> out;
    db.read_snapshot([&] { out = stages_of(db, inventory_id); });
    return out;
  });
}

Result<Stage> update_stage(Database& db, const Actor& actor, std::int64_t inventory_id, int stage,
                           const StageChange& change) {
  return guard([&] {
    if (stage < 1 || stage > kStageCount) {
      throw_error(ErrorCode::store_not_found,
                  "stage " + std::to_string(stage) + " does not exist; the stages are 1 to 6");
    }
    if (change.status && *change.status != "pending" && *change.status != "in_progress" &&
        *change.status != "done") {
      invalid("stage status '" + *change.status + "' is not one of pending, in_progress, done",
              "status");
    }
    Stage after;
    db.write([&] {
      const auto organization_id = organization_of_inventory(db, inventory_id);
      const auto stages = stages_of(db, inventory_id);
      const Stage before = stages[static_cast<std::size_t>(stage - 1)];
      after = before;
      if (change.status) after.status = *change.status;
      if (change.note) after.note = *change.note;
      if (change.evidence_id) after.evidence_id = *change.evidence_id;
      if (change.evidence_id) {
        check_evidence(db, after.evidence_id, organization_id, "the inventory's organization");
      }
      if (after.status == "done" && before.status != "done") {
        for (int earlier = 1; earlier < stage; ++earlier) {
          const auto& item = stages[static_cast<std::size_t>(earlier - 1)];
          if (item.status == "done") continue;
          invalid("stage " + std::to_string(stage) + " (" +
                      std::string(kStageKeys[static_cast<std::size_t>(stage - 1)]) +
                      ") is done only after stage " + std::to_string(earlier) + " (" +
                      std::string(kStageKeys[static_cast<std::size_t>(earlier - 1)]) +
                      "), which is " + item.status,
                  "status");
        }
        if (stage == kStageCount) {
          if (const auto problem = external_verification_problem(db, inventory_id);
              !problem.empty()) {
            invalid(problem, "status");
          }
        }
      }
      if (after.status == before.status && after.note == before.note &&
          after.evidence_id == before.evidence_id) {
        return;  // nothing changes, nothing to audit
      }
      after.updated_by = actor.who;
      after.updated_at = now_iso8601();
      const bool written = !before.updated_at.empty();
      if (written) {
        db.exec(
            "UPDATE inventory_stages SET status = $3, note = $4, evidence_id = $5, "
            "updated_by = $6, updated_at = $7 WHERE inventory_id = $1 AND stage = $2",
            {inventory_id, std::int64_t{stage}, after.status, after.note,
             optional_value(after.evidence_id), after.updated_by, after.updated_at});
      } else {
        db.exec(
            "INSERT INTO inventory_stages (inventory_id, stage, status, note, evidence_id, "
            "updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {inventory_id, std::int64_t{stage}, after.status, after.note,
             optional_value(after.evidence_id), after.updated_by, after.updated_at});
      }
      auto before_json = written ? to_json(before) : nlohmann::json(nullptr);
      auto after_json = to_json(after);
      if (written) before_json["inventory_id"] = inventory_id;
      after_json["inventory_id"] = inventory_id;
      append_audit(db, actor, written ? "update" : "create", "inventory_stages",
                   std::to_string(inventory_id) + "/" + std::to_string(stage), before_json,
                   after_json);
    });
    return after;
  });
}

Result<ActivityComment> add_comment(Database& db, const Actor& actor, ActivityComment comment) {
  return guard([&] {
    if (comment.text.empty()) invalid("a comment needs a text", "text");
    if (code_points(comment.text) > kMaxCommentLength) {
      invalid("a comment has at most " + std::to_string(kMaxCommentLength) + " characters (got " +
                  std::to_string(code_points(comment.text)) + "); split it",
              "text");
    }
    db.write([&] {
      if (db.query("SELECT 1 FROM activity_records WHERE id = $1", {comment.activity_id}).empty()) {
        detail::throw_not_found("activity record", comment.activity_id);
      }
      comment.created_by = actor.who;
      comment.created_at = now_iso8601();
      comment.id = detail::insert_id(
          db,
          "INSERT INTO activity_comments (activity_id, organization_id, text, created_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5)",
          {comment.activity_id, comment.organization_id, comment.text, comment.created_by,
           comment.created_at});
      append_audit(db, actor, "create", "activity_comments", std::to_string(comment.id), nullptr,
                   to_json(comment));
    });
    return comment;
  });
}

Result<std::vector<ActivityComment>> list_comments(Database& db, std::int64_t activity_id) {
  return guard([&] {
    std::vector<ActivityComment> out;
    for (const auto& row : db.query(std::string("SELECT ") + kCommentColumns +
                                        " FROM activity_comments WHERE activity_id = $1 "
                                        "ORDER BY id",
                                    {activity_id})) {
      out.push_back(comment_of(row));
    }
    return out;
  });
}

Result<SiteVisit> add_site_visit(Database& db, const Actor& actor, SiteVisit visit) {
  return guard([&] {
    if (!is_calendar_date(visit.date)) {
      invalid("date '" + visit.date + "' is not a calendar day written YYYY-MM-DD, e.g. 2024-05-17",
              "date");
    }
    if (visit.visitor.empty()) invalid("a site visit names its visitor", "visitor");
    if (visit.purpose.empty()) invalid("a site visit names its purpose", "purpose");
    db.write([&] {
      if (db.query("SELECT 1 FROM organizations WHERE id = $1", {visit.organization_id}).empty()) {
        detail::throw_not_found("organization", visit.organization_id);
      }
      check_evidence(db, visit.evidence_id, visit.organization_id, "the visited organization");
      visit.created_by = actor.who;
      visit.created_at = now_iso8601();
      visit.id = detail::insert_id(
          db,
          "INSERT INTO site_visits (organization_id, visit_date, visitor, purpose, notes, "
          "evidence_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {visit.organization_id, visit.date, visit.visitor, visit.purpose, visit.notes,
           optional_value(visit.evidence_id), visit.created_by, visit.created_at});
      append_audit(db, actor, "create", "site_visits", std::to_string(visit.id), nullptr,
                   to_json(visit));
    });
    return visit;
  });
}

Result<std::vector<SiteVisit>> list_site_visits(Database& db, std::int64_t organization_id) {
  return guard([&] {
    std::vector<SiteVisit> out;
    for (const auto& row : db.query(std::string("SELECT ") + kVisitColumns +
                                        " FROM site_visits WHERE organization_id = $1 "
                                        "ORDER BY visit_date, id",
                                    {organization_id})) {
      out.push_back(visit_of(row));
    }
    return out;
  });
}

}  // namespace cl::store
