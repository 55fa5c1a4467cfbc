// Offset projects in the store: each write ends by reading the project back as the engine does
// and computing it, and by replaying the organization's ledger; a refusal rolls it back.
#include "store/offsets.hpp"

#include <algorithm>
#include <map>

#include "core/offsets/stages.hpp"
#include "io/offsets_reader.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using nlohmann::json;

constexpr const char* kProjectColumns =
    "id, organization_id, code, name, type, method, definition, created_by, created_at, "
    "updated_at";
constexpr const char* kStageColumns =
    "id, project_id, seq, stage, stage_date, responsible, documents, evidence_id, note, "
    "created_by, created_at";
constexpr const char* kPeriodColumns =
    "id, project_id, sub_project, period, from_date, to_date, data, created_by, created_at, "
    "updated_at";
constexpr const char* kEventColumns =
    "e.id, e.organization_id, e.action, e.project_id, COALESCE(p.code, ''), e.period, "
    "e.from_holder, e.to_holder, e.purpose, e.reference, e.quantity, e.serial_first, "
    "e.serial_last, e.created_by, e.created_at";

[[noreturn]] void refuse(ErrorCode code, const std::string& message, const std::string& field,
                         const std::string& record = {}) {
  RecordRef where;
  where.field = field;
  where.record = record;
  throw StoreError{Error{code, message, std::move(where), {}}};
}

/// An engine error as the store returns it: without the scratch document's file and line.
[[noreturn]] void refuse(Error error) {
  error.where.file.clear();
  error.where.row = 0;
  throw StoreError{std::move(error)};
}

using detail::optional_value;

json optional_json(const std::optional<std::int64_t>& id) {
  return id ? json(*id) : json(nullptr);
}

OffsetProjectRecord project_of(const Row& row) {
  OffsetProjectRecord out;
  out.id = row.integer(0);
  out.organization_id = row.integer(1);
  out.code = row.text(2);
  out.name = row.text(3);
  out.type = row.text(4);
  out.method = row.text(5);
  out.definition = detail::parse_json(row.text(6), "offset project " + std::to_string(out.id));
  out.created_by = row.text(7);
  out.created_at = row.text(8);
  out.updated_at = row.text(9);
  return out;
}

OffsetStageRecord stage_of(const Row& row) {
  OffsetStageRecord out;
  out.id = row.integer(0);
  out.project_id = row.integer(1);
  out.seq = row.integer(2);
  out.stage = row.text(3);
  out.date = row.text(4);
  out.responsible = row.text(5);
  const auto documents = detail::parse_json(row.text(6), "offset stage " + std::to_string(out.id));
  for (const auto& item : documents) out.documents.push_back(item.get<std::string>());
  if (!row.is_null(7)) out.evidence_id = row.integer(7);
  out.note = row.text(8);
  out.created_by = row.text(9);
  out.created_at = row.text(10);
  return out;
}

OffsetPeriodRecord period_of(const Row& row) {
  OffsetPeriodRecord out;
  out.id = row.integer(0);
  out.project_id = row.integer(1);
  out.sub_project = row.text(2);
  out.period = row.text(3);
  out.from = row.text(4);
  out.to = row.text(5);
  out.data = detail::parse_json(row.text(6), "offset period " + std::to_string(out.id));
  out.created_by = row.text(7);
  out.created_at = row.text(8);
  out.updated_at = row.text(9);
  return out;
}

LedgerEventRecord event_of(const Row& row) {
  LedgerEventRecord out;
  out.id = row.integer(0);
  out.organization_id = row.integer(1);
  out.action = row.text(2);
  if (!row.is_null(3)) out.project_id = row.integer(3);
  out.project = row.text(4);
  out.period = row.text(5);
  out.from = row.text(6);
  out.to = row.text(7);
  out.purpose = row.text(8);
  out.reference = row.text(9);
  out.quantity = row.integer(10);
  if (!row.is_null(11)) out.serial_first = row.integer(11);
  if (!row.is_null(12)) out.serial_last = row.integer(12);
  out.created_by = row.text(13);
  out.created_at = row.text(14);
  return out;
}

