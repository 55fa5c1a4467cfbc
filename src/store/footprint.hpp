// Product footprint studies of an organization and the central-satellite supply chain of a study
// (issue 7, CFP-4 and DEM-2). A study is kept as its document (docs/formats/footprint-study.md, as
// JSON) and computed on request by the core (server/routes/footprint.cpp); the store keeps no
// results. A supply request is the central factory's invitation to one first-tier supplier for
// the footprint of one part (the study's supplier key, e.g. "S1"): invited → the supplier joins
// with the code (in_progress) → shares its footprint (submitted, a PACT ProductFootprint) → the
// central factory accepts it (accepted, then used as primary data) or asks for a correction
// (needs_correction, the supplier shares again). Every mutation is one transaction with its
// audit row; a refused transition changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct FootprintStudyRecord {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string code;          ///< the document's `id`, unique per organization
  std::string product_name;  ///< the document's product.name (for lists)
  nlohmann::json document;   ///< the study as docs/formats/footprint-study.md, in JSON
  std::string pact_id;       ///< the UUID its PACT ProductFootprint carries
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

/// The stored members; the document only with `with_document`.
nlohmann::json to_json(const FootprintStudyRecord& study, bool with_document = true);

/// Stores a new study: code and product name are read from the document (store.invalid naming
/// the member when absent); store.conflict when the organization already has a study of the code.
Result<FootprintStudyRecord> create_study(Database& db, const Actor& actor,
                                          FootprintStudyRecord study);
Result<FootprintStudyRecord> get_study(Database& db, std::int64_t id);
/// The organization's studies, oldest first (documents included).
Result<std::vector<FootprintStudyRecord>> list_studies(Database& db, std::int64_t organization_id);
/// Replaces the document of study `id` (its code may change, within the same checks).
Result<FootprintStudyRecord> update_study(Database& db, const Actor& actor, std::int64_t id,
                                          nlohmann::json document);
/// Deletes a study; store.conflict while it has supply requests or a request holds a footprint
/// shared from it.
Result<void> delete_study(Database& db, const Actor& actor, std::int64_t id);

/// One saved state of a study, read back from the audit trail (every create and update keeps the
/// whole record there, hash-chained): version 1 is the document as created, each later version
/// the document after one update.
struct StudyVersion {
  int number = 0;
  std::int64_t audit_seq = 0;
  std::string at;
  std::string actor;
  std::string action;  ///< "create" or "update"
  std::string reason;
  nlohmann::json document;
};

/// The versions of study `id`, oldest first (only those since its last creation: an id of a
/// deleted study that SQLite hands out again does not inherit the old study's history).
Result<std::vector<StudyVersion>> list_study_versions(Database& db, std::int64_t id);

/// The statuses of a supply request, in the order a request goes through them.
inline constexpr const char* kRequestStatuses[] = {"invited", "in_progress", "submitted",
                                                   "accepted", "needs_correction"};

struct SupplyRequest {
  std::int64_t id = 0;
  std::int64_t study_id = 0;
  std::int64_t organization_id = 0;  ///< the central factory (the study's organization)
  std::string supplier_key;          ///< the study's supplier id the lines name ("S1")
  std::string supplier_name;         ///< as invited
  std::string part;
  std::string contact;      ///< e-mail or person to send the link to
  std::string invite_code;  ///< "inv_" + random text: the link or code the supplier joins with
  std::optional<std::int64_t> supplier_org_id;  ///< set when the supplier joins
  std::string status = "invited";
  std::string note;  ///< the central factory's correction request
  std::int64_t reminder_count = 0;
  std::string reminded_at;
  nlohmann::json footprint;  ///< the shared PACT ProductFootprint; null until shared
  std::optional<std::int64_t> source_study_id;  ///< the supplier's study it was computed from
  std::string shared_at;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

/// The stored members; the invitation code only with `with_code` (the central factory's view).
nlohmann::json to_json(const SupplyRequest& request, bool with_code);

/// Invites a supplier for the part of `request.supplier_key` of the study (organization and
/// status are set here). store.invalid naming the member for an empty key, name or part;
/// store.conflict when the study already has a request for the key; store.not_found for a
/// missing study.
Result<SupplyRequest> create_request(Database& db, const Actor& actor, SupplyRequest request);
Result<SupplyRequest> get_request(Database& db, std::int64_t id);
/// The requests of a study, by supplier key.
Result<std::vector<SupplyRequest>> list_requests(Database& db, std::int64_t study_id);
/// The requests addressed to a supplier organization, newest first.
Result<std::vector<SupplyRequest>> list_requests_of_supplier(Database& db,
                                                             std::int64_t supplier_org_id);

/// The supplier organization joins the request of `code`: invited → in_progress.
/// store.not_found for an unknown code; store.conflict when the request was joined already
/// (by this organization or another) or the supplier is the central factory itself.
Result<SupplyRequest> join_request(Database& db, const Actor& actor, const std::string& code,
                                   std::int64_t supplier_org_id);

/// The supplier shares its footprint: in_progress or needs_correction → submitted.
/// store.conflict (nothing changed) when it was shared already and is submitted or accepted,
/// or the request is not yet joined.
Result<SupplyRequest> share_footprint(Database& db, const Actor& actor, std::int64_t request_id,
                                      nlohmann::json footprint, std::int64_t source_study_id);

/// The central factory's decision on a shared footprint: "accepted" (from submitted) or
/// "needs_correction" (from submitted or accepted, with a note saying what to correct).
/// store.conflict for any other transition, store.invalid without a note.
Result<SupplyRequest> decide_request(Database& db, const Actor& actor, std::int64_t request_id,
                                     const std::string& status, const std::string& note);

/// Records a reminder (count + 1, time) of a request still waiting for the supplier (invited,
/// in_progress, needs_correction); store.conflict once it is submitted or accepted.
Result<SupplyRequest> remind_request(Database& db, const Actor& actor, std::int64_t request_id);

}  // namespace cl::store
