// A program case's funding ledger and change requests over the API (issue 8, DEM-5, DEM-7,
// DEM-9; seed 004 伍, 陸.三):
//
//   GET  /api/v1/programs/{program}/funding                        office: every approved case's
//                                                                  funds, spent and remaining
//   GET  /api/v1/programs/{program}/applications/{id}/funding      the case's ledger: funds by
//                                                                  fund and cost item, expenses,
//                                                                  change requests and limits
//   POST /api/v1/programs/{program}/applications/{id}/funding      office: {"cost_items", "own"?}
//   POST /api/v1/programs/{program}/applications/{id}/expenses     {"date", "cost_item",
//                                                                  "amount", "description",
//                                                                  "evidence_id"?} → 201
//   GET  /api/v1/programs/{program}/applications/{id}/changes      the case's change requests
//   POST /api/v1/programs/{program}/applications/{id}/changes      {"kind", "reason", "date"?,
//                                                                  "details"?} → 201
//   POST /api/v1/programs/{program}/changes/{id}/decision          office: {"decision",
//                                                                  "note"?, "date"?}
//
// The case's own factory and its guidance unit (the consultant of its organization) read the
// ledger, book expenses and request changes; the office does all of that and alone sets up the
// funding and decides. Others get the answer of an unused id. Every amount and check is the
// core's (fund_case, check_cost_items, check_expense, check_change), run inside the store's
// write transaction on the ledger as it stands; a refused write is 422 naming the field, and
// nothing is stored.
#include <algorithm>
#include <limits>
#include <map>

#include "core/program/funding.hpp"
#include "core/program/ledger.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/program_support.hpp"
#include "server/routes/store_routes.hpp"
#include "store/program_funding.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using auth::Role;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMaxNtd = 1'000'000'000'000;

bool office(const RequestContext& context) {
  return principal(context).role == Role::administrator;
}

/// The approved case of the path {id}, after the caller may read its organization (404
/// otherwise, also for a case of another program).
store::ProgramApplication funded_case(store::Database& db, const RequestContext& context,
                                      const program::Program& definition) {
  auto stored = approved_case(db, context, definition, "its funding starts with the approval");
  if (definition.find_mode(stored.service) == nullptr) {
    throw_error(409, ErrorCode::store_conflict,
                "application " + std::to_string(stored.id) + " is for the service " +
                    stored.service + ", which comes with its fee, not with funding by mode",
                {.field = "service"});
  }
  return stored;
}

/// The office, or the case's factory or guidance unit (those who may record its activity).
void require_case_writer(const RequestContext& context, const store::ProgramApplication& stored,
                         const std::string& what) {
  if (office(context)) return;
  if (!stored.organization_id ||
      !allowed(context, Action::create,
               owned_by(ResourceKind::activity, *stored.organization_id))) {
    throw_error(403, ErrorCode::auth_forbidden,
                "only the case's factory, its guidance unit and the office " + what);
  }
}

int satellites_in(const store::ProgramApplication& stored) {
  const auto& satellites = stored.document.value("satellites", json::array());
  return satellites.is_array() ? static_cast<int>(satellites.size()) : 0;
}

std::vector<program::CostItem> cost_items_of(const json& items) {
  std::vector<program::CostItem> out;
  for (const auto& item : items) {
    out.push_back({item.value("id", std::string()), item.value("name", std::string()),
                   item.value("budget", 0L)});
  }
  return out;
}

json cost_items_json(const std::vector<program::CostItem>& items) {
  json out = json::array();
  for (const auto& item : items) {
    out.push_back({{"id", item.id}, {"name", item.name}, {"budget", item.budget_ntd}});
  }
  return out;
}

int dropped_of(const store::CaseLedger& ledger) {
  int dropped = 0;
  for (const auto& change : ledger.changes) {
    if (change.status == "approved") dropped += change.satellites_dropped;
  }
  return dropped;
}