OffsetProjectRecord load_project(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kProjectColumns + " FROM offset_projects WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("offset project", id);
  return project_of(rows[0]);
}

std::vector<OffsetStageRecord> load_stages(Database& db, std::int64_t project_id) {
  std::vector<OffsetStageRecord> out;
  for (const auto& row : db.query(std::string("SELECT ") + kStageColumns +
                                      " FROM offset_stages WHERE project_id = $1 ORDER BY seq",
                                  {project_id})) {
    out.push_back(stage_of(row));
  }
  return out;
}

std::vector<OffsetPeriodRecord> load_periods(Database& db, std::int64_t project_id) {
  std::vector<OffsetPeriodRecord> out;
  for (const auto& row : db.query(std::string("SELECT ") + kPeriodColumns +
                                      " FROM offset_periods WHERE project_id = $1 "
                                      "ORDER BY sub_project, from_date, period",
                                  {project_id})) {
    out.push_back(period_of(row));
  }
  return out;
}

std::vector<LedgerEventRecord> load_events(Database& db, std::int64_t organization_id) {
  std::vector<LedgerEventRecord> out;
  for (const auto& row : db.query(std::string("SELECT ") + kEventColumns +
                                      " FROM offset_ledger_events e LEFT JOIN offset_projects p "
                                      "ON p.id = e.project_id WHERE e.organization_id = $1 "
                                      "ORDER BY e.id",
                                  {organization_id})) {
    out.push_back(event_of(row));
  }
  return out;
}

json period_json(const OffsetPeriodRecord& period) {
  json out = {{"id", period.period}, {"from", period.from}, {"to", period.to}};
  for (const char* key : {"parameters", "sampled"}) {
    if (period.data.contains(key)) out[key] = period.data[key];
  }
  return out;
}

json assemble(const OffsetProjectRecord& project, const std::vector<OffsetStageRecord>& stages,
              const std::vector<OffsetPeriodRecord>& periods) {
  json doc = project.definition;
  doc["format"] = "offset-project/1";
  doc["id"] = project.code;
  doc["name"] = project.name;
  doc["type"] = project.type;
  doc["method"] = project.method;
  if (!stages.empty()) {
    json list = json::array();
    for (const auto& stage : stages) {
      json item = {{"stage", stage.stage},
                   {"date", stage.date},
                   {"responsible", stage.responsible},
                   {"documents", stage.documents}};
      if (!stage.note.empty()) item["note"] = stage.note;
      list.push_back(std::move(item));
    }
    doc["stages"] = std::move(list);
  }
  if (project.type == "programmatic") {
    if (doc.contains("sub_projects") && doc["sub_projects"].is_array()) {
      for (auto& sub : doc["sub_projects"]) {
        json list = json::array();
        for (const auto& period : periods) {
          if (sub.is_object() && sub.value("id", "") == period.sub_project) {
            list.push_back(period_json(period));
          }
        }
        if (!list.empty()) sub["monitoring_periods"] = std::move(list);
      }
    }
  } else {
    json list = json::array();
    for (const auto& period : periods) list.push_back(period_json(period));
    if (!list.empty()) doc["monitoring_periods"] = std::move(list);
  }
  return doc;
}

/// Reads and computes the document as `carbonledger offsets compute` does; throws its error.
OffsetComputation compute_document(const json& doc, const OffsetRules& rules) {
  Diagnostics diagnostics;
  auto project = io::parse_offset_project(doc.dump(1), "project", diagnostics);
  if (!project) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error) refuse(Error{item.code, item.message, item.where, {}});
    }
    refuse(project.error());
  }
  auto result = offsets::compute_project(*project, rules.methods, rules.limits);
  if (!result) refuse(result.error());
  return {std::move(*project), std::move(*result)};
}

