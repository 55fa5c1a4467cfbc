// The program office's records: each write checks what it refers to inside its transaction and
// appends its audit row there. JSON members (documents, score items, reviewer lists) are TEXT.
#include "store/program.hpp"

#include <algorithm>

#include "store/guidance.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

nlohmann::json optional_json(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}
using detail::optional_value;

void check_date(const std::string& date, const std::string& field) {
  if (!is_calendar_date(date)) {
    invalid(field + " '" + date + "' is not a calendar day written YYYY-MM-DD, e.g. 2023-05-02",
            field);
  }
}

constexpr const char* kApplicationColumns =
    "id, program_id, service, organization_id, applicant, unit_ubn, document, submitted_at, "
    "accepted_on, approved_on, created_by, created_at";

ProgramApplication application_of(const Row& row) {
  ProgramApplication out;
  out.id = row.integer(0);
  out.program_id = row.text(1);
  out.service = row.text(2);
  if (!row.is_null(3)) out.organization_id = row.integer(3);
  out.applicant = row.text(4);
  out.unit_ubn = row.text(5);
  out.document = detail::parse_json(row.text(6), "program application " + std::to_string(out.id));
  out.submitted_at = row.text(7);
  out.accepted_on = row.optional_text(8);
  out.approved_on = row.optional_text(9);
  out.created_by = row.text(10);
  out.created_at = row.text(11);
  return out;
}

ProgramApplication application_by_id(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kApplicationColumns + " FROM program_applications WHERE id = $1",
      {id});
  if (rows.empty()) detail::throw_not_found("program application", id);
  return application_of(rows[0]);
}

constexpr const char* kRequestColumns =
    "r.id, r.application_id, r.document, r.requested, r.due, r.received, r.created_by, "
    "r.created_at";

ProgramRequest request_of(const Row& row) {
  return {row.integer(0), row.integer(1),       row.text(2), row.text(3),
          row.text(4),    row.optional_text(5), row.text(6), row.text(7)};
}

constexpr const char* kMeetingColumns =
    "id, program_id, meeting_date, committee, reviewers, applications, lots, created_by, "
    "created_at";

ProgramMeeting meeting_of(const Row& row) {
  ProgramMeeting out;
  out.id = row.integer(0);
  out.program_id = row.text(1);
  out.date = row.text(2);
  out.committee = static_cast<int>(row.integer(3));
  const std::string what = "program meeting " + std::to_string(out.id);
  out.reviewers = detail::parse_json(row.text(4), what).get<std::vector<std::string>>();
  out.applications = detail::parse_json(row.text(5), what).get<std::vector<std::int64_t>>();
  out.lots = detail::parse_json(row.text(6), what);
  out.created_by = row.text(7);
  out.created_at = row.text(8);
  return out;
}

ProgramMeeting meeting_by_id(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kMeetingColumns + " FROM program_meetings WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("review meeting", id);
  return meeting_of(rows[0]);
}

constexpr const char* kRecordColumns =
    "id, application_id, duty_id, kind, record_date, hours, note, evidence_id, signed, "
    "created_by, created_at, subject";

DutyRecord record_of(const Row& row) {
  DutyRecord out;
  out.id = row.integer(0);
  out.application_id = row.integer(1);
  out.duty_id = row.text(2);
  out.kind = row.text(3);
  out.date = row.text(4);
  out.hours = row.real(5);
  out.note = row.text(6);
  if (!row.is_null(7)) out.evidence_id = row.integer(7);
  out.signed_record = row.integer(8) != 0;
  out.created_by = row.text(9);
  out.created_at = row.text(10);
  out.subject = row.text(11);
  return out;
}

}  // namespace

nlohmann::json to_json(const ProgramApplication& application) {
  return {
      {"id", application.id},
      {"program", application.program_id},
      {"service", application.service},
      {"organization_id", application.organization_id ? nlohmann::json(*application.organization_id)
                                                      : nlohmann::json(nullptr)},
      {"applicant", application.applicant},
      {"unit_ubn", application.unit_ubn},
      {"document", application.document},
      {"submitted_at", application.submitted_at},
      {"accepted_on", optional_json(application.accepted_on)},
      {"approved_on", optional_json(application.approved_on)},
      {"created_by", application.created_by},
      {"created_at", application.created_at}};
}

