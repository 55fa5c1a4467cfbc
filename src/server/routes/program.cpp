// The program office over the JSON API (issue 8, APP-1…5, DEM-1…4). Programs are the definition
// files in <data>/programs; every rule is decided by core/program from the stored facts.
//
//   GET  /api/v1/programs                                   the definitions (services, forms)
//   GET  /api/v1/programs/{program}                         one definition in full
//   GET  /api/v1/programs/{program}/applications            the caller's applications (office:
//                                                           all) with their eligibility and place
//   POST /api/v1/programs/{program}/applications            {"application", "organization_id"?,
//                                                           "submitted"?} → 201
//   GET  /api/v1/programs/{program}/applications/{id}/form.xlsx   the filled form (附表1/2/3)
//   GET  /api/v1/programs/{program}/intake                  office: queue, quota use, waiting list
//   POST /api/v1/programs/{program}/intake/accept           office: give the places allocated
//   POST /api/v1/programs/{program}/applications/{id}/requests    office: {"document", "due"?}
//   POST /api/v1/programs/{program}/requests/{id}/received  office: {"date"?}
//   POST /api/v1/programs/{program}/applications/{id}/approve     office: {"date"?}
//
// A factory submits for its own organization with the server's time (Taiwan); the office also
// enters paper applications (no organization, or one named) with their reception time. A wrong
// unified business number, a missing consent or a submission after the deadline is 422 naming
// the field, and nothing is stored; other refusals are stored and shown to the office with their
// reason. Approval refuses a guidance unit's case beyond the program's maximum (DEM-4: 8).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>

#include "io/file.hpp"
#include "io/program_form_html.hpp"
#include "io/program_reader.hpp"
#include "io/program_xlsx.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/program_support.hpp"
#include "server/routes/store_routes.hpp"