OffsetComputation compute_stored(Database& db, const OffsetRules& rules, std::int64_t id) {
  const auto project = load_project(db, id);
  return compute_document(assemble(project, load_stages(db, id), load_periods(db, id)), rules);
}

/// Splits a request's document into the columns and the stored definition.
OffsetProjectRecord record_of(const json& document) {
  if (!document.is_object()) refuse(ErrorCode::parse_bad_value, "a project is a JSON object", "");
  OffsetProjectRecord out;
  for (const char* key : {"stages", "monitoring_periods"}) {
    if (document.contains(key)) {
      refuse(ErrorCode::parse_unknown_field,
             std::string("\"") + key +
                 "\" is not part of the project: record stages and monitoring data with their "
                 "own requests (…/stages, …/periods)",
             key);
    }
  }
  if (document.contains("format") && document["format"] != "offset-project/1") {
    refuse(ErrorCode::parse_bad_value, "format must be offset-project/1", "format");
  }
  for (const char* key : {"id", "name", "type", "method"}) {
    if (!document.contains(key)) {
      refuse(ErrorCode::parse_missing_field, std::string("a project needs \"") + key + "\"", key);
    }
    if (!document[key].is_string() || document[key].get<std::string>().empty()) {
      refuse(ErrorCode::parse_bad_value, std::string("\"") + key + "\" must be non-empty text",
             key);
    }
  }
  out.code = document["id"];
  out.name = document["name"];
  out.type = document["type"];
  out.method = document["method"];
  if (out.type != "planned" && out.type != "programmatic") {
    refuse(ErrorCode::parse_bad_value,
           "type '" + out.type + "' is not planned (計畫型) or programmatic (方案型)", "type");
  }
  if (document.contains("sub_projects") && document["sub_projects"].is_array()) {
    for (std::size_t i = 0; i < document["sub_projects"].size(); ++i) {
      const auto& sub = document["sub_projects"][i];
      if (sub.is_object() && sub.contains("monitoring_periods")) {
        refuse(ErrorCode::parse_unknown_field,
               "a sub-project's monitoring data are recorded with …/periods, not in the project",
               "sub_projects[" + std::to_string(i) + "].monitoring_periods");
      }
    }
  }
  out.definition = document;
  for (const char* key : {"format", "id", "name", "type", "method"}) out.definition.erase(key);
  return out;
}

std::string verification_of(const std::vector<OffsetStageRecord>& stages,
                            const offsets::Date& end) {
  for (const auto& stage : stages) {
    if (stage.stage != "verification") continue;
    const auto date = offsets::parse_date(stage.date);
    if (date && *date >= end) {
      return stage.documents.empty() ? "verification " + stage.date : stage.documents.front();
    }
  }
  return {};
}

struct Replayed {
  offsets::CreditLedger ledger;
  std::map<std::int64_t, offsets::SerialRange> issued;  ///< by issue event id
};

