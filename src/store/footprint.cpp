// Footprint studies and supply requests: checked before they are stored, each write audited in
// its transaction; a status transition reads the row inside the write transaction, so two
// concurrent shares cannot both succeed.
#include "store/footprint.hpp"

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kStudyColumns =
    "id, organization_id, code, product_name, document, pact_id, created_by, created_at, "
    "updated_at";

constexpr const char* kRequestColumns =
    "id, study_id, organization_id, supplier_key, supplier_name, part, contact, invite_code, "
    "supplier_org_id, status, note, reminder_count, reminded_at, footprint, source_study_id, "
    "shared_at, created_by, created_at, updated_at";

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

[[noreturn]] void conflict(const std::string& message) {
  throw StoreError{Error{ErrorCode::store_conflict, message, {}, {}}};
}

using detail::optional_value;

FootprintStudyRecord study_of(const Row& row) {
  FootprintStudyRecord out;
  out.id = row.integer(0);
  out.organization_id = row.integer(1);
  out.code = row.text(2);
  out.product_name = row.text(3);
  out.document = detail::parse_json(row.text(4), "footprint study " + std::to_string(out.id));
  out.pact_id = row.text(5);
  out.created_by = row.text(6);
  out.created_at = row.text(7);
  out.updated_at = row.text(8);
  return out;
}

FootprintStudyRecord load_study(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kStudyColumns + " FROM footprint_studies WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("footprint study", id);
  return study_of(rows[0]);
}

/// The study's code and product name from its document.
void read_names(FootprintStudyRecord& study) {
  if (!study.document.is_object()) invalid("a study document is a JSON object", "document");
  const auto id = study.document.find("id");
  if (id == study.document.end() || !id->is_string() || id->get<std::string>().empty()) {
    invalid("the study document needs an \"id\" (text), e.g. \"CFP-M8-2024\"", "document.id");
  }
  study.code = id->get<std::string>();
  const auto product = study.document.find("product");
  if (product == study.document.end() || !product->is_object() ||
      !product->value("name", nlohmann::json()).is_string()) {
    invalid("the study document needs \"product\": {\"name\": …}", "document.product.name");
  }
  study.product_name = (*product)["name"].get<std::string>();
}

void check_code_free(Database& db, const FootprintStudyRecord& study) {
  if (!db.query("SELECT 1 FROM footprint_studies WHERE organization_id = $1 AND code = $2 AND "
                "id <> $3",
                {study.organization_id, study.code, study.id})
           .empty()) {
    conflict("the organization already has a footprint study with id '" + study.code +
             "'; give the document another \"id\" or change that study");
  }
}

SupplyRequest request_of(const Row& row) {
  SupplyRequest out;
  out.id = row.integer(0);
  out.study_id = row.integer(1);
  out.organization_id = row.integer(2);
  out.supplier_key = row.text(3);
  out.supplier_name = row.text(4);
  out.part = row.text(5);
  out.contact = row.text(6);
  out.invite_code = row.text(7);
  if (!row.is_null(8)) out.supplier_org_id = row.integer(8);
  out.status = row.text(9);
  out.note = row.text(10);
  out.reminder_count = row.integer(11);
  out.reminded_at = row.text(12);
  if (!row.is_null(13)) {
    out.footprint = detail::parse_json(row.text(13), "supply request " + std::to_string(out.id));
  }
  if (!row.is_null(14)) out.source_study_id = row.integer(14);
  out.shared_at = row.text(15);
  out.created_by = row.text(16);
  out.created_at = row.text(17);
  out.updated_at = row.text(18);
  return out;
}

SupplyRequest load_request(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kRequestColumns + " FROM supply_requests WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("supply request", id);
  return request_of(rows[0]);
}

std::vector<SupplyRequest> requests_where(Database& db, const std::string& where,
                                          std::int64_t value) {
  std::vector<SupplyRequest> out;
  for (const auto& row :
       db.query(std::string("SELECT ") + kRequestColumns + " FROM supply_requests WHERE " + where,
                {value})) {
    out.push_back(request_of(row));
  }
  return out;
}