namespace cl::server {

using auth::Action;
using auth::ResourceKind;
using auth::Role;
using nlohmann::json;

store::ProgramApplication approved_case(store::Database& db, const RequestContext& context,
                                        const program::Program& definition,
                                        const std::string& starts) {
  auto stored = unwrap(store::get_application(db, path_id(context, "id")));
  if (stored.program_id != definition.id) throw_not_found();
  if (principal(context).role != Role::administrator &&
      (!stored.organization_id ||
       !allowed(context, Action::read,
                owned_by(ResourceKind::organization, *stored.organization_id)))) {
    throw_not_found();
  }
  if (!stored.approved_on) {
    throw_error(409, ErrorCode::store_conflict,
                "application " + std::to_string(stored.id) + " is not approved; " + starts,
                {.field = "approved_on"});
  }
  return stored;
}

std::string taiwan_now() {
  const auto taipei = std::chrono::system_clock::now() + std::chrono::hours(8);
  return fmt::format("{:%Y-%m-%dT%H:%M}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(taipei)));
}

void require_office(const RequestContext& context, const std::string& what) {
  require_role(context, {Role::administrator}, what + " (the program office does)");
}

std::vector<program::Program> load_programs(const ApiState& state) {
  const std::string data_dir =
      state.config.data_dir.empty() ? io::default_data_dir() : state.config.data_dir;
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir + "/programs", error)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<program::Program> out;
  for (const auto& file : files) {
    Diagnostics diagnostics;
    auto read = io::read_program(file.string(), diagnostics);
    if (!read) throw ApiError{500, read.error(), {}};
    if (diagnostics.has_errors()) {
      throw_error(500, ErrorCode::program_definition,
                  "the program definition " + file.filename().string() + " has " +
                      std::to_string(diagnostics.error_count()) +
                      " problem(s); run `carbonledger program validate` on it");
    }
    out.push_back(std::move(*read));
  }
  return out;
}

program::Program load_program(const ApiState& state, const std::string& id) {
  for (auto& item : load_programs(state)) {
    if (item.id == id) return std::move(item);
  }
  throw_error(404, ErrorCode::http_not_found,
              "no such program: '" + id + "'; GET /api/v1/programs lists them",
              {.field = "program"});
}

program::Application to_core(const store::ProgramApplication& stored,
                             const std::vector<store::ProgramRequest>& requests) {
  json document = stored.document;
  document["id"] = std::to_string(stored.id);
  document["submitted"] = stored.submitted_at;
  if (stored.accepted_on) document["accepted_on"] = *stored.accepted_on;
  json list = json::array();
  for (const auto& request : requests) {
    if (request.application_id != stored.id) continue;
    json item = {
        {"document", request.document}, {"requested", request.requested}, {"due", request.due}};
    if (request.received) item["received"] = *request.received;
    list.push_back(std::move(item));
  }
  document["requests"] = std::move(list);
  Diagnostics diagnostics;
  auto read = io::parse_application(document.dump(), "application " + std::to_string(stored.id),
                                    diagnostics);
  if (!read || diagnostics.has_errors()) {
    throw_error(500, ErrorCode::store_query_failed,
                "stored application " + std::to_string(stored.id) + " cannot be read back");
  }
  return std::move(*read);
}

ProgramState program_state(store::Database& db, const program::Program& definition,
                           const std::string& today) {
  ProgramState out;
  out.stored = unwrap(store::list_applications(db, definition.id));
  const auto requests = unwrap(store::list_requests(db, definition.id));
  // A guidance unit's approved cases are what the office approved here, not what an application
  // says (DEM-4's cap of cases per unit is decided from the store).
  std::map<std::string, int> approved;
  for (const auto& stored : out.stored) {
    if (stored.approved_on && !stored.unit_ubn.empty()) ++approved[stored.unit_ubn];
  }
  for (const auto& stored : out.stored) {
    auto application = to_core(stored, requests);
    if (application.unit) {
      const auto found = approved.find(stored.unit_ubn);
      application.unit->approved_cases =
          (found == approved.end() ? 0 : found->second) - (stored.approved_on ? 1 : 0);
    }
    out.applications.push_back(std::move(application));
  }
  out.checks = program::check_eligibility(definition, out.applications);
  out.intake =
      program::allocate(definition, out.applications, out.checks, *program::parse_date(today));
  return out;
}

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

json findings_json(const std::vector<program::Finding>& findings) {
  json out = json::array();
  for (const auto& finding : findings) {
    out.push_back({{"rule", finding.rule},
                   {"code", std::string(code_id(finding.code))},
                   {"reason", finding.reason},
                   {"field", finding.field},
                   {"cite", finding.cite}});
  }
  return out;
}

json service_json(const program::Service& service) {
  json out = {{"id", service.id},         {"name", service.name},         {"quota", nullptr},
              {"fee_ntd", nullptr},       {"fee_note", service.fee_note}, {"forms", service.forms},
              {"stages", service.stages}, {"deadline", nullptr},          {"cite", service.cite}};
  if (service.quota) out["quota"] = *service.quota;
  if (service.fee_ntd) out["fee_ntd"] = *service.fee_ntd;
  if (service.deadline) out["deadline"] = service.deadline->at.to_string();
  return out;
}

json definition_json(const program::Program& definition, bool full) {
  json services = json::array();
  for (const auto& service : definition.services) services.push_back(service_json(service));
  json modes = json::array();
  for (const auto& mode : definition.modes) {
    modes.push_back({{"id", mode.id},
                     {"name", mode.name},
                     {"min_satellites", mode.min_satellites},
                     {"forms", mode.forms}});
  }
  json out = {{"id", definition.id},
              {"name", definition.name},
              {"year", definition.year},
              {"sponsor", definition.sponsor},
              {"services", services},
              {"modes", modes},
              {"deadline", definition.application_deadline
                               ? json(definition.application_deadline->at.to_string())
                               : json(nullptr)}};
  if (!full) return out;
  json forms = json::array();
  for (const auto& form : definition.forms) {
    json fields = json::array();
    for (const auto& field : form.fields) {
      fields.push_back({{"id", field.id},
                        {"label", field.label},
                        {"type", std::string(program::field_type_id(field.type))},
                        {"key", field.key},
                        {"required", field.required},
                        {"options", field.options}});
    }
    forms.push_back(
        {{"id", form.id}, {"name", form.name}, {"fields", fields}, {"cite", form.cite}});
  }
  out["forms"] = forms;
  json rubrics = json::array();
  for (const auto& rubric : definition.review.rubrics) {
    json items = json::array();
    for (const auto& item : rubric.items) {
      items.push_back({{"id", item.id},
                       {"group", item.group},
                       {"name", item.name},
                       {"max", item.max},
                       {"satellite_points", item.satellite_points}});
    }
    rubrics.push_back({{"mode", rubric.mode}, {"items", items}, {"total", rubric.total()}});
  }
  out["rubrics"] = rubrics;
  out["pass_score"] = definition.review.pass_score;
  return out;
}

/// The intake entry of application `id` for its service; nullptr when none.
const program::IntakeEntry* entry_of(const ProgramState& state, const std::string& service,
                                     const std::string& id) {
  for (const auto& intake : state.intake) {
    if (intake.service != service) continue;
    for (const auto& entry : intake.entries) {
      if (entry.application == id) return &entry;
    }
  }
  return nullptr;
}

json application_json(const ProgramState& state, std::size_t idx,
                      const std::vector<store::ProgramRequest>& requests) {
  const auto& stored = state.stored[idx];
  json out = store::to_json(stored);
  out["eligible"] = state.checks[idx].eligible();
  out["refusals"] = findings_json(state.checks[idx].refusals);
  out["incomplete"] = findings_json(state.checks[idx].incomplete);
  json own = json::array();
  for (const auto& request : requests) {
    if (request.application_id == stored.id) own.push_back(store::to_json(request));
  }
  out["requests"] = own;
  out["status"] = nullptr;
  out["position"] = nullptr;
  out["status_reason"] = "";
  out["priority"] = "";
  if (const auto* entry = entry_of(state, stored.service, std::to_string(stored.id))) {
    out["status"] = std::string(program::intake_status_id(entry->status));
    out["position"] = entry->position;
    out["status_reason"] = entry->reason;
    out["priority"] = entry->priority_name;
  }
  if (stored.approved_on) out["status"] = "approved";
  return out;
}

void list_programs_route(ApiState& state, RequestContext& context) {
  json items = json::array();
  for (const auto& definition : load_programs(state)) {
    items.push_back(definition_json(definition, false));
  }
  send_json(context.res, 200, {{"items", items}});
  (void)context;
}

void get_program_route(ApiState& state, RequestContext& context) {
  send_json(context.res, 200,
            definition_json(load_program(state, context.params.at("program")), true));
}

void list_applications_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto current = program_state(*db, definition, taiwan_today());
  const auto requests = unwrap(store::list_requests(*db, definition.id));
  json items = json::array();
  for (std::size_t idx = 0; idx < current.stored.size(); ++idx) {
    if (may_see(context, current.stored[idx])) {
      items.push_back(application_json(current, idx, requests));
    }
  }
  send_json(context.res, 200, {{"items", items}});
}