/// The verified reductions of the organization's projects, then its events in order.
Replayed replay(Database& db, const OffsetRules& rules, std::int64_t organization_id) {
  Replayed out;
  for (const auto& row : db.query("SELECT id, code FROM offset_projects WHERE organization_id = "
                                  "$1 ORDER BY id",
                                  {organization_id})) {
    const auto id = row.integer(0);
    const auto computed = compute_stored(db, rules, id);
    const auto stages = load_stages(db, id);
    const bool programmatic = computed.project.type == offsets::ProjectType::programmatic;
    for (const auto& part : computed.result.parts) {
      for (const auto& period : part.periods) {
        const auto statement = verification_of(stages, period.to);
        if (statement.empty()) continue;
        const offsets::VerifiedReduction verified{
            row.text(1), ledger_period(programmatic ? part.id : "", period.period),
            period.emissions.reduction_t, statement};
        if (auto ok = out.ledger.add_verified(verified); !ok) refuse(ok.error());
      }
    }
  }
  std::size_t index = 0;
  for (const auto& event : load_events(db, organization_id)) {
    ++index;
    offsets::Selection which;
    which.quantity = static_cast<std::uint64_t>(event.quantity);
    which.project = event.action == "issue" ? std::string() : event.project;
    if (event.action != "issue" && event.serial_first && event.serial_last) {
      which.serials = offsets::SerialRange{static_cast<std::uint64_t>(*event.serial_first),
                                           static_cast<std::uint64_t>(*event.serial_last)};
    }
    Result<void> done;
    if (event.action == "issue") {
      auto range = out.ledger.issue(event.project, event.period, event.to, which.quantity);
      if (range) {
        out.issued[event.id] = *range;
      } else {
        done = tl::unexpected(range.error());
      }
    } else if (event.action == "transfer") {
      done = out.ledger.transfer(event.from, event.to, which);
    } else if (event.action == "use") {
      const auto purpose = offsets::find_use_purpose(event.purpose);
      done = out.ledger.use(event.from, which, purpose.value_or(offsets::UsePurpose::voluntary),
                            event.reference);
    } else {
      done = out.ledger.retire(event.from, which, event.reference);
    }
    if (!done) {
      auto error = done.error();
      error.add_context("ledger event " + std::to_string(index) + " (" + event.action + ")");
      refuse(std::move(error));
    }
  }
  return out;
}

/// The checks every write of a project ends with.
void validate(Database& db, const OffsetRules& rules, std::int64_t project_id) {
  const auto project = load_project(db, project_id);
  compute_stored(db, rules, project_id);
  replay(db, rules, project.organization_id);
}

/// Issues, to the proponent, what the verified periods of the project still allow.
void issue_verified(Database& db, const Actor& actor, const OffsetRules& rules,
                    const OffsetProjectRecord& project) {
  auto replayed = replay(db, rules, project.organization_id);
  const std::string holder = project.definition.value("proponent", project.code);
  for (const auto& verified : replayed.ledger.verified()) {
    if (verified.project != project.code) continue;
    const auto cap = static_cast<std::uint64_t>(offsets::credits_of(verified.reduction_t));
    const auto already = replayed.ledger.issued_for(verified.project, verified.period);
    if (cap <= already) continue;
    const auto id = detail::insert_id(
        db,
        "INSERT INTO offset_ledger_events (organization_id, action, project_id, period, "
        "to_holder, reference, quantity, created_by, created_at) "
        "VALUES ($1, 'issue', $2, $3, $4, $5, $6, $7, $8)",
        {project.organization_id, project.id, verified.period, holder, verified.verification,
         static_cast<std::int64_t>(cap - already), actor.who, now_iso8601()});
    auto again = replay(db, rules, project.organization_id);
    const auto range = again.issued.at(id);
    db.exec("UPDATE offset_ledger_events SET serial_first = $2, serial_last = $3 WHERE id = $1",
            {id, static_cast<std::int64_t>(range.first), static_cast<std::int64_t>(range.last)});
    append_audit(db, actor, "create", "offset_ledger_events", std::to_string(id), nullptr,
                 {{"action", "issue"},
                  {"project", project.code},
                  {"period", verified.period},
                  {"to", holder},
                  {"quantity", cap - already}});
  }
}

bool issued_for_period(Database& db, const OffsetProjectRecord& project,
                       const std::string& period) {
  return !db.query(
                "SELECT 1 FROM offset_ledger_events WHERE project_id = $1 AND action = "
                "'issue' AND period = $2",
                {project.id, period})
              .empty();
}

}  // namespace

Result<OffsetRules> load_offset_rules(const std::string& data_dir) {
  Diagnostics diagnostics;
  auto methods = io::read_offset_methods(io::offset_methods_path(data_dir), diagnostics);
  if (!methods) return tl::unexpected(methods.error());
  auto limits = io::read_scale_limits(io::scale_limits_path(data_dir), "micro", diagnostics);
  if (!limits) return tl::unexpected(limits.error());
  return OffsetRules{std::move(*methods), std::move(*limits)};
}

