// Findings and answers: each mutation is one transaction with its audit row; a finding's record
// key is checked against the frozen content of its version.
#include "store/findings.hpp"

#include <algorithm>
#include <string_view>

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

/// A finding with its version's inventory and number.
constexpr const char* kFindingSelect =
    "SELECT f.id, f.version_id, v.inventory_id, v.version, f.author_org_id, f.record_kind, "
    "f.record_key, f.severity, f.text, f.status, f.created_by, f.created_at, f.updated_at "
    "FROM findings f JOIN inventory_versions v ON v.id = f.version_id ";
constexpr const char* kAnswerColumns =
    "id, finding_id, author_org_id, text, created_by, created_at";

Finding finding_of(const Row& row) {
  return {row.integer(0), row.integer(1), row.integer(2), static_cast<int>(row.integer(3)),
          row.integer(4), row.text(5),    row.text(6),    row.text(7),
          row.text(8),    row.text(9),    row.text(10),   row.text(11),
          row.text(12)};
}

FindingAnswer answer_of(const Row& row) {
  return {row.integer(0), row.integer(1), row.integer(2), row.text(3), row.text(4), row.text(5)};
}

Finding load_finding(Database& db, std::int64_t id) {
  const auto rows = db.query(std::string(kFindingSelect) + "WHERE f.id = $1", {id});
  if (rows.empty()) detail::throw_not_found("finding", id);
  return finding_of(rows[0]);
}

bool one_of(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

/// True when the version's content lists an item with this id ("sources" or "activity").
bool content_holds(const nlohmann::json& content, const std::string& kind, const std::string& key) {
  const char* list = kind == "source" ? "sources" : "activity";
  if (!content.is_object() || !content.contains(list) || !content.at(list).is_array()) {
    return false;
  }
  const auto& items = content.at(list);
  return std::any_of(items.begin(), items.end(), [&](const nlohmann::json& item) {
    return item.is_object() && item.contains("id") && item.at("id").is_string() &&
           item.at("id").get<std::string>() == key;
  });
}

/// Checks the finding against its version and fills in the version's inventory and number.
void check_finding(Database& db, Finding& finding) {
  if (!one_of(finding.severity, {"nonconformity", "observation", "clarification"})) {
    throw_error(ErrorCode::store_invalid,
                "finding severity '" + finding.severity +
                    "' is not one of nonconformity, observation, clarification");
  }
  if (finding.text.empty()) throw_error(ErrorCode::store_invalid, "a finding needs a text");
  if (!one_of(finding.record_kind, {"", "source", "activity"})) {
    throw_error(ErrorCode::store_invalid,
                "finding record kind '" + finding.record_kind + "' is not one of source, activity");
  }
  if (finding.record_kind.empty() != finding.record_key.empty()) {
    throw_error(ErrorCode::store_invalid,
                "a finding on one line names both the record kind (source or activity) and the "
                "record key; a finding on the whole version names neither");
  }
  const auto rows =
      db.query("SELECT inventory_id, version, content FROM inventory_versions WHERE id = $1",
               {finding.version_id});
  if (rows.empty()) detail::throw_not_found("inventory version", finding.version_id);
  finding.inventory_id = rows[0].integer(0);
  finding.version = static_cast<int>(rows[0].integer(1));
  if (finding.record_kind.empty()) return;
  const auto content =
      detail::parse_json(rows[0].text(2), "version " + std::to_string(finding.version_id));
  if (!content_holds(content, finding.record_kind, finding.record_key)) {
    throw_error(ErrorCode::store_invalid,
                "the version has no " + finding.record_kind + " '" + finding.record_key + "'");
  }
}

}  // namespace

nlohmann::json to_json(const Finding& finding) {
  return {{"id", finding.id},
          {"version_id", finding.version_id},
          {"inventory_id", finding.inventory_id},
          {"version", finding.version},
          {"author_org_id", finding.author_org_id},
          {"record_kind", finding.record_kind},
          {"record_key", finding.record_key},
          {"severity", finding.severity},
          {"text", finding.text},
          {"status", finding.status},
          {"created_by", finding.created_by},
          {"created_at", finding.created_at},
          {"updated_at", finding.updated_at}};
}

nlohmann::json to_json(const FindingAnswer& answer) {
  return {{"id", answer.id},
          {"finding_id", answer.finding_id},
          {"author_org_id", answer.author_org_id},
          {"text", answer.text},
          {"created_by", answer.created_by},
          {"created_at", answer.created_at}};
}

