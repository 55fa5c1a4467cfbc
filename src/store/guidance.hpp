// The consultant's guidance of issue 6 beside an inventory:
//  - the six stages of inventory verification guidance (VER-1): kickoff → boundary → data →
//    report → internal audit → external verification, each pending, in progress or done, with a
//    note and an evidence file. A stage is done only after every earlier one; the external
//    verification is done only when a version is frozen and every finding on the inventory's
//    versions is closed. A stage never written reads as pending.
//  - comments on activity records (guidance written beside a bill line);
//  - site visits of an organization (date, visitor, purpose, notes, evidence).
// Every mutation is one transaction with its audit row.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

inline constexpr int kStageCount = 6;
/// The stages' keys, stage 1 first.
inline constexpr std::array<std::string_view, kStageCount> kStageKeys = {
    "kickoff", "boundary", "data", "report", "internal_audit", "external_verification"};

struct Stage {
  std::int64_t inventory_id = 0;
  int stage = 1;                   ///< 1 … kStageCount
  std::string status = "pending";  ///< pending, in_progress, done
  std::string note;
  std::optional<std::int64_t> evidence_id;
  std::string updated_by;  ///< empty while never written
  std::string updated_at;
};

/// A change of a stage: only the members given change (evidence_id: a value sets it, a held
/// nullopt clears it).
struct StageChange {
  std::optional<std::string> status;
  std::optional<std::string> note;
  std::optional<std::optional<std::int64_t>> evidence_id;
};

struct ActivityComment {
  std::int64_t id = 0;
  std::int64_t activity_id = 0;
  std::int64_t organization_id = 0;  ///< the author's organization
  std::string text;
  std::string created_by;
  std::string created_at;
};

inline constexpr std::size_t kMaxCommentLength = 2000;  ///< characters (UTF-8 code points)

struct SiteVisit {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string date;  ///< YYYY-MM-DD
  std::string visitor;
  std::string purpose;
  std::string notes;
  std::optional<std::int64_t> evidence_id;
  std::string created_by;
  std::string created_at;
};

/// {"stage", "key", "status", "note", "evidence_id" (null when none), "updated_by",
/// "updated_at"}; no inventory_id (the list is per inventory).
nlohmann::json to_json(const Stage& stage);
nlohmann::json to_json(const ActivityComment& comment);
/// With "date" (not the column's name visit_date).
nlohmann::json to_json(const SiteVisit& visit);

/// The six stages of the inventory, stage 1 first; unwritten ones pending with empty fields.
/// store.not_found when the inventory does not exist.
Result<std::vector<Stage>> list_stages(Database& db, std::int64_t inventory_id);

/// Changes stage `stage` (1 … 6; store.not_found otherwise, and for a missing inventory) and
/// returns it. store.invalid (where.field naming the member) for a status not pending,
/// in_progress or done; an evidence file of another organization than the inventory's; "done"
/// while an earlier stage is not; stage 6 "done" without a frozen version or with findings on
/// the inventory's versions that are not closed. Nothing changes: no audit row.
Result<Stage> update_stage(Database& db, const Actor& actor, std::int64_t inventory_id, int stage,
                           const StageChange& change);

/// Stores a comment on an activity record. store.not_found for no such record; store.invalid for
/// an empty text or one longer than kMaxCommentLength characters.
Result<ActivityComment> add_comment(Database& db, const Actor& actor, ActivityComment comment);
/// The comments on a record, oldest first.
Result<std::vector<ActivityComment>> list_comments(Database& db, std::int64_t activity_id);

/// Stores a site visit. store.invalid (naming the member) for a date that is not a calendar day
/// YYYY-MM-DD, an empty visitor or purpose, or evidence of another organization.
Result<SiteVisit> add_site_visit(Database& db, const Actor& actor, SiteVisit visit);
/// The organization's site visits by date (then id).
Result<std::vector<SiteVisit>> list_site_visits(Database& db, std::int64_t organization_id);

/// True when `text` is a calendar day written YYYY-MM-DD (1900 … 2200).
bool is_calendar_date(std::string_view text);

}  // namespace cl::store