std::string ledger_period(const std::string& sub_project, const std::string& period) {
  return sub_project.empty() ? period : sub_project + "/" + period;
}

json to_json(const OffsetProjectRecord& project) {
  return {{"id", project.id},
          {"organization_id", project.organization_id},
          {"code", project.code},
          {"name", project.name},
          {"type", project.type},
          {"method", project.method},
          {"definition", project.definition},
          {"created_by", project.created_by},
          {"created_at", project.created_at},
          {"updated_at", project.updated_at}};
}

json to_json(const OffsetStageRecord& stage) {
  return {{"id", stage.id},
          {"project_id", stage.project_id},
          {"seq", stage.seq},
          {"stage", stage.stage},
          {"date", stage.date},
          {"responsible", stage.responsible},
          {"documents", stage.documents},
          {"evidence_id", optional_json(stage.evidence_id)},
          {"note", stage.note},
          {"created_by", stage.created_by},
          {"created_at", stage.created_at}};
}

json to_json(const OffsetPeriodRecord& period) {
  return {{"id", period.id},
          {"project_id", period.project_id},
          {"sub_project", period.sub_project},
          {"period", period.period},
          {"from", period.from},
          {"to", period.to},
          {"parameters", period.data.value("parameters", json::object())},
          {"sampled", period.data.value("sampled", json::object())},
          {"created_by", period.created_by},
          {"created_at", period.created_at},
          {"updated_at", period.updated_at}};
}

json to_json(const LedgerEventRecord& event) {
  return {{"id", event.id},
          {"organization_id", event.organization_id},
          {"action", event.action},
          {"project_id", optional_json(event.project_id)},
          {"project", event.project},
          {"period", event.period},
          {"from", event.from},
          {"to", event.to},
          {"purpose", event.purpose},
          {"reference", event.reference},
          {"quantity", event.quantity},
          {"serial_first", optional_json(event.serial_first)},
          {"serial_last", optional_json(event.serial_last)},
          {"created_by", event.created_by},
          {"created_at", event.created_at}};
}

Result<OffsetProjectRecord> create_offset_project(Database& db, const Actor& actor,
                                                  const OffsetRules& rules,
                                                  std::int64_t organization_id,
                                                  const json& document) {
  return guard([&] {
    auto record = record_of(document);
    record.organization_id = organization_id;
    db.write([&] {
      if (db.query("SELECT 1 FROM organizations WHERE id = $1", {organization_id}).empty()) {
        detail::throw_not_found("organization", organization_id);
      }
      if (!db.query("SELECT 1 FROM offset_projects WHERE organization_id = $1 AND code = $2",
                    {organization_id, record.code})
               .empty()) {
        refuse(ErrorCode::store_conflict,
               "the organization already has an offset project with id '" + record.code +
                   "'; choose another id",
               "id");
      }
      compute_document(assemble(record, {}, {}), rules);
      record.created_by = actor.who;
      record.created_at = now_iso8601();
      record.updated_at = record.created_at;
      record.id = detail::insert_id(
          db,
          "INSERT INTO offset_projects (organization_id, code, name, type, method, definition, "
          "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {organization_id, record.code, record.name, record.type, record.method,
           record.definition.dump(), record.created_by, record.created_at, record.updated_at});
      append_audit(db, actor, "create", "offset_projects", std::to_string(record.id), nullptr,
                   to_json(record));
    });
    return record;
  });
}