[[noreturn]] void refuse(Error error, const std::string& field = {}) {
  if (!field.empty()) error.where.field = field;
  throw store::StoreError{std::move(error)};
}

/// The case's funds now: the record's own funds and satellites signed, less the approved drops.
program::FundingResult funds_of(const program::Program& definition,
                                const store::ProgramApplication& stored,
                                const store::FundingRecord& record, int dropped) {
  auto funded =
      program::fund_case(definition, {stored.service, record.satellites_signed,
                                      record.satellites_signed - dropped, record.own_ntd});
  if (!funded) refuse(std::move(funded.error()));
  return *funded;
}

program::Spent spent_of(const store::CaseLedger& ledger) {
  program::Spent spent;
  for (const auto& expense : ledger.expenses) {
    spent.government += expense.government_ntd;
    spent.own += expense.own_ntd;
    spent.by_item[expense.cost_item] += expense.amount_ntd;
  }
  return spent;
}

int earlier_changes(const store::CaseLedger& ledger, const std::string& kind,
                    std::optional<std::int64_t> except = std::nullopt, bool approved_only = false) {
  int count = 0;
  for (const auto& change : ledger.changes) {
    if (change.kind != kind || (except && change.id == *except)) continue;
    if (change.status == "rejected" || (approved_only && change.status != "approved")) continue;
    // 陸.三.1: a principal investigator who left is replaced beyond the one change per case.
    if (change.details.value("departed", false)) continue;
    ++count;
  }
  return count;
}

json ledger_json(const program::Program& definition, const store::ProgramApplication& stored,
                 const store::CaseLedger& ledger) {
  json out = {{"application", store::to_json(stored)},
              {"mode", stored.service},
              {"funding", nullptr},
              {"expenses", json::array()},
              {"changes", json::array()},
              {"change_limits", json::array()}};
  for (const auto& expense : ledger.expenses) out["expenses"].push_back(store::to_json(expense));
  for (const auto& change : ledger.changes) out["changes"].push_back(store::to_json(change));
  for (const auto& limit : definition.changes) {
    if (!limit.modes.empty() &&
        std::find(limit.modes.begin(), limit.modes.end(), stored.service) == limit.modes.end()) {
      continue;
    }
    out["change_limits"].push_back({{"id", limit.id},
                                    {"what", limit.what},
                                    {"max_per_case", limit.max_per_case},
                                    {"by", limit.by ? json(limit.by->to_string()) : json(nullptr)},
                                    {"used", earlier_changes(ledger, limit.id)},
                                    {"cite", limit.cite}});
  }
  if (!ledger.funding) return out;
  const auto& record = *ledger.funding;
  const int dropped = dropped_of(ledger);
  const auto funded =
      program::fund_case(definition, {stored.service, record.satellites_signed,
                                      record.satellites_signed - dropped, record.own_ntd});
  if (!funded) throw ApiError{500, funded.error(), {}};
  const auto spent = spent_of(ledger);
  json items = json::array();
  for (const auto& item : cost_items_of(record.cost_items)) {
    long government = 0;
    long own = 0;
    for (const auto& expense : ledger.expenses) {
      if (expense.cost_item != item.id) continue;
      government += expense.government_ntd;
      own += expense.own_ntd;
    }
    items.push_back({{"id", item.id},
                     {"name", item.name},
                     {"budget", item.budget_ntd},
                     {"spent", government + own},
                     {"government", government},
                     {"own", own},
                     {"remaining", item.budget_ntd - government - own}});
  }
  out["funding"] = {{"government_base", funded->government_base},
                    {"satellites_signed", record.satellites_signed},
                    {"satellites_now", record.satellites_signed - dropped},
                    {"dropped", funded->dropped},
                    {"deduction", funded->deduction},
                    {"government", funded->government},
                    {"own_min", funded->own_min},
                    {"own", funded->own},
                    {"total", funded->total},
                    {"government_share", funded->government_share},
                    {"cite", funded->cite},
                    {"spent",
                     {{"government", spent.government},
                      {"own", spent.own},
                      {"total", spent.government + spent.own}}},
                    {"remaining",
                     {{"government", funded->government - spent.government},
                      {"own", funded->own - spent.own},
                      {"total", funded->total - spent.government - spent.own}}},
                    {"cost_items", items},
                    {"created_by", record.created_by},
                    {"created_at", record.created_at}};
  return out;
}