/// 422 naming the field of each refusal the applicant must correct before submitting.
[[noreturn]] void refuse_submission(const std::vector<program::Finding>& refusals) {
  Diagnostics diagnostics;
  for (const auto& finding : refusals) {
    diagnostics.error(finding.code, finding.reason + " (" + finding.cite + ")",
                      {.field = finding.field.empty() ? finding.rule : finding.field});
  }
  const auto& first = refusals.front();
  const std::string field = first.field.empty() ? first.rule : first.field;
  throw ApiError{422,
                 Error{first.code,
                       "the application cannot be submitted: " + field + ": " + first.reason +
                           (refusals.size() > 1 ? " (and " + std::to_string(refusals.size() - 1) +
                                                      " more, listed in `diagnostics`)"
                                                : ""),
                       {.field = field},
                       {}},
                 {{"diagnostics", diagnostics_json(diagnostics)}}};
}

void submit_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  const auto body = json_body(context);
  const Fields fields(body, {"application", "organization_id", "submitted", "reason"});
  const bool office = principal(context).role == Role::administrator;
  if (!office) require_role(context, {Role::factory}, "apply to a program for a factory");
  json document = *fields.object("application", true);
  for (const char* server_set : {"id", "submitted", "accepted_on", "requests"}) {
    if (document.contains(server_set)) {
      throw_error(400, ErrorCode::parse_unknown_field,
                  std::string("application.") + server_set +
                      " is set by the program office, not by the application; leave it out",
                  {.field = std::string("application.") + server_set});
    }
  }
  store::ProgramApplication stored;
  stored.program_id = definition.id;
  stored.submitted_at = taiwan_now();
  if (office) {
    if (const auto org = fields.integer("organization_id", 1, kMaxId)) stored.organization_id = org;
    if (const auto when = fields.text("submitted")) {
      if (!program::parse_date_time(*when)) {
        throw_error(400, ErrorCode::parse_bad_value,
                    "submitted '" + *when +
                        "' is the reception time YYYY-MM-DDTHH:MM (Taiwan), e.g. 2014-02-19T10:30",
                    {.field = "submitted"});
      }
      stored.submitted_at = *when;
    }
  } else {
    if (fields.has("organization_id") || fields.has("submitted")) {
      throw_error(403, ErrorCode::auth_forbidden,
                  "a factory applies for its own organization at the time it submits; "
                  "organization_id and submitted are the office's",
                  {.field = fields.has("submitted") ? "submitted" : "organization_id"});
    }
    stored.organization_id = caller_org(context);
  }
  json parsed = document;
  parsed["id"] = "new";
  parsed["submitted"] = stored.submitted_at;
  Diagnostics diagnostics;
  auto application = io::parse_application(parsed.dump(), "application", diagnostics);
  if (!application) throw ApiError{422, application.error(), {}};
  if (diagnostics.has_errors()) throw_diagnostics(diagnostics, "the application");
  const auto targets = program::targets_of(*application);
  if (targets.empty()) {
    throw_error(422, ErrorCode::parse_missing_field,
                "the application names no service (services) or mode; choose what you apply for",
                {.field = "services"});
  }
  const auto check = program::check_eligibility(definition, *application);
  std::vector<program::Finding> correctable;
  for (const auto& refusal : check.refusals) {
    if (refusal.code == ErrorCode::program_ubn_invalid ||
        refusal.code == ErrorCode::program_consent_missing ||
        refusal.code == ErrorCode::program_after_deadline) {
      correctable.push_back(refusal);
    }
  }
  if (!correctable.empty()) refuse_submission(correctable);
  stored.service = targets.front();
  stored.applicant = application->factory.name;
  if (application->unit) stored.unit_ubn = application->unit->ubn;
  stored.document = std::move(document);
  auto db = lease(state);
  const auto added =
      unwrap(store::add_application(*db, actor_of(context, fields.reason()), stored));
  const auto current = program_state(*db, definition, taiwan_today());
  const auto requests = unwrap(store::list_requests(*db, definition.id));
  for (std::size_t idx = 0; idx < current.stored.size(); ++idx) {
    if (current.stored[idx].id != added.id) continue;
    context.res.set_header("Location", "/api/v1/programs/" + definition.id + "/applications/" +
                                           std::to_string(added.id));
    send_json(context.res, 201, application_json(current, idx, requests));
    return;
  }
  send_json(context.res, 201, store::to_json(added));
}

