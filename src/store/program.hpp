// The program office of issue 8 (APP-1…5, DEM-1…9): what the office keeps of a funding program
// whose rules are a definition file (data/programs/*.yaml, read by io/program_reader and decided
// by core/program). The store keeps the facts only: the submitted application documents, the
// place once given (accepted_on, never taken back) and the approval, the requests for missing
// documents, the review meeting with each reviewer's scores and ranks, and the records of a
// case's execution duties. Eligibility, places, ranking and schedules are computed by the core
// from these each time. Every mutation is one transaction with its audit row.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct ProgramApplication {
  std::int64_t id = 0;
  std::string program_id;
  std::string service;                          ///< the service (2023) or mode (2014) applied for
  std::optional<std::int64_t> organization_id;  ///< none: entered by the office from paper
  std::string applicant;                        ///< the factory's name as written
  std::string unit_ubn;  ///< the guidance unit's unified business number (joint applications)
  nlohmann::json document = nlohmann::json::object();  ///< the application as submitted
  std::string submitted_at;                            ///< Taiwan time, YYYY-MM-DDTHH:MM
  std::optional<std::string> accepted_on;              ///< YYYY-MM-DD, the place given
  std::optional<std::string> approved_on;              ///< YYYY-MM-DD
  std::string created_by;
  std::string created_at;
};

struct ProgramRequest {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string document;   ///< what is missing, e.g. 工廠登記證明文件
  std::string requested;  ///< YYYY-MM-DD
  std::string due;        ///< YYYY-MM-DD
  std::optional<std::string> received;
  std::string created_by;
  std::string created_at;
};

struct ProgramMeeting {
  std::int64_t id = 0;
  std::string program_id;
  std::string date;  ///< YYYY-MM-DD
  int committee = 0;
  std::vector<std::string> reviewers;             ///< attending reviewers' logins
  std::vector<std::int64_t> applications;         ///< application ids reviewed
  nlohmann::json lots = nlohmann::json::array();  ///< [{mode, order: [ids], drawn_by}]
  std::string created_by;
  std::string created_at;
};

struct ProgramScore {
  std::int64_t meeting_id = 0;
  std::string reviewer;
  std::int64_t application_id = 0;
  int rank = 0;
  std::map<std::string, double> items;
  std::string updated_at;
};

struct DutyRecord {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string duty_id;
  std::string subject;            ///< for a duty per satellite: "satellite 2"; else empty
  std::string kind = "evidence";  ///< evidence, site_visit
  std::string date;               ///< YYYY-MM-DD
  double hours = 0;
  std::string note;
  std::optional<std::int64_t> evidence_id;
  bool signed_record = false;  ///< a site visit's record signed by the factory
  std::string created_by;
  std::string created_at;
};

nlohmann::json to_json(const ProgramApplication& application);
nlohmann::json to_json(const ProgramRequest& request);
nlohmann::json to_json(const ProgramMeeting& meeting);
nlohmann::json to_json(const ProgramScore& score);
nlohmann::json to_json(const DutyRecord& record);

/// Stores a submitted application. store.invalid for an empty program, service or applicant, or
/// an organization that does not exist.
Result<ProgramApplication> add_application(Database& db, const Actor& actor,
                                           ProgramApplication application);
Result<ProgramApplication> get_application(Database& db, std::int64_t id);
/// The program's applications in submission order (id); `organization_id` narrows to one.
Result<std::vector<ProgramApplication>> list_applications(
    Database& db, const std::string& program_id,
    std::optional<std::int64_t> organization_id = std::nullopt);

/// Gives places: sets accepted_on = `date` on those of `ids` that have none (a place once given
/// is never taken back). Returns how many were newly accepted.
Result<int> accept_applications(Database& db, const Actor& actor,
                                const std::vector<std::int64_t>& ids, const std::string& date);

/// Approves an application on `date`. Inside the transaction, `check` gets the number of
/// applications of the same program and guidance unit (unit_ubn) already approved and throws
/// StoreError to refuse (the core's rule decides); nothing is written then. store.conflict when
/// already approved.
Result<ProgramApplication> approve_application(Database& db, const Actor& actor, std::int64_t id,
                                               const std::string& date,
                                               const std::function<void(int approved)>& check);

/// A request for missing documents. store.invalid for an empty document or dates that are not
/// calendar days, or a due date before the request's date.
Result<ProgramRequest> add_request(Database& db, const Actor& actor, ProgramRequest request);
/// Marks a request's documents received on `date`.
Result<ProgramRequest> receive_request(Database& db, const Actor& actor, std::int64_t request_id,
                                       const std::string& date);
/// The requests of the program's applications (or of one application), by id.
Result<std::vector<ProgramRequest>> list_requests(Database& db, const std::string& program_id,
                                                  std::optional<std::int64_t> application_id = {});

Result<ProgramMeeting> add_meeting(Database& db, const Actor& actor, ProgramMeeting meeting);
Result<ProgramMeeting> get_meeting(Database& db, std::int64_t id);
Result<std::vector<ProgramMeeting>> list_meetings(Database& db, const std::string& program_id);
/// Records the meeting's drawing of lots (replaces the list).
Result<ProgramMeeting> set_lots(Database& db, const Actor& actor, std::int64_t meeting_id,
                                nlohmann::json lots);

/// Writes (or rewrites) one reviewer's score of one application. The caller has checked the
/// score against the rubric; store.invalid for a reviewer not attending the meeting or an
/// application not on it.
Result<ProgramScore> put_score(Database& db, const Actor& actor, ProgramScore score);
Result<std::vector<ProgramScore>> list_scores(Database& db, std::int64_t meeting_id);

/// Records a duty's evidence or site visit. store.invalid for a date that is not a calendar day,
/// negative hours, a kind not evidence/site_visit, or evidence of another organization.
Result<DutyRecord> add_duty_record(Database& db, const Actor& actor, DutyRecord record);
Result<std::vector<DutyRecord>> list_duty_records(Database& db, std::int64_t application_id);

}  // namespace cl::store