void case_funding_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = funded_case(*db, context, definition);
  send_json(context.res, 200,
            ledger_json(definition, stored, unwrap(store::get_case_ledger(*db, stored.id))));
}

void summary_route(ApiState& state, RequestContext& context) {
  require_office(context, "see the funding ledger across cases");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto applications = unwrap(store::list_applications(*db, definition.id));
  json cases = json::array();
  long totals[6] = {0, 0, 0, 0, 0, 0};  // government, own, spent gov/own, remaining gov/own
  for (const auto& stored : applications) {
    if (!stored.approved_on || definition.find_mode(stored.service) == nullptr) continue;
    const auto ledger = unwrap(store::get_case_ledger(*db, stored.id));
    const auto full = ledger_json(definition, stored, ledger);
    int pending = 0;
    for (const auto& change : ledger.changes) pending += change.status == "pending" ? 1 : 0;
    json item = {{"application_id", stored.id},
                 {"applicant", stored.applicant},
                 {"mode", stored.service},
                 {"approved_on", *stored.approved_on},
                 {"funded", ledger.funding.has_value()},
                 {"pending_changes", pending},
                 {"expenses", ledger.expenses.size()}};
    if (ledger.funding) {
      const auto& funding = full["funding"];
      const long values[6] = {funding["government"].get<long>(),
                              funding["own"].get<long>(),
                              funding["spent"]["government"].get<long>(),
                              funding["spent"]["own"].get<long>(),
                              funding["remaining"]["government"].get<long>(),
                              funding["remaining"]["own"].get<long>()};
      for (int idx = 0; idx < 6; ++idx) totals[idx] += values[idx];
      item["government"] = values[0];
      item["own"] = values[1];
      item["spent"] = {{"government", values[2]}, {"own", values[3]}};
      item["remaining"] = {{"government", values[4]}, {"own", values[5]}};
      item["satellites_now"] = funding["satellites_now"];
      item["deduction"] = funding["deduction"];
    }
    cases.push_back(std::move(item));
  }
  send_json(context.res, 200,
            {{"program", definition.id},
             {"as_of", taiwan_today()},
             {"cases", cases},
             {"totals",
              {{"government", totals[0]},
               {"own", totals[1]},
               {"spent", {{"government", totals[2]}, {"own", totals[3]}}},
               {"remaining", {{"government", totals[4]}, {"own", totals[5]}}}}}});
}

void add_funding_route(ApiState& state, RequestContext& context) {
  require_office(context, "set up a case's funding");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = funded_case(*db, context, definition);
  const auto body = json_body(context);
  const Fields fields(body, {"cost_items", "own", "reason"});
  if (!body.contains("cost_items") || !body["cost_items"].is_array()) {
    throw_error(
        400,
        body.contains("cost_items") ? ErrorCode::parse_bad_value : ErrorCode::parse_missing_field,
        "cost_items is the approved plan's list of cost items (會計科目), each "
        "{\"id\", \"name\", \"budget\"} in whole NT$",
        {.field = "cost_items"});
  }
  std::vector<program::CostItem> items;
  for (std::size_t idx = 0; idx < body["cost_items"].size(); ++idx) {
    const auto& item = body["cost_items"][idx];
    const std::string where = "cost_items[" + std::to_string(idx) + "]";
    if (!item.is_object()) {
      throw_error(400, ErrorCode::parse_bad_value, where + " is an object", {.field = where});
    }
    check_members(item, where, {"id", "name", "budget"});
    if (!item.contains("id") || !item["id"].is_string() || !item.contains("budget") ||
        !item["budget"].is_number_integer() ||
        (item.contains("name") && !item["name"].is_string())) {
      throw_error(400, ErrorCode::parse_bad_value,
                  where + " needs id (text), budget (whole NT$) and optionally name (text)",
                  {.field = where});
    }
    items.push_back({item["id"].get<std::string>(), item.value("name", std::string()),
                     item["budget"].get<long>()});
  }
  store::FundingRecord record;
  record.application_id = stored.id;
  record.satellites_signed = satellites_in(stored);
  const auto* mode = definition.find_mode(stored.service);
  record.own_ntd = fields.integer("own", 0, kMaxNtd).value_or(mode->funding.own_min_ntd);
  auto funded = program::fund_case(definition, {stored.service, record.satellites_signed,
                                                record.satellites_signed, record.own_ntd});
  if (!funded) throw ApiError{422, funded.error(), {}};
  if (auto checked = program::check_cost_items(*funded, items); !checked) {
    throw ApiError{422, checked.error(), {}};
  }
  record.cost_items = cost_items_json(items);
  unwrap(store::add_funding(*db, actor_of(context, fields.reason()), record));
  send_json(context.res, 201,
            ledger_json(definition, stored, unwrap(store::get_case_ledger(*db, stored.id))));
}