Result<OffsetProjectRecord> update_offset_project(Database& db, const Actor& actor,
                                                  const OffsetRules& rules, std::int64_t id,
                                                  const json& document) {
  return guard([&] {
    auto record = record_of(document);
    db.write([&] {
      const auto before = load_project(db, id);
      if (record.code != before.code) {
        refuse(ErrorCode::parse_bad_value,
               "a project keeps its id ('" + before.code + "'): its credits are named by it", "id");
      }
      record.id = id;
      record.organization_id = before.organization_id;
      record.created_by = before.created_by;
      record.created_at = before.created_at;
      record.updated_at = now_iso8601();
      db.exec(
          "UPDATE offset_projects SET name = $2, type = $3, method = $4, definition = $5, "
          "updated_at = $6 WHERE id = $1",
          {id, record.name, record.type, record.method, record.definition.dump(),
           record.updated_at});
      validate(db, rules, id);
      append_audit(db, actor, "update", "offset_projects", std::to_string(id), to_json(before),
                   to_json(record));
    });
    return record;
  });
}

Result<OffsetProjectRecord> get_offset_project(Database& db, std::int64_t id) {
  return guard([&] { return load_project(db, id); });
}

Result<std::vector<OffsetProjectRecord>> list_offset_projects(Database& db,
                                                              std::int64_t organization_id) {
  return guard([&] {
    std::vector<OffsetProjectRecord> out;
    for (const auto& row : db.query(std::string("SELECT ") + kProjectColumns +
                                        " FROM offset_projects WHERE organization_id = $1 "
                                        "ORDER BY id",
                                    {organization_id})) {
      out.push_back(project_of(row));
    }
    return out;
  });
}

Result<std::vector<OffsetStageRecord>> list_offset_stages(Database& db, std::int64_t project_id) {
  return guard([&] {
    load_project(db, project_id);
    return load_stages(db, project_id);
  });
}

Result<OffsetStageRecord> add_offset_stage(Database& db, const Actor& actor,
                                           const OffsetRules& rules, OffsetStageRecord stage) {
  return guard([&] {
    if (!offsets::find_stage(stage.stage)) {
      refuse(ErrorCode::offsets_stage,
             "stage '" + stage.stage +
                 "' is not one of feasibility, plan, validation, registration, "
                 "monitoring_report, verification, credit_application, issued",
             "stage");
    }
    if (!offsets::parse_date(stage.date)) {
      refuse(ErrorCode::parse_bad_value, "date '" + stage.date + "' is not a date YYYY-MM-DD",
             "date");
    }
    db.write([&] {
      const auto project = load_project(db, stage.project_id);
      if (stage.evidence_id) {
        const auto rows =
            db.query("SELECT file_name FROM evidence_files WHERE id = $1 AND organization_id = $2",
                     {*stage.evidence_id, project.organization_id});
        if (rows.empty()) {
          refuse(ErrorCode::store_invalid,
                 "evidence " + std::to_string(*stage.evidence_id) +
                     " is not a file of this organization; upload it first",
                 "evidence_id");
        }
        const auto name = rows[0].text(0);
        if (std::find(stage.documents.begin(), stage.documents.end(), name) ==
            stage.documents.end()) {
          stage.documents.push_back(name);
        }
      }
      const auto last = db.query(
          "SELECT COALESCE(MAX(seq), 0) FROM offset_stages WHERE project_id = $1", {project.id});
      stage.seq = last[0].integer(0) + 1;
      stage.created_by = actor.who;
      stage.created_at = now_iso8601();
      stage.id = detail::insert_id(
          db,
          "INSERT INTO offset_stages (project_id, seq, stage, stage_date, responsible, documents, "
          "evidence_id, note, created_by, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {project.id, stage.seq, stage.stage, stage.date, stage.responsible,
           json(stage.documents).dump(), optional_value(stage.evidence_id), stage.note,
           stage.created_by, stage.created_at});
      append_audit(db, actor, "create", "offset_stages", std::to_string(stage.id), nullptr,
                   to_json(stage));
      validate(db, rules, project.id);
      if (stage.stage == "issued") issue_verified(db, actor, rules, project);
    });
    return stage;
  });
}

Result<std::vector<OffsetPeriodRecord>> list_offset_periods(Database& db, std::int64_t project_id) {
  return guard([&] {
    load_project(db, project_id);
    return load_periods(db, project_id);
  });
}