/// Writes the request's mutable members and its audit row.
void save_request(Database& db, const Actor& actor, const std::string& action,
                  const SupplyRequest& before, SupplyRequest& after) {
  after.updated_at = now_iso8601();
  db.exec(
      "UPDATE supply_requests SET supplier_org_id = $2, status = $3, note = $4, "
      "reminder_count = $5, reminded_at = $6, footprint = $7, source_study_id = $8, "
      "shared_at = $9, updated_at = $10 WHERE id = $1",
      {after.id, optional_value(after.supplier_org_id), after.status, after.note,
       after.reminder_count, after.reminded_at,
       after.footprint.is_null() ? Value(std::monostate{}) : Value(after.footprint.dump()),
       optional_value(after.source_study_id), after.shared_at, after.updated_at});
  append_audit(db, actor, action, "supply_requests", std::to_string(after.id),
               to_json(before, false), to_json(after, false));
}

std::string status_text(const SupplyRequest& request) {
  return "supply request " + std::to_string(request.id) + " (" + request.supplier_key + ", " +
         request.part + ") is " + request.status;
}

}  // namespace

nlohmann::json to_json(const FootprintStudyRecord& study, bool with_document) {
  nlohmann::json out = {{"id", study.id},
                        {"organization_id", study.organization_id},
                        {"code", study.code},
                        {"product_name", study.product_name},
                        {"pact_id", study.pact_id},
                        {"created_by", study.created_by},
                        {"created_at", study.created_at},
                        {"updated_at", study.updated_at}};
  if (with_document) out["document"] = study.document;
  return out;
}

Result<FootprintStudyRecord> create_study(Database& db, const Actor& actor,
                                          FootprintStudyRecord study) {
  return guard([&] {
    read_names(study);
    db.write([&] {
      if (db.query("SELECT 1 FROM organizations WHERE id = $1", {study.organization_id}).empty()) {
        detail::throw_not_found("organization", study.organization_id);
      }
      check_code_free(db, study);
      study.created_by = actor.who;
      study.created_at = now_iso8601();
      study.updated_at = study.created_at;
      study.id = detail::insert_id(
          db,
          "INSERT INTO footprint_studies (organization_id, code, product_name, document, pact_id, "
          "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {study.organization_id, study.code, study.product_name, study.document.dump(),
           study.pact_id, study.created_by, study.created_at, study.updated_at});
      append_audit(db, actor, "create", "footprint_studies", std::to_string(study.id), nullptr,
                   to_json(study));
    });
    return study;
  });
}

Result<FootprintStudyRecord> get_study(Database& db, std::int64_t id) {
  return guard([&] { return load_study(db, id); });
}

Result<std::vector<FootprintStudyRecord>> list_studies(Database& db, std::int64_t organization_id) {
  return guard([&] {
    std::vector<FootprintStudyRecord> out;
    for (const auto& row : db.query(std::string("SELECT ") + kStudyColumns +
                                        " FROM footprint_studies WHERE organization_id = $1 "
                                        "ORDER BY id",
                                    {organization_id})) {
      out.push_back(study_of(row));
    }
    return out;
  });
}

Result<FootprintStudyRecord> update_study(Database& db, const Actor& actor, std::int64_t id,
                                          nlohmann::json document) {
  return guard([&] {
    FootprintStudyRecord study;
    db.write([&] {
      const auto before = load_study(db, id);
      study = before;
      study.document = std::move(document);
      read_names(study);
      check_code_free(db, study);
      study.updated_at = now_iso8601();
      db.exec(
          "UPDATE footprint_studies SET code = $2, product_name = $3, document = $4, "
          "updated_at = $5 WHERE id = $1",
          {id, study.code, study.product_name, study.document.dump(), study.updated_at});
      append_audit(db, actor, "update", "footprint_studies", std::to_string(id), to_json(before),
                   to_json(study));
    });
    return study;
  });
}