void add_expense_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = funded_case(*db, context, definition);
  require_case_writer(context, stored, "book its expenses");
  const auto body = json_body(context);
  const Fields fields(body,
                      {"date", "cost_item", "amount", "description", "evidence_id", "reason"});
  store::Expense expense;
  expense.application_id = stored.id;
  expense.date = *fields.text("date", true);
  expense.cost_item = *fields.text("cost_item", true);
  if (!body.contains("amount") || !body["amount"].is_number_integer()) {
    throw_error(
        400, body.contains("amount") ? ErrorCode::parse_bad_value : ErrorCode::parse_missing_field,
        "amount is the expense in whole NT$, e.g. 12000", {.field = "amount"});
  }
  expense.amount_ntd = body["amount"].get<std::int64_t>();
  expense.description = *fields.text("description", true);
  expense.evidence_id = fields.integer("evidence_id", 1, kMaxId);
  const auto added = unwrap(store::add_expense(
      *db, actor_of(context, fields.reason()), expense, [&](const store::CaseLedger& ledger) {
        const auto funds = funds_of(definition, stored, *ledger.funding, dropped_of(ledger));
        auto split =
            program::check_expense(funds, cost_items_of(ledger.funding->cost_items),
                                   spent_of(ledger), expense.cost_item, expense.amount_ntd);
        if (!split) refuse(std::move(split.error()));
        return std::pair<std::int64_t, std::int64_t>{split->first, split->second};
      }));
  send_json(context.res, 201, store::to_json(added));
}

void list_changes_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = funded_case(*db, context, definition);
  const auto full = ledger_json(definition, stored, unwrap(store::get_case_ledger(*db, stored.id)));
  send_json(context.res, 200, {{"items", full["changes"]}, {"limits", full["change_limits"]}});
}