Result<OffsetPeriodRecord> put_offset_period(Database& db, const Actor& actor,
                                             const OffsetRules& rules, OffsetPeriodRecord period) {
  return guard([&] {
    if (period.period.empty())
      refuse(ErrorCode::parse_missing_field, "a period needs its id", "period");
    for (const auto& [value, field] :
         {std::pair{&period.from, "from"}, std::pair{&period.to, "to"}}) {
      if (!offsets::parse_date(*value)) {
        refuse(ErrorCode::parse_bad_value,
               std::string(field) + " '" + *value + "' is not a date YYYY-MM-DD", field);
      }
    }
    db.write([&] {
      const auto project = load_project(db, period.project_id);
      if (project.type == "planned" && !period.sub_project.empty()) {
        refuse(ErrorCode::parse_bad_value,
               "a planned (計畫型) project has no sub-projects; leave sub_project out",
               "sub_project");
      }
      if (project.type == "programmatic") {
        bool known = false;
        for (const auto& sub : project.definition.value("sub_projects", json::array())) {
          known = known || (sub.is_object() && sub.value("id", "") == period.sub_project);
        }
        if (!known) {
          refuse(ErrorCode::parse_bad_value,
                 "sub_project '" + period.sub_project + "' is not a sub-project of " +
                     project.code + "; add it to the project first",
                 "sub_project");
        }
      }
      const auto key = ledger_period(period.sub_project, period.period);
      if (issued_for_period(db, project, key)) {
        refuse(ErrorCode::offsets_credit,
               "credits were issued for period " + key +
                   "; its monitoring data can no longer "
                   "change",
               "period", key);
      }
      const auto existing = db.query(std::string("SELECT ") + kPeriodColumns +
                                         " FROM offset_periods WHERE project_id = $1 AND "
                                         "sub_project = $2 AND period = $3",
                                     {project.id, period.sub_project, period.period});
      period.updated_at = now_iso8601();
      if (existing.empty()) {
        period.created_by = actor.who;
        period.created_at = period.updated_at;
        period.id = detail::insert_id(
            db,
            "INSERT INTO offset_periods (project_id, sub_project, period, from_date, to_date, "
            "data, created_by, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            {project.id, period.sub_project, period.period, period.from, period.to,
             period.data.dump(), period.created_by, period.created_at, period.updated_at});
        append_audit(db, actor, "create", "offset_periods", std::to_string(period.id), nullptr,
                     to_json(period));
      } else {
        const auto before = period_of(existing[0]);
        period.id = before.id;
        period.created_by = before.created_by;
        period.created_at = before.created_at;
        db.exec(
            "UPDATE offset_periods SET from_date = $2, to_date = $3, data = $4, updated_at = $5 "
            "WHERE id = $1",
            {period.id, period.from, period.to, period.data.dump(), period.updated_at});
        append_audit(db, actor, "update", "offset_periods", std::to_string(period.id),
                     to_json(before), to_json(period));
      }
      validate(db, rules, project.id);
    });
    return period;
  });
}

Result<void> delete_offset_period(Database& db, const Actor& actor, const OffsetRules& rules,
                                  std::int64_t project_id, const std::string& sub_project,
                                  const std::string& period) {
  return guard([&] {
    db.write([&] {
      const auto project = load_project(db, project_id);
      const auto key = ledger_period(sub_project, period);
      if (issued_for_period(db, project, key)) {
        refuse(ErrorCode::offsets_credit,
               "credits were issued for period " + key + "; it can no longer be removed", "period",
               key);
      }
      const auto rows = db.query(std::string("SELECT ") + kPeriodColumns +
                                     " FROM offset_periods WHERE project_id = $1 AND "
                                     "sub_project = $2 AND period = $3",
                                 {project_id, sub_project, period});
      if (rows.empty()) {
        throw_error(ErrorCode::store_not_found, "monitoring period " + key + " does not exist");
      }
      const auto before = period_of(rows[0]);
      db.exec("DELETE FROM offset_periods WHERE id = $1", {before.id});
      append_audit(db, actor, "delete", "offset_periods", std::to_string(before.id),
                   to_json(before), nullptr);
      validate(db, rules, project_id);
    });
  });
}

