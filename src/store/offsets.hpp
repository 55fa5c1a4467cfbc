// Offset projects of an organization (抵換專案, OFS-1 to OFS-5) in the store: the project as
// its offset-project/1 document (docs/formats/offset-project.md) without stages and monitoring
// periods, the stage history (OFS-4), the monitoring data per period, and the organization's
// credit ledger (OFS-5) as events.
//
// Every write runs in one transaction that ends by reading the whole project back as the
// engine does (io::parse_offset_project) and computing it (offsets::compute_project), or by
// replaying the whole ledger (offsets::CreditLedger): a write the engine refuses — a project
// above the micro-scale limit, a sub-project failing an inclusion criterion, a sample smaller
// than required, a stage out of order, a credit used twice — is rolled back and its Error
// returned (offsets.* codes, `where.field` naming the member, no file or line: they would name
// the scratch document, not the request). Nothing is half-saved.
//
// Verified reductions: a monitoring period is verified by the first `verification` stage dated
// on or after its end; recording the `issued` stage issues, to the project's proponent, the
// credits of every verified period not issued yet (floor of its reduction, core/offsets).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "core/offsets/ledger.hpp"
#include "core/offsets/method.hpp"
#include "core/offsets/project.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

/// What the engine checks projects with: the methods catalogue and the scale limits (data).
struct OffsetRules {
  offsets::MethodCatalog methods;
  offsets::ScaleLimits limits;
};

/// Reads data/offsets/methods.yaml and scale-limits.yaml of `data_dir` (micro scale).
Result<OffsetRules> load_offset_rules(const std::string& data_dir);

struct OffsetProjectRecord {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string code;  ///< the document's "id", unique in the organization
  std::string name;
  std::string type;    ///< planned, programmatic
  std::string method;  ///< a method id of the catalogue
  /// The rest of the document: proponent, scale, crediting_period, additionality, ...,
  /// sub_projects (without their monitoring periods).
  nlohmann::json definition = nlohmann::json::object();
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct OffsetStageRecord {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::int64_t seq = 0;  ///< 1, 2, ... in the order recorded
  std::string stage;     ///< feasibility, plan, ..., issued
  std::string date;      ///< YYYY-MM-DD
  std::string responsible;
  std::vector<std::string> documents;
  std::optional<std::int64_t> evidence_id;  ///< an evidence file of the organization
  std::string note;
  std::string created_by;
  std::string created_at;
};

struct OffsetPeriodRecord {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string sub_project;  ///< "" for a planned project
  std::string period;       ///< the period id, e.g. "2024"
  std::string from;
  std::string to;
  /// {"parameters": {...}, "sampled": {...}} as in the document's monitoring period.
  nlohmann::json data = nlohmann::json::object();
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct LedgerEventRecord {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string action;  ///< issue, transfer, use, retire
  std::optional<std::int64_t> project_id;
  std::string project;  ///< the project's code (read; issue and an optional filter)
  std::string period;   ///< issue: the ledger's period key
  std::string from;     ///< transfer, use, retire: the holder
  std::string to;       ///< issue, transfer: the receiving holder
  std::string purpose;  ///< use: excess_emissions, eia_increment, voluntary
  std::string reference;
  std::int64_t quantity = 0;
  std::optional<std::int64_t> serial_first;  ///< a given range, or the serials issued
  std::optional<std::int64_t> serial_last;
  std::string created_by;
  std::string created_at;
};

nlohmann::json to_json(const OffsetProjectRecord& project);
nlohmann::json to_json(const OffsetStageRecord& stage);
nlohmann::json to_json(const OffsetPeriodRecord& period);
nlohmann::json to_json(const LedgerEventRecord& event);

/// Creates a project from its document (the offset-project/1 members except stages and
/// monitoring periods, which are refused: they have their own writes). store.conflict for a
/// code already used in the organization; the engine's error otherwise.
Result<OffsetProjectRecord> create_offset_project(Database& db, const Actor& actor,
                                                  const OffsetRules& rules,
                                                  std::int64_t organization_id,
                                                  const nlohmann::json& document);
/// Replaces the document of project `id` (its code may not change: the ledger names it).
Result<OffsetProjectRecord> update_offset_project(Database& db, const Actor& actor,
                                                  const OffsetRules& rules, std::int64_t id,
                                                  const nlohmann::json& document);
Result<OffsetProjectRecord> get_offset_project(Database& db, std::int64_t id);
Result<std::vector<OffsetProjectRecord>> list_offset_projects(Database& db,
                                                              std::int64_t organization_id);

Result<std::vector<OffsetStageRecord>> list_offset_stages(Database& db, std::int64_t project_id);
/// Records the next stage (offsets.stage when it may not follow); `issued` issues the credits
/// of the verified periods (see above). Returns the stage as stored.
Result<OffsetStageRecord> add_offset_stage(Database& db, const Actor& actor,
                                           const OffsetRules& rules, OffsetStageRecord stage);

Result<std::vector<OffsetPeriodRecord>> list_offset_periods(Database& db, std::int64_t project_id);
/// Stores the monitoring data of a period, replacing the period of the same sub-project and id.
/// A period that already has issued credits may not change (offsets.credit).
Result<OffsetPeriodRecord> put_offset_period(Database& db, const Actor& actor,
                                             const OffsetRules& rules, OffsetPeriodRecord period);
Result<void> delete_offset_period(Database& db, const Actor& actor, const OffsetRules& rules,
                                  std::int64_t project_id, const std::string& sub_project,
                                  const std::string& period);

/// The project's whole offset-project/1 document (what `carbonledger offsets compute` reads).
Result<nlohmann::json> offset_document(Database& db, std::int64_t project_id);

struct OffsetComputation {
  offsets::Project project;
  offsets::ProjectResult result;
};
/// The document read and computed by the engine (the result points into `rules.methods`).
Result<OffsetComputation> compute_offset_project(Database& db, const OffsetRules& rules,
                                                 std::int64_t project_id);

/// The ledger key of a period: the period id, "<sub-project>/<period>" in a programme.
std::string ledger_period(const std::string& sub_project, const std::string& period);

Result<std::vector<LedgerEventRecord>> list_ledger_events(Database& db,
                                                          std::int64_t organization_id);
/// Appends a transfer, use or retire (issues come only from the `issued` stage): refused with
/// the engine's error (offsets.credit, offsets.credit_used) when the ledger would not replay.
Result<LedgerEventRecord> add_ledger_event(Database& db, const Actor& actor,
                                           const OffsetRules& rules, LedgerEventRecord event);
/// The organization's ledger replayed: verified reductions of its projects, then its events.
Result<offsets::CreditLedger> replay_offset_ledger(Database& db, const OffsetRules& rules,
                                                   std::int64_t organization_id);

}  // namespace cl::store