/// The stored application of the path, after the caller may see it (404 otherwise).
store::ProgramApplication visible_application(store::Database& db, const RequestContext& context,
                                              const program::Program& definition) {
  auto stored = unwrap(store::get_application(db, path_id(context, "id")));
  if (stored.program_id != definition.id || !may_see(context, stored)) throw_not_found();
  return stored;
}

void form_xlsx_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  store::ProgramApplication stored;
  std::vector<store::ProgramRequest> requests;
  {
    auto db = lease(state);
    stored = visible_application(*db, context, definition);
    requests = unwrap(store::list_requests(*db, definition.id, stored.id));
  }
  const auto application = to_core(stored, requests);
  send_workbook(state.scratch_dir, context,
                "application-" + definition.id + "-" + std::to_string(stored.id) + ".xlsx",
                [&](const std::string& path) {
                  return io::write_application_xlsx(definition, application, stored.service, path);
                });
}

/// The filled application form as PDF (or ?format=html): the same fields as the workbook, in
/// zh-TW with English labels, printed by Chromium (io/pdf.hpp) like the other documents.
void form_pdf_route(ApiState& state, RequestContext& context) {
  const auto format = query(context, "format", "pdf", {"pdf", "html"});
  const auto definition = load_program(state, context.params.at("program"));
  store::ProgramApplication stored;
  std::vector<store::ProgramRequest> requests;
  {
    auto db = lease(state);
    stored = visible_application(*db, context, definition);
    requests = unwrap(store::list_requests(*db, definition.id, stored.id));
  }
  const auto application = to_core(stored, requests);
  io::ApplicationFormOptions options;
  options.generated = taiwan_today();
  options.applicant = stored.applicant;
  const auto html = io::application_form_html(definition, application, stored.service, options);
  send_document(state, context, format, html,
                "application-" + definition.id + "-" + std::to_string(stored.id));
}

json intake_json(const program::Program& definition, const ProgramState& current,
                 const std::vector<store::ProgramRequest>& requests) {
  json services = json::array();
  for (const auto& intake : current.intake) {
    const auto* service = definition.find_service(intake.service);
    int waiting = 0;
    for (const auto& entry : intake.entries) {
      if (entry.status == program::IntakeStatus::waiting) ++waiting;
    }
    services.push_back({{"service", intake.service},
                        {"name", service != nullptr ? service->name : intake.service},
                        {"quota", intake.quota ? json(*intake.quota) : json(nullptr)},
                        {"accepted", intake.accepted},
                        {"waiting", waiting},
                        {"applications", intake.entries.size()}});
  }
  json applications = json::array();
  for (std::size_t idx = 0; idx < current.stored.size(); ++idx) {
    applications.push_back(application_json(current, idx, requests));
  }
  return {{"program", definition.id},
          {"as_of", taiwan_today()},
          {"services", services},
          {"applications", applications}};
}