Result<json> offset_document(Database& db, std::int64_t project_id) {
  return guard([&] {
    const auto project = load_project(db, project_id);
    return assemble(project, load_stages(db, project_id), load_periods(db, project_id));
  });
}

Result<OffsetComputation> compute_offset_project(Database& db, const OffsetRules& rules,
                                                 std::int64_t project_id) {
  return guard([&] { return compute_stored(db, rules, project_id); });
}

Result<std::vector<LedgerEventRecord>> list_ledger_events(Database& db,
                                                          std::int64_t organization_id) {
  return guard([&] { return load_events(db, organization_id); });
}

Result<LedgerEventRecord> add_ledger_event(Database& db, const Actor& actor,
                                           const OffsetRules& rules, LedgerEventRecord event) {
  return guard([&] {
    if (event.action != "transfer" && event.action != "use" && event.action != "retire") {
      refuse(ErrorCode::parse_bad_value,
             "action '" + event.action +
                 "' is not transfer, use or retire (credits are issued by recording the "
                 "project's issued stage)",
             "action");
    }
    if (event.from.empty()) refuse(ErrorCode::parse_missing_field, "name the holder", "from");
    if (event.action == "transfer" && event.to.empty()) {
      refuse(ErrorCode::parse_missing_field, "a transfer names who receives the credits", "to");
    }
    if (event.action == "use" && !offsets::find_use_purpose(event.purpose)) {
      refuse(ErrorCode::parse_bad_value,
             "purpose '" + event.purpose +
                 "' is not excess_emissions (超額量), eia_increment (環評增量) or voluntary",
             "purpose");
    }
    if (event.action != "use") event.purpose.clear();
    if (event.action != "transfer") event.to.clear();
    const bool range = event.serial_first && event.serial_last;
    if (range && (*event.serial_first < 1 || *event.serial_last < *event.serial_first)) {
      refuse(ErrorCode::parse_bad_value, "serials run from a first to a last, both from 1",
             "serial_first");
    }
    if (!range && event.quantity < 1) {
      refuse(ErrorCode::parse_bad_value, "give a quantity of at least 1 or a range of serials",
             "quantity");
    }
    if (range) event.quantity = *event.serial_last - *event.serial_first + 1;
    db.write([&] {
      if (db.query("SELECT 1 FROM organizations WHERE id = $1", {event.organization_id}).empty()) {
        detail::throw_not_found("organization", event.organization_id);
      }
      if (event.project_id) {
        const auto project = load_project(db, *event.project_id);
        if (project.organization_id != event.organization_id) {
          refuse(ErrorCode::store_invalid, "the project is not one of this organization's",
                 "project_id");
        }
        event.project = project.code;
      }
      event.period.clear();
      event.created_by = actor.who;
      event.created_at = now_iso8601();
      event.id = detail::insert_id(
          db,
          "INSERT INTO offset_ledger_events (organization_id, action, project_id, period, "
          "from_holder, to_holder, purpose, reference, quantity, serial_first, serial_last, "
          "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
          "$13)",
          {event.organization_id, event.action, optional_value(event.project_id), event.period,
           event.from, event.to, event.purpose, event.reference, event.quantity,
           optional_value(event.serial_first), optional_value(event.serial_last), event.created_by,
           event.created_at});
      replay(db, rules, event.organization_id);
      append_audit(db, actor, "create", "offset_ledger_events", std::to_string(event.id), nullptr,
                   to_json(event));
    });
    return event;
  });
}

Result<offsets::CreditLedger> replay_offset_ledger(Database& db, const OffsetRules& rules,
                                                   std::int64_t organization_id) {
  return guard([&] { return replay(db, rules, organization_id).ledger; });
}

}  // namespace cl::store
