// The onsite-support service for offset projects (抵換專案現場支援, 2023 program annex 6,
// ../shared/seeds): a factory asks help for one of seven stages (輔導申請表 「七擇一」:
// 減量專案開發評估, 專案計劃書製備/修訂, 確證支援, 環保署註冊申請/審查支援,
// 監測報告書製備/修訂, 查證支援, 環保署額度申請/審查支援); the program's specialist visits
// (visit records: date, hours, who, attendees, what was done) and records the issues raised and
// how they were solved. Applications are served in the program's order of priority (seed
// 「申請方式」(五)): 1 no offset experience before, 2 the site is not a mandatory (first batch)
// reporter, 3 a request at the credit stages (monitoring report, verification, credit
// application), 4 any other manufacturer. Every write is one transaction with its audit row.
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

struct SupportRequest {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string stage;         ///< development, plan, validation, registration, monitoring_report,
                             ///< verification, credit_application
  std::string requested_on;  ///< YYYY-MM-DD
  std::string preferred_month;
  std::optional<std::int64_t> offset_project_id;
  bool first_offset_project = false;  ///< no offset project before
  bool mandatory_reporter = false;    ///< the site is a first-batch mandatory reporter
  std::string status = "requested";   ///< requested, approved, closed
  std::string note;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct SupportVisit {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::string date;
  double hours = 0.0;
  std::string visitor;
  std::string attendees;
  std::string summary;
  std::string created_by;
  std::string created_at;
};

struct SupportIssue {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::optional<std::int64_t> visit_id;
  std::string raised_on;
  std::string description;
  std::string resolution;  ///< empty while open
  std::string solved_on;   ///< empty while open
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

/// The seven stages of the application form, in order.
const std::vector<std::string>& support_stages();
/// The program's priority (1 first … 4) of a request, per the rule above.
int support_priority(const SupportRequest& request);

nlohmann::json to_json(const SupportRequest& request);
nlohmann::json to_json(const SupportVisit& visit);
nlohmann::json to_json(const SupportIssue& issue);

/// store.invalid naming the member for an unknown stage or status, a bad date, a project of
/// another organization.
Result<SupportRequest> create_support_request(Database& db, const Actor& actor,
                                              SupportRequest request);
Result<SupportRequest> get_support_request(Database& db, std::int64_t id);
Result<std::vector<SupportRequest>> list_support_requests(Database& db,
                                                          std::int64_t organization_id);
/// Changes status and note.
Result<SupportRequest> update_support_request(Database& db, const Actor& actor,
                                              SupportRequest request);

Result<SupportVisit> add_support_visit(Database& db, const Actor& actor, SupportVisit visit);
Result<std::vector<SupportVisit>> list_support_visits(Database& db, std::int64_t request_id);

Result<SupportIssue> add_support_issue(Database& db, const Actor& actor, SupportIssue issue);
Result<SupportIssue> get_support_issue(Database& db, std::int64_t id);
Result<std::vector<SupportIssue>> list_support_issues(Database& db, std::int64_t request_id);
/// Records how an issue was solved (resolution and date, both required).
Result<SupportIssue> solve_support_issue(Database& db, const Actor& actor, std::int64_t id,
                                         const std::string& resolution,
                                         const std::string& solved_on);

}  // namespace cl::store