Result<Finding> create_finding(Database& db, const Actor& actor, Finding finding) {
  return guard([&] {
    db.write([&] {
      check_finding(db, finding);
      finding.status = "open";
      finding.created_by = actor.who;
      finding.created_at = now_iso8601();
      finding.updated_at = finding.created_at;
      finding.id = detail::insert_id(
          db,
          "INSERT INTO findings (version_id, author_org_id, record_kind, record_key, severity, "
          "text, status, created_by, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {finding.version_id, finding.author_org_id, finding.record_kind, finding.record_key,
           finding.severity, finding.text, finding.status, finding.created_by, finding.created_at,
           finding.updated_at});
      append_audit(db, actor, "create", "findings", std::to_string(finding.id), nullptr,
                   to_json(finding));
    });
    return finding;
  });
}

Result<Finding> get_finding(Database& db, std::int64_t id) {
  return guard([&] { return load_finding(db, id); });
}

Result<std::vector<Finding>> list_findings(Database& db, std::int64_t version_id) {
  return guard([&] {
    std::vector<Finding> out;
    for (const auto& row : db.query(
             std::string(kFindingSelect) + "WHERE f.version_id = $1 ORDER BY f.id", {version_id})) {
      out.push_back(finding_of(row));
    }
    return out;
  });
}

Result<FindingAnswer> add_answer(Database& db, const Actor& actor, FindingAnswer answer) {
  return guard([&] {
    if (answer.text.empty()) throw_error(ErrorCode::store_invalid, "an answer needs a text");
    db.write([&] {
      const Finding before = load_finding(db, answer.finding_id);
      if (before.status == "closed") {
        throw_error(ErrorCode::store_conflict, "finding " + std::to_string(before.id) +
                                                   " is closed; the verifier reopens it first");
      }
      answer.created_by = actor.who;
      answer.created_at = now_iso8601();
      answer.id = detail::insert_id(
          db,
          "INSERT INTO finding_answers (finding_id, author_org_id, text, created_by, created_at) "
          "VALUES ($1, $2, $3, $4, $5)",
          {answer.finding_id, answer.author_org_id, answer.text, answer.created_by,
           answer.created_at});
      append_audit(db, actor, "create", "finding_answers", std::to_string(answer.id), nullptr,
                   to_json(answer));
      Finding after = before;
      after.status = "answered";
      after.updated_at = answer.created_at;
      db.exec("UPDATE findings SET status = $2, updated_at = $3 WHERE id = $1",
              {after.id, after.status, after.updated_at});
      append_audit(db, actor, "update", "findings", std::to_string(after.id), to_json(before),
                   to_json(after));
    });
    return answer;
  });
}

Result<std::vector<FindingAnswer>> list_answers(Database& db, std::int64_t finding_id) {
  return guard([&] {
    std::vector<FindingAnswer> out;
    for (const auto& row : db.query(std::string("SELECT ") + kAnswerColumns +
                                        " FROM finding_answers WHERE finding_id = $1 ORDER BY id",
                                    {finding_id})) {
      out.push_back(answer_of(row));
    }
    return out;
  });
}

Result<Finding> set_finding_status(Database& db, const Actor& actor, std::int64_t id,
                                   const std::string& status) {
  return guard([&] {
    if (!one_of(status, {"open", "closed"})) {
      throw_error(ErrorCode::store_invalid,
                  "a finding's status is set to open or closed ('answered' comes with an "
                  "answer), not '" +
                      status + "'");
    }
    Finding after;
    db.write([&] {
      const Finding before = load_finding(db, id);
      after = before;
      if (before.status == status) return;  // nothing changes, nothing to audit
      after.status = status;
      after.updated_at = now_iso8601();
      db.exec("UPDATE findings SET status = $2, updated_at = $3 WHERE id = $1",
              {after.id, after.status, after.updated_at});
      append_audit(db, actor, "update", "findings", std::to_string(after.id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

Result<std::vector<SharedVersion>> list_versions_shared_with(Database& db,
                                                             std::int64_t organization_id) {
  return guard([&] {
    std::vector<SharedVersion> out;
    for (const auto& row :
         db.query("SELECT v.id, v.inventory_id, v.version, i.year, o.id, o.name, v.frozen_at, "
                  "s.created_at FROM version_shares s "
                  "JOIN inventory_versions v ON v.id = s.version_id "
                  "JOIN inventories i ON i.id = v.inventory_id "
                  "JOIN organizations o ON o.id = i.organization_id "
                  "WHERE s.organization_id = $1 ORDER BY v.inventory_id, v.version",
                  {organization_id})) {
      out.push_back({row.integer(0), row.integer(1), static_cast<int>(row.integer(2)),
                     static_cast<int>(row.integer(3)), row.integer(4), row.text(5), row.text(6),
                     row.text(7)});
    }
    return out;
  });
}

}  // namespace cl::store