/// The details of a request of `kind`, checked and normalized: a satellite drop carries "drop"
/// (how many), a budget transfer "transfer" {from, to, amount}.
json change_details(const std::string& kind, const json& details) {
  const auto bad = [](const std::string& field, const std::string& message) {
    throw_error(400, ErrorCode::parse_bad_value, message, {.field = field});
  };
  json out = details;
  if (kind == "satellite_change") {
    check_members(details, "details", {"action", "drop", "satellites"});
    const auto action = details.value("action", std::string());
    if (action != "drop" && action != "replace") {
      bad("details.action", "a satellite change is \"drop\" (減少) or \"replace\" (更換)");
    }
    if (action == "drop") {
      if (!details.contains("drop")) out["drop"] = 1;
      if (!out["drop"].is_number_integer() || out["drop"].get<long>() < 1) {
        bad("details.drop", "details.drop is how many satellites leave the case, 1 or more");
      }
    } else if (details.contains("drop")) {
      bad("details.drop", "a replacement drops no satellite; leave details.drop out");
    }
  } else if (kind == "major_change") {
    check_members(details, "details", {"subject", "transfer", "departed"});
    const auto subject = details.value("subject", std::string());
    if (subject != "principal" && subject != "budget" && subject != "schedule" &&
        subject != "content") {
      bad("details.subject",
          "a major change (重大事項變更) is of the principal (計畫主持人), budget (經費), "
          "schedule (期程) or content (輔導內容)");
    }
    if (details.contains("departed") &&
        (!details["departed"].is_boolean() || subject != "principal")) {
      bad("details.departed", "departed (true/false) is said of a principal who left");
    }
    if (details.contains("transfer")) {
      const auto& transfer = details["transfer"];
      if (subject != "budget" || !transfer.is_object()) {
        bad("details.transfer", "a transfer {from, to, amount} is a budget change");
      }
      check_members(transfer, "details.transfer", {"from", "to", "amount"});
      if (!transfer.value("from", json()).is_string() ||
          !transfer.value("to", json()).is_string() ||
          !transfer.value("amount", json()).is_number_integer() ||
          transfer["amount"].get<long>() <= 0) {
        bad("details.transfer",
            "a transfer names cost items from and to and an amount in whole NT$ above 0");
      }
    }
  } else if (!details.empty()) {
    bad("details", "a change of kind '" + kind + "' takes no details; leave details out");
  }
  return out;
}

void add_change_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = funded_case(*db, context, definition);
  require_case_writer(context, stored, "request its changes");
  const auto body = json_body(context);
  const Fields fields(body, {"kind", "reason", "date", "details"});
  store::ChangeRequest change;
  change.application_id = stored.id;
  change.kind = *fields.text("kind", true);
  change.reason = *fields.text("reason", true);
  change.requested_on = fields.text("date").value_or(taiwan_today());
  change.details = change_details(change.kind, fields.object("details").value_or(json::object()));
  const auto date = program::parse_date(change.requested_on);
  if (!date) {
    throw_error(400, ErrorCode::parse_bad_value,
                "date '" + change.requested_on + "' is a calendar day YYYY-MM-DD",
                {.field = "date"});
  }
  const auto added = unwrap(store::add_change(
      *db, actor_of(context, change.reason), change, [&](const store::CaseLedger& ledger) {
        const auto checked = program::check_change(definition, stored.service, change.kind, *date,
                                                   earlier_changes(ledger, change.kind));
        if (!checked && !(change.details.value("departed", false) &&
                          checked.error().code == ErrorCode::program_change_refused)) {
          refuse(checked.error());
        }
        const int drop = change.details.value("drop", 0);
        if (drop > 0) {
          const int signed_count =
              ledger.funding ? ledger.funding->satellites_signed : satellites_in(stored);
          auto funded = program::fund_case(
              definition,
              {stored.service, signed_count, signed_count - dropped_of(ledger) - drop,
               ledger.funding ? std::optional<long>(ledger.funding->own_ntd) : std::nullopt});
          if (!funded) refuse(std::move(funded.error()), "details.drop");
        }
      }));
  send_json(context.res, 201, store::to_json(added));
}