Result<std::vector<StudyVersion>> list_study_versions(Database& db, std::int64_t id) {
  return guard([&] {
    std::vector<StudyVersion> out;
    db.read_snapshot([&] {
      load_study(db, id);  // store.not_found for a study that does not exist (any more)
      const auto rows = db.query(
          "SELECT seq, at, actor, action, reason, after_json FROM audit_log WHERE entity = "
          "'footprint_studies' AND entity_id = $1 AND action IN ('create', 'update') ORDER BY seq",
          {std::to_string(id)});
      for (const auto& row : rows) {
        if (row.text(3) == "create") out.clear();  // history starts again at a (re)creation
        StudyVersion version;
        version.audit_seq = row.integer(0);
        version.at = row.text(1);
        version.actor = row.text(2);
        version.action = row.text(3);
        version.reason = row.text(4);
        const auto after =
            detail::parse_json(row.text(5), "audit entry " + std::to_string(version.audit_seq));
        version.document = after.value("document", nlohmann::json());
        out.push_back(std::move(version));
      }
    });
    for (std::size_t idx = 0; idx < out.size(); ++idx) out[idx].number = static_cast<int>(idx + 1);
    return out;
  });
}

Result<void> delete_study(Database& db, const Actor& actor, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const auto before = load_study(db, id);
      if (!db.query("SELECT 1 FROM supply_requests WHERE study_id = $1 OR source_study_id = $1",
                    {id})
               .empty()) {
        conflict("footprint study " + std::to_string(id) +
                 " has supply requests or a footprint shared from it; it is kept as the record "
                 "of what was exchanged");
      }
      db.exec("DELETE FROM footprint_studies WHERE id = $1", {id});
      append_audit(db, actor, "delete", "footprint_studies", std::to_string(id), to_json(before),
                   nullptr);
    });
  });
}

nlohmann::json to_json(const SupplyRequest& request, bool with_code) {
  nlohmann::json out = {
      {"id", request.id},
      {"study_id", request.study_id},
      {"organization_id", request.organization_id},
      {"supplier_key", request.supplier_key},
      {"supplier_name", request.supplier_name},
      {"part", request.part},
      {"contact", request.contact},
      {"supplier_org_id", request.supplier_org_id ? nlohmann::json(*request.supplier_org_id)
                                                  : nlohmann::json(nullptr)},
      {"status", request.status},
      {"note", request.note},
      {"reminder_count", request.reminder_count},
      {"reminded_at", request.reminded_at},
      {"footprint", request.footprint},
      {"source_study_id", request.source_study_id ? nlohmann::json(*request.source_study_id)
                                                  : nlohmann::json(nullptr)},
      {"shared_at", request.shared_at},
      {"created_by", request.created_by},
      {"created_at", request.created_at},
      {"updated_at", request.updated_at}};
  if (with_code) out["invite_code"] = request.invite_code;
  return out;
}

Result<SupplyRequest> create_request(Database& db, const Actor& actor, SupplyRequest request) {
  return guard([&] {
    for (const auto& [value, field] :
         {std::pair{&request.supplier_key, "supplier_key"},
          std::pair{&request.supplier_name, "supplier_name"}, std::pair{&request.part, "part"}}) {
      if (value->empty()) invalid(std::string("a supply request names its ") + field, field);
    }
    db.write([&] {
      const auto study = load_study(db, request.study_id);
      request.organization_id = study.organization_id;
      if (!db.query("SELECT 1 FROM supply_requests WHERE study_id = $1 AND supplier_key = $2",
                    {request.study_id, request.supplier_key})
               .empty()) {
        conflict("study " + study.code + " already has a supply request for supplier '" +
                 request.supplier_key + "'; remind that supplier instead");
      }
      request.status = "invited";
      request.created_by = actor.who;
      request.created_at = now_iso8601();
      request.updated_at = request.created_at;
      request.id = detail::insert_id(
          db,
          "INSERT INTO supply_requests (study_id, organization_id, supplier_key, supplier_name, "
          "part, contact, invite_code, status, created_by, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {request.study_id, request.organization_id, request.supplier_key, request.supplier_name,
           request.part, request.contact, request.invite_code, request.status, request.created_by,
           request.created_at, request.updated_at});
      // The code is a credential of the invitation: it stays out of the audit log.
      append_audit(db, actor, "create", "supply_requests", std::to_string(request.id), nullptr,
                   to_json(request, false));
    });
    return request;
  });
}

Result<SupplyRequest> get_request(Database& db, std::int64_t id) {
  return guard([&] { return load_request(db, id); });
}