nlohmann::json to_json(const ProgramRequest& request) {
  return {{"id", request.id},
          {"application_id", request.application_id},
          {"document", request.document},
          {"requested", request.requested},
          {"due", request.due},
          {"received", optional_json(request.received)},
          {"created_by", request.created_by},
          {"created_at", request.created_at}};
}

nlohmann::json to_json(const ProgramMeeting& meeting) {
  return {{"id", meeting.id},
          {"program", meeting.program_id},
          {"date", meeting.date},
          {"committee", meeting.committee},
          {"reviewers", meeting.reviewers},
          {"applications", meeting.applications},
          {"lots", meeting.lots},
          {"created_by", meeting.created_by},
          {"created_at", meeting.created_at}};
}

nlohmann::json to_json(const ProgramScore& score) {
  return {{"meeting_id", score.meeting_id},
          {"reviewer", score.reviewer},
          {"application_id", score.application_id},
          {"rank", score.rank},
          {"items", score.items},
          {"updated_at", score.updated_at}};
}

nlohmann::json to_json(const DutyRecord& record) {
  return {{"id", record.id},
          {"application_id", record.application_id},
          {"duty", record.duty_id},
          {"subject", record.subject},
          {"kind", record.kind},
          {"date", record.date},
          {"hours", record.hours},
          {"note", record.note},
          {"evidence_id",
           record.evidence_id ? nlohmann::json(*record.evidence_id) : nlohmann::json(nullptr)},
          {"signed", record.signed_record},
          {"created_by", record.created_by},
          {"created_at", record.created_at}};
}

Result<ProgramApplication> add_application(Database& db, const Actor& actor,
                                           ProgramApplication application) {
  return guard([&] {
    if (application.program_id.empty()) invalid("an application names its program", "program");
    if (application.service.empty()) invalid("an application names its service", "service");
    if (application.applicant.empty()) invalid("an application names its factory", "factory.name");
    db.write([&] {
      if (application.organization_id &&
          db.query("SELECT 1 FROM organizations WHERE id = $1", {*application.organization_id})
              .empty()) {
        invalid("organization " + std::to_string(*application.organization_id) + " does not exist",
                "organization_id");
      }
      application.created_by = actor.who;
      application.created_at = now_iso8601();
      application.id = detail::insert_id(
          db,
          "INSERT INTO program_applications (program_id, service, organization_id, applicant, "
          "unit_ubn, document, submitted_at, created_by, created_at) VALUES "
          "($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {application.program_id, application.service, optional_value(application.organization_id),
           application.applicant, application.unit_ubn, application.document.dump(),
           application.submitted_at, application.created_by, application.created_at});
      append_audit(db, actor, "create", "program_applications", std::to_string(application.id),
                   nullptr, to_json(application));
    });
    return application;
  });
}

Result<ProgramApplication> get_application(Database& db, std::int64_t id) {
  return guard([&] { return application_by_id(db, id); });
}

Result<std::vector<ProgramApplication>> list_applications(
    Database& db, const std::string& program_id, std::optional<std::int64_t> organization_id) {
  return guard([&] {
    std::vector<ProgramApplication> out;
    const std::string sql = std::string("SELECT ") + kApplicationColumns +
                            " FROM program_applications WHERE program_id = $1" +
                            (organization_id ? " AND organization_id = $2" : "") + " ORDER BY id";
    std::vector<Value> params{program_id};
    if (organization_id) params.emplace_back(*organization_id);
    for (const auto& row : db.query(sql, params)) out.push_back(application_of(row));
    return out;
  });
}