void decide_route(ApiState& state, RequestContext& context) {
  require_office(context, "decide change requests");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto body = json_body(context);
  const Fields fields(body, {"decision", "note", "date", "reason"});
  const auto decision = *fields.text("decision", true);
  const auto note = fields.text("note").value_or("");
  const auto date_text = fields.text("date").value_or(taiwan_today());
  const auto date = program::parse_date(date_text);
  if (!date) {
    throw_error(400, ErrorCode::parse_bad_value,
                "date '" + date_text + "' is a calendar day YYYY-MM-DD", {.field = "date"});
  }
  // The request must belong to a case of this program.
  const auto change_id = path_id(context, "id");
  std::optional<store::ProgramApplication> stored;
  for (const auto& application : unwrap(store::list_applications(*db, definition.id))) {
    if (!application.approved_on) continue;
    const auto ledger = unwrap(store::get_case_ledger(*db, application.id));
    for (const auto& change : ledger.changes) {
      if (change.id == change_id) stored = application;
    }
  }
  if (!stored) throw_not_found();
  const auto decided = unwrap(store::decide_change(
      *db, actor_of(context, fields.reason()), change_id, decision, note, date_text,
      [&](const store::CaseLedger& ledger,
          const store::ChangeRequest& change) -> std::optional<json> {
        // 陸.三: the change is completed (approved) by the limit's date.
        const auto checked =
            program::check_change(definition, stored->service, change.kind, *date,
                                  earlier_changes(ledger, change.kind, change.id, true));
        if (!checked && !(change.details.value("departed", false) &&
                          checked.error().code == ErrorCode::program_change_refused)) {
          refuse(checked.error());
        }
        if (!ledger.funding) return std::nullopt;
        const int drop = change.details.value("drop", 0);
        const auto spent = spent_of(ledger);
        if (drop > 0) {
          auto funded = program::fund_case(
              definition, {stored->service, ledger.funding->satellites_signed,
                           ledger.funding->satellites_signed - dropped_of(ledger) - drop,
                           ledger.funding->own_ntd});
          if (!funded) refuse(std::move(funded.error()), "details.drop");
          if (spent.government > funded->government) {
            refuse(Error{ErrorCode::program_over_budget,
                         "dropping " + std::to_string(drop) + " satellite(s) leaves NT$" +
                             std::to_string(funded->government) +
                             " of government funds, less than the NT$" +
                             std::to_string(spent.government) + " already spent",
                         {.field = "details.drop"},
                         {}});
          }
        }
        if (!change.details.contains("transfer")) return std::nullopt;
        const auto& transfer = change.details["transfer"];
        auto items = cost_items_of(ledger.funding->cost_items);
        const auto find = [&items](const std::string& id) {
          return std::find_if(items.begin(), items.end(),
                              [&id](const program::CostItem& item) { return item.id == id; });
        };
        const auto from = find(transfer["from"].get<std::string>());
        const auto to = find(transfer["to"].get<std::string>());
        const long amount = transfer["amount"].get<long>();
        if (from == items.end() || to == items.end()) {
          refuse(Error{ErrorCode::parse_bad_value,
                       "a budget transfer moves money between cost items of the approved plan",
                       {.field = "details.transfer"},
                       {}});
        }
        const auto used = spent.by_item.find(from->id);
        const long left = from->budget_ntd - (used == spent.by_item.end() ? 0 : used->second);
        if (amount > left) {
          refuse(Error{ErrorCode::program_over_budget,
                       "cost item '" + from->id + "' has NT$" + std::to_string(left) +
                           " left, less than the NT$" + std::to_string(amount) + " to transfer",
                       {.field = "details.transfer"},
                       {}});
        }
        from->budget_ntd -= amount;
        to->budget_ntd += amount;
        return cost_items_json(items);
      }));
  send_json(context.res, 200, store::to_json(decided));
}

}  // namespace

void add_program_funding_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "/api/v1/programs");
  route("GET", "/{program}/funding", "the funding ledger across a program's approved cases",
        summary_route);
  route("GET", "/{program}/applications/{id}/funding",
        "a case's funding ledger: funds, cost items, expenses, changes", case_funding_route);
  route("POST", "/{program}/applications/{id}/funding",
        "set up an approved case's funding with the plan's cost items", add_funding_route);
  route("POST", "/{program}/applications/{id}/expenses",
        "book an expense, split between government and own funds", add_expense_route);
  route("GET", "/{program}/applications/{id}/changes", "a case's change requests and limits",
        list_changes_route);
  route("POST", "/{program}/applications/{id}/changes",
        "request a change (satellites, principal, budget, schedule)", add_change_route);
  route("POST", "/{program}/changes/{id}/decision", "approve or reject a change request",
        decide_route);
}

}  // namespace cl::server