Result<std::vector<SupplyRequest>> list_requests(Database& db, std::int64_t study_id) {
  return guard(
      [&] { return requests_where(db, "study_id = $1 ORDER BY supplier_key, id", study_id); });
}

Result<std::vector<SupplyRequest>> list_requests_of_supplier(Database& db,
                                                             std::int64_t supplier_org_id) {
  return guard(
      [&] { return requests_where(db, "supplier_org_id = $1 ORDER BY id DESC", supplier_org_id); });
}

Result<SupplyRequest> join_request(Database& db, const Actor& actor, const std::string& code,
                                   std::int64_t supplier_org_id) {
  return guard([&] {
    SupplyRequest request;
    db.write([&] {
      const auto rows = db.query(
          std::string("SELECT ") + kRequestColumns + " FROM supply_requests WHERE invite_code = $1",
          {code});
      if (rows.empty() || code.empty()) {
        throw StoreError{Error{ErrorCode::store_not_found,
                               "no invitation has this code; check the link or ask the customer "
                               "for a new one",
                               {.field = "code"},
                               {}}};
      }
      const auto before = request_of(rows[0]);
      if (before.supplier_org_id) {
        conflict(before.supplier_org_id == supplier_org_id
                     ? "your organization has joined this supply request already; it is in your "
                       "list of requests"
                     : "another organization has joined this invitation already; ask the "
                       "customer for an invitation of your own");
      }
      if (before.organization_id == supplier_org_id) {
        conflict("an organization cannot supply its own study");
      }
      request = before;
      request.supplier_org_id = supplier_org_id;
      request.status = "in_progress";
      save_request(db, actor, "join", before, request);
    });
    return request;
  });
}

Result<SupplyRequest> share_footprint(Database& db, const Actor& actor, std::int64_t request_id,
                                      nlohmann::json footprint, std::int64_t source_study_id) {
  return guard([&] {
    SupplyRequest request;
    db.write([&] {
      const auto before = load_request(db, request_id);
      if (before.status == "submitted" || before.status == "accepted") {
        conflict("this footprint was shared already on " + before.shared_at + " and is " +
                 before.status +
                 "; nothing was changed. Share again only when the customer asks for a "
                 "correction");
      }
      if (before.status != "in_progress" && before.status != "needs_correction") {
        conflict(status_text(before) + "; join it with the invitation code first");
      }
      request = before;
      request.footprint = std::move(footprint);
      request.source_study_id = source_study_id;
      request.shared_at = now_iso8601();
      request.status = "submitted";
      save_request(db, actor, "share", before, request);
    });
    return request;
  });
}

Result<SupplyRequest> decide_request(Database& db, const Actor& actor, std::int64_t request_id,
                                     const std::string& status, const std::string& note) {
  return guard([&] {
    if (status != "accepted" && status != "needs_correction") {
      invalid("a decision is \"accepted\" or \"needs_correction\"", "status");
    }
    if (status == "needs_correction" && note.empty()) {
      invalid("say what the supplier should correct", "note");
    }
    SupplyRequest request;
    db.write([&] {
      const auto before = load_request(db, request_id);
      const bool can = status == "accepted"
                           ? before.status == "submitted"
                           : before.status == "submitted" || before.status == "accepted";
      if (!can) {
        conflict(status_text(before) + "; only a shared footprint can be " +
                 (status == "accepted" ? "accepted" : "sent back for correction"));
      }
      request = before;
      request.status = status;
      request.note = note;
      save_request(db, actor, status == "accepted" ? "accept" : "needs_correction", before,
                   request);
    });
    return request;
  });
}

Result<SupplyRequest> remind_request(Database& db, const Actor& actor, std::int64_t request_id) {
  return guard([&] {
    SupplyRequest request;
    db.write([&] {
      const auto before = load_request(db, request_id);
      if (before.status == "submitted" || before.status == "accepted") {
        conflict(status_text(before) +
                 "; the supplier has shared its footprint, no reminder is "
                 "needed");
      }
      request = before;
      request.reminder_count = before.reminder_count + 1;
      request.reminded_at = now_iso8601();
      save_request(db, actor, "remind", before, request);
    });
    return request;
  });
}

}  // namespace cl::store