void intake_route(ApiState& state, RequestContext& context) {
  require_office(context, "see the intake queue");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto current = program_state(*db, definition, taiwan_today());
  send_json(context.res, 200,
            intake_json(definition, current, unwrap(store::list_requests(*db, definition.id))));
}

void accept_route(ApiState& state, RequestContext& context) {
  require_office(context, "give places");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto today = taiwan_today();
  const auto before = program_state(*db, definition, today);
  std::vector<std::int64_t> ids;
  for (const auto& intake : before.intake) {
    for (const auto& entry : intake.entries) {
      if (entry.status == program::IntakeStatus::accepted)
        ids.push_back(std::stoll(entry.application));
    }
  }
  const auto given = unwrap(store::accept_applications(*db, actor_of(context), ids, today));
  const auto after = program_state(*db, definition, today);
  auto out = intake_json(definition, after, unwrap(store::list_requests(*db, definition.id)));
  out["newly_accepted"] = given;
  send_json(context.res, 200, out);
}

void add_request_route(ApiState& state, RequestContext& context) {
  require_office(context, "request missing documents");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = visible_application(*db, context, definition);
  const Fields fields(json_body(context), {"document", "due", "reason"});
  store::ProgramRequest request;
  request.application_id = stored.id;
  request.document = *fields.text("document", true);
  request.requested = taiwan_today();
  program::DocumentRequest core{request.document, *program::parse_date(request.requested), {}, {}};
  request.due = fields.text("due").value_or(program::request_due(definition, core).to_string());
  const auto added = unwrap(store::add_request(*db, actor_of(context, fields.reason()), request));
  send_json(context.res, 201, store::to_json(added));
}

void received_route(ApiState& state, RequestContext& context) {
  require_office(context, "record received documents");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto id = path_id(context, "id");
  const auto requests = unwrap(store::list_requests(*db, definition.id));
  if (std::none_of(requests.begin(), requests.end(),
                   [id](const auto& request) { return request.id == id; })) {
    throw_not_found();
  }
  const Fields fields(json_body(context), {"date", "reason"});
  const auto date = fields.text("date").value_or(taiwan_today());
  send_json(context.res, 200,
            store::to_json(
                unwrap(store::receive_request(*db, actor_of(context, fields.reason()), id, date))));
}

void approve_route(ApiState& state, RequestContext& context) {
  require_office(context, "approve cases");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = visible_application(*db, context, definition);
  const Fields fields(json_body(context), {"date", "reason"});
  const auto date = fields.text("date").value_or(taiwan_today());
  const auto requests = unwrap(store::list_requests(*db, definition.id, stored.id));
  auto application = to_core(stored, requests);
  const auto approved = unwrap(store::approve_application(
      *db, actor_of(context, fields.reason()), stored.id, date, [&](int already) {
        if (application.unit) application.unit->approved_cases = already;
        const auto check = program::check_eligibility(definition, application);
        for (const auto& refusal : check.refusals) {
          for (const auto& rule : definition.eligibility) {
            if (rule.id != refusal.rule || rule.kind != program::RuleKind::max_approved_per_unit)
              continue;
            throw store::StoreError{Error{ErrorCode::program_ineligible,
                                          refusal.reason + " (" + refusal.cite + ")",
                                          {.field = "guidance_unit"},
                                          {}}};
          }
        }
      }));
  send_json(context.res, 200, store::to_json(approved));
}

}  // namespace

void add_program_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "/api/v1/programs");
  route("GET", "", "the funding programs (definitions in data/programs)", list_programs_route);
  route("GET", "/{program}", "a program's definition: services, forms, rubrics", get_program_route);
  route("GET", "/{program}/applications",
        "the caller's applications to a program with eligibility and place",
        list_applications_route);
  route("POST", "/{program}/applications", "submit an application (附表1/2/3)", submit_route);
  route("GET", "/{program}/applications/{id}/form.xlsx", "the filled application form (xlsx)",
        form_xlsx_route);
  route("GET", "/{program}/applications/{id}/form.pdf",
        "the filled application form (PDF, zh-TW with English labels)", form_pdf_route);
  route("GET", "/{program}/intake", "the office's intake queue, quota use and waiting list",
        intake_route);
  route("POST", "/{program}/intake/accept", "give the places the intake allocates", accept_route);
  route("POST", "/{program}/applications/{id}/requests",
        "request missing documents with a deadline", add_request_route);
  route("POST", "/{program}/requests/{id}/received", "record a request's documents received",
        received_route);
  route("POST", "/{program}/applications/{id}/approve",
        "approve a case (at most the program's cases per guidance unit)", approve_route);
}

}  // namespace cl::server