Result<int> accept_applications(Database& db, const Actor& actor,
                                const std::vector<std::int64_t>& ids, const std::string& date) {
  return guard([&] {
    check_date(date, "date");
    int accepted = 0;
    db.write([&] {
      for (const auto id : ids) {
        const auto before = application_by_id(db, id);
        if (before.accepted_on) continue;
        db.exec("UPDATE program_applications SET accepted_on = $2 WHERE id = $1", {id, date});
        auto after = before;
        after.accepted_on = date;
        append_audit(db, actor, "update", "program_applications", std::to_string(id),
                     to_json(before), to_json(after));
        ++accepted;
      }
    });
    return accepted;
  });
}

Result<ProgramApplication> approve_application(Database& db, const Actor& actor, std::int64_t id,
                                               const std::string& date,
                                               const std::function<void(int approved)>& check) {
  return guard([&] {
    check_date(date, "date");
    ProgramApplication after;
    db.write([&] {
      const auto before = application_by_id(db, id);
      if (before.approved_on) {
        throw_error(ErrorCode::store_conflict, "application " + std::to_string(id) +
                                                   " was already approved on " +
                                                   *before.approved_on);
      }
      int approved = 0;
      if (!before.unit_ubn.empty()) {
        approved = static_cast<int>(
            db.query("SELECT COUNT(*) FROM program_applications WHERE program_id = $1 AND "
                     "unit_ubn = $2 AND approved_on IS NOT NULL",
                     {before.program_id, before.unit_ubn})[0]
                .integer(0));
      }
      check(approved);
      db.exec("UPDATE program_applications SET approved_on = $2 WHERE id = $1", {id, date});
      after = before;
      after.approved_on = date;
      append_audit(db, actor, "update", "program_applications", std::to_string(id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

Result<ProgramRequest> add_request(Database& db, const Actor& actor, ProgramRequest request) {
  return guard([&] {
    if (request.document.empty()) invalid("a request names the missing document", "document");
    check_date(request.requested, "requested");
    check_date(request.due, "due");
    if (request.due < request.requested) {
      invalid("due " + request.due + " is before the request's date " + request.requested, "due");
    }
    db.write([&] {
      application_by_id(db, request.application_id);
      request.created_by = actor.who;
      request.created_at = now_iso8601();
      request.id = detail::insert_id(
          db,
          "INSERT INTO program_requests (application_id, document, requested, due, created_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
          {request.application_id, request.document, request.requested, request.due,
           request.created_by, request.created_at});
      append_audit(db, actor, "create", "program_requests", std::to_string(request.id), nullptr,
                   to_json(request));
    });
    return request;
  });
}

Result<ProgramRequest> receive_request(Database& db, const Actor& actor, std::int64_t request_id,
                                       const std::string& date) {
  return guard([&] {
    check_date(date, "received");
    ProgramRequest after;
    db.write([&] {
      const auto rows = db.query(
          std::string("SELECT ") + kRequestColumns + " FROM program_requests r WHERE r.id = $1",
          {request_id});
      if (rows.empty()) detail::throw_not_found("document request", request_id);
      const auto before = request_of(rows[0]);
      after = before;
      after.received = date;
      db.exec("UPDATE program_requests SET received = $2 WHERE id = $1", {request_id, date});
      append_audit(db, actor, "update", "program_requests", std::to_string(request_id),
                   to_json(before), to_json(after));
    });
    return after;
  });
}

Result<std::vector<ProgramRequest>> list_requests(Database& db, const std::string& program_id,
                                                  std::optional<std::int64_t> application_id) {
  return guard([&] {
    std::vector<ProgramRequest> out;
    const std::string sql = std::string("SELECT ") + kRequestColumns +
                            " FROM program_requests r JOIN program_applications a ON "
                            "a.id = r.application_id WHERE a.program_id = $1" +
                            (application_id ? " AND r.application_id = $2" : "") + " ORDER BY r.id";
    std::vector<Value> params{program_id};
    if (application_id) params.emplace_back(*application_id);
    for (const auto& row : db.query(sql, params)) out.push_back(request_of(row));
    return out;
  });
}

Result<ProgramMeeting> add_meeting(Database& db, const Actor& actor, ProgramMeeting meeting) {
  return guard([&] {
    check_date(meeting.date, "date");
    if (meeting.committee < 1) invalid("the committee has at least one member", "committee");
    if (meeting.reviewers.empty()) invalid("a meeting names its attending reviewers", "reviewers");
    if (static_cast<int>(meeting.reviewers.size()) > meeting.committee) {
      invalid("more reviewers attend (" + std::to_string(meeting.reviewers.size()) +
                  ") than the committee has members (" + std::to_string(meeting.committee) + ")",
              "reviewers");
    }
    if (meeting.applications.empty()) {
      invalid("a meeting reviews at least one application", "applications");
    }
    db.write([&] {
      for (const auto id : meeting.applications) {
        if (application_by_id(db, id).program_id != meeting.program_id) {
          invalid("application " + std::to_string(id) + " is not an application to " +
                      meeting.program_id,
                  "applications");
        }
      }
      meeting.created_by = actor.who;
      meeting.created_at = now_iso8601();
      meeting.id = detail::insert_id(
          db,
          "INSERT INTO program_meetings (program_id, meeting_date, committee, reviewers, "
          "applications, lots, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {meeting.program_id, meeting.date, std::int64_t{meeting.committee},
           nlohmann::json(meeting.reviewers).dump(), nlohmann::json(meeting.applications).dump(),
           meeting.lots.dump(), meeting.created_by, meeting.created_at});
      append_audit(db, actor, "create", "program_meetings", std::to_string(meeting.id), nullptr,
                   to_json(meeting));
    });
    return meeting;
  });
}

Result<ProgramMeeting> get_meeting(Database& db, std::int64_t id) {
  return guard([&] { return meeting_by_id(db, id); });
}

Result<std::vector<ProgramMeeting>> list_meetings(Database& db, const std::string& program_id) {
  return guard([&] {
    std::vector<ProgramMeeting> out;
    for (const auto& row : db.query(std::string("SELECT ") + kMeetingColumns +
                                        " FROM program_meetings WHERE program_id = $1 ORDER BY id",
                                    {program_id})) {
      out.push_back(meeting_of(row));
    }
    return out;
  });
}

Result<ProgramMeeting> set_lots(Database& db, const Actor& actor, std::int64_t meeting_id,
                                nlohmann::json lots) {
  return guard([&] {
    if (!lots.is_array()) invalid("lots is a list of drawings", "lots");
    ProgramMeeting after;
    db.write([&] {
      const auto before = meeting_by_id(db, meeting_id);
      after = before;
      after.lots = std::move(lots);
      db.exec("UPDATE program_meetings SET lots = $2 WHERE id = $1",
              {meeting_id, after.lots.dump()});
      append_audit(db, actor, "update", "program_meetings", std::to_string(meeting_id),
                   to_json(before), to_json(after));
    });
    return after;
  });
}

Result<ProgramScore> put_score(Database& db, const Actor& actor, ProgramScore score) {
  return guard([&] {
    if (score.rank < 1) invalid("a rank is 1 (best) or more", "rank");
    db.write([&] {
      const auto meeting = meeting_by_id(db, score.meeting_id);
      const auto& reviewers = meeting.reviewers;
      if (std::find(reviewers.begin(), reviewers.end(), score.reviewer) == reviewers.end()) {
        invalid(score.reviewer + " is not an attending reviewer of meeting " +
                    std::to_string(score.meeting_id),
                "reviewer");
      }
      const auto& ids = meeting.applications;
      if (std::find(ids.begin(), ids.end(), score.application_id) == ids.end()) {
        invalid("application " + std::to_string(score.application_id) +
                    " is not reviewed at meeting " + std::to_string(score.meeting_id),
                "application_id");
      }
      score.updated_at = now_iso8601();
      const auto existing = db.query(
          "SELECT rank, items, updated_at FROM program_scores WHERE meeting_id = $1 AND "
          "reviewer = $2 AND application_id = $3",
          {score.meeting_id, score.reviewer, score.application_id});
      const std::string items = nlohmann::json(score.items).dump();
      nlohmann::json before = nullptr;
      if (existing.empty()) {
        db.exec(
            "INSERT INTO program_scores (meeting_id, reviewer, application_id, rank, items, "
            "updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            {score.meeting_id, score.reviewer, score.application_id, std::int64_t{score.rank},
             items, score.updated_at});
      } else {
        before = {{"rank", existing[0].integer(0)},
                  {"items", detail::parse_json(existing[0].text(1), "a program score")},
                  {"updated_at", existing[0].text(2)}};
        db.exec(
            "UPDATE program_scores SET rank = $4, items = $5, updated_at = $6 WHERE "
            "meeting_id = $1 AND reviewer = $2 AND application_id = $3",
            {score.meeting_id, score.reviewer, score.application_id, std::int64_t{score.rank},
             items, score.updated_at});
      }
      append_audit(db, actor, existing.empty() ? "create" : "update", "program_scores",
                   std::to_string(score.meeting_id) + "/" + score.reviewer + "/" +
                       std::to_string(score.application_id),
                   before, to_json(score));
    });
    return score;
  });
}

Result<std::vector<ProgramScore>> list_scores(Database& db, std::int64_t meeting_id) {
  return guard([&] {
    std::vector<ProgramScore> out;
    for (const auto& row :
         db.query("SELECT meeting_id, reviewer, application_id, rank, items, updated_at FROM "
                  "program_scores WHERE meeting_id = $1 ORDER BY id",
                  {meeting_id})) {
      ProgramScore score;
      score.meeting_id = row.integer(0);
      score.reviewer = row.text(1);
      score.application_id = row.integer(2);
      score.rank = static_cast<int>(row.integer(3));
      score.items =
          detail::parse_json(row.text(4), "a program score").get<std::map<std::string, double>>();
      score.updated_at = row.text(5);
      out.push_back(std::move(score));
    }
    return out;
  });
}

Result<DutyRecord> add_duty_record(Database& db, const Actor& actor, DutyRecord record) {
  return guard([&] {
    if (record.duty_id.empty()) invalid("a record names its duty", "duty");
    if (record.kind != "evidence" && record.kind != "site_visit") {
      invalid("kind '" + record.kind + "' is not one of evidence, site_visit", "kind");
    }
    check_date(record.date, "date");
    if (!(record.hours >= 0)) invalid("hours cannot be negative", "hours");
    db.write([&] {
      const auto application = application_by_id(db, record.application_id);
      if (record.evidence_id) {
        const auto owner = db.query("SELECT organization_id FROM evidence_files WHERE id = $1",
                                    {*record.evidence_id});
        if (owner.empty() || !application.organization_id ||
            owner[0].integer(0) != *application.organization_id) {
          invalid("evidence " + std::to_string(*record.evidence_id) +
                      " is not a file of the applicant's organization; upload it there",
                  "evidence_id");
        }
      }
      record.created_by = actor.who;
      record.created_at = now_iso8601();
      record.id = detail::insert_id(
          db,
          "INSERT INTO program_duty_records (application_id, duty_id, kind, record_date, hours, "
          "note, evidence_id, signed, created_by, created_at, subject) VALUES "
          "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {record.application_id, record.duty_id, record.kind, record.date, record.hours,
           record.note, optional_value(record.evidence_id),
           std::int64_t{record.signed_record ? 1 : 0}, record.created_by, record.created_at,
           record.subject});
      append_audit(db, actor, "create", "program_duty_records", std::to_string(record.id), nullptr,
                   to_json(record));
    });
    return record;
  });
}

Result<std::vector<DutyRecord>> list_duty_records(Database& db, std::int64_t application_id) {
  return guard([&] {
    std::vector<DutyRecord> out;
    for (const auto& row : db.query(std::string("SELECT ") + kRecordColumns +
                                        " FROM program_duty_records WHERE application_id = $1 "
                                        "ORDER BY record_date, id",
                                    {application_id})) {
      out.push_back(record_of(row));
    }
    return out;
  });
}

}  // namespace cl::store
