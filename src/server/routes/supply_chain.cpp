// The central-satellite supply chain of a footprint study (issue 7, DEM-2):
//
//   GET  /api/v1/footprint-studies/{id}/chain    the study's supply requests: status per
//        supplier, reminders, the shared footprints (the central factory's view of the chain)
//   POST /api/v1/footprint-studies/{id}/chain    {supplier_key, supplier_name, part, contact?,
//        due_date?} invites a first-tier supplier → 201 with the invitation code the link
//        carries; when the contact is an e-mail address, the invitation mail is queued with it
//   POST /api/v1/supply-requests/{id}/remind     {due_date?} a reminder (count and time), mailed
//        to an e-mail contact with the date it is due by (default: 14 days from today)
//   POST /api/v1/supply-requests/{id}/accept     the shared footprint becomes primary data
//   POST /api/v1/supply-requests/{id}/needs-correction   {note}: sent back to the supplier
//   POST /api/v1/supply-invitations/join         {code}: a supplier organization joins
//   GET  /api/v1/supply-requests                 the requests addressed to the caller's
//        organization (the supplier's workspace)
//   GET  /api/v1/supply-requests/{id}            one request (the code only for the customer)
//   POST /api/v1/supply-requests/{id}/share      {study_id}: the supplier computes its own study
//        (core), exports it as a PACT ProductFootprint (io/pact), validates it and shares it
//
// Mail (server/supply_mail.hpp) is queued in the transaction of the invitation or reminder and
// sent by the mail worker after the commit; the customer's view of a request carries its latest
// mail (`mail`: status queued/sent/failed, attempts, last error), and the chain says whether a
// mail server is configured (`mail_server`; without one mail stays in the outbox).
//
// A request is a data_request of auth: owned by the central factory, asked of the supplier
// organization once it joined. The supplier reads and updates (shares) only the requests asked of
// it and sees of its customer only the request, never the customer's study; the customer decides
// and reminds, and never shares in the supplier's place.
#include <chrono>
#include <ctime>
#include <limits>
#include <map>

#include <sodium.h>

#include "io/mail_message.hpp"
#include "io/pact.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/footprint.hpp"
#include "server/routes/store_routes.hpp"
#include "server/supply_mail.hpp"
#include "store/mail.hpp"
#include "store/organizations.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

/// "inv_" + 32 hex characters (128 random bits): the invitation's code, sent in the link.
std::string make_invite_code() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("inv_") + hex;
}

auth::Resource request_resource(const store::SupplyRequest& request) {
  auto resource = owned_by(ResourceKind::data_request, request.organization_id);
  if (request.supplier_org_id) resource.asked_org = id_text(*request.supplier_org_id);
  return resource;
}

/// The request of the path, which the caller may read (404 otherwise, as a missing one).
store::SupplyRequest readable_request(store::Database& db, const RequestContext& context) {
  auto request = found(store::get_request(db, path_id(context, "id")), ResourceKind::data_request);
  require(context, Action::read, request_resource(request));
  return request;
}

/// The customer's view: the request with its code; the supplier's: without, plus whom it is for.
json request_json(store::Database& db, const RequestContext& context,
                  const store::SupplyRequest& request) {
  const bool customer = allowed(context, Action::update,
                                owned_by(ResourceKind::data_request, request.organization_id));
  auto out = store::to_json(request, customer);
  if (auto organization = store::get_organization(db, request.organization_id)) {
    out["customer_name"] = organization->name;
  }
  if (request.supplier_org_id) {
    if (auto organization = store::get_organization(db, *request.supplier_org_id)) {
      out["supplier_org_name"] = organization->name;
    }
  }
  if (auto study = store::get_study(db, request.study_id)) {
    out["product_name"] = study->product_name;
  }
  if (customer) {
    const auto mails = unwrap(store::mail_of_request(db, request.id));
    out["mail"] = mails.empty() ? json(nullptr) : store::to_json(mails.back());
  }
  return out;
}

/// YYYY-MM-DD `days` from today (UTC).
std::string date_after_days(int days) {
  const auto when = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

/// A due date of the body: YYYY-MM-DD, not before today; `fallback` when absent.
std::string due_date_of(const Fields& fields, const std::string& fallback) {
  const auto given = fields.text("due_date");
  if (!given) return fallback;
  int year = 0;
  int month = 0;
  int day = 0;
  char rest = 0;
  if (given->size() != 10 ||
      std::sscanf(given->c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &rest) != 3 || month < 1 ||
      month > 12 || day < 1 || day > 31) {
    throw_error(422, ErrorCode::parse_bad_value,
                "due_date '" + *given + "' is not a date: write YYYY-MM-DD, e.g. 2026-12-31",
                {.field = "due_date"});
  }
  if (*given < date_after_days(0)) {
    throw_error(422, ErrorCode::parse_bad_value,
                "due_date " + *given + " is in the past: give today or a later date",
                {.field = "due_date"});
  }
  return *given;
}

/// What the mail of a request says besides the request: the customer, the product, the link.
SupplyMailFacts mail_facts(store::Database& db, const ApiState& state,
                           const RequestContext& context, const store::SupplyRequest& request,
                           const std::string& due_date) {
  SupplyMailFacts facts;
  if (auto organization = store::get_organization(db, request.organization_id)) {
    facts.customer = organization->name;
  }
  if (auto study = store::get_study(db, request.study_id)) facts.product = study->product_name;
  const auto& mail = state.config.mail;
  if (!mail.public_url.empty()) {
    facts.link_base = mail.public_url;
  } else {
    const bool https = context.req.get_header_value("X-Forwarded-Proto") == "https";
    facts.link_base =
        std::string(https ? "https://" : "http://") + context.req.get_header_value("Host");
  }
  if (facts.link_base.empty() || facts.link_base.back() != '/') facts.link_base += '/';
  facts.due_date = due_date;
  facts.from = mail.from;
  const auto address = io::mailbox_address(mail.from);
  const auto at = address.find('@');
  facts.message_host = at == std::string::npos ? "localhost" : address.substr(at + 1);
  return facts;
}

/// Queues the mail of `kind` for the request (inside the caller's transaction); nothing when the
/// contact is not an e-mail address.
void queue_supply_mail(store::Database& db, const store::Actor& actor, const std::string& kind,
                       const store::SupplyRequest& request, const SupplyMailFacts& facts) {
  if (auto mail = supply_mail(kind, request, facts)) {
    unwrap(store::queue_mail(db, actor, std::move(*mail)));
  }
}

/// After the commit: the mail worker sends what was queued.
void wake_outbox(ApiState& state) {
  if (state.outbox) state.outbox->wake();
}

/// Only the customer (who may update requests of its organization, not merely the supplier they
/// are asked of) decides and reminds: 403 for the supplier, which may read the request.
void require_customer(const RequestContext& context, const store::SupplyRequest& request,
                      const std::string& what) {
  if (allowed(context, Action::update,
              owned_by(ResourceKind::data_request, request.organization_id))) {
    return;
  }
  throw_error(403, ErrorCode::auth_forbidden, "only the customer who sent the request may " + what);
}

void chain_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::read);
  require(context, Action::read, owned_by(ResourceKind::data_request, study.organization_id));
  json items = json::array();
  std::map<std::string, int> counts;
  const auto requests = unwrap(store::list_requests(*db, study.id));
  for (const auto& request : requests) {
    ++counts[request.status];
    items.push_back(request_json(*db, context, request));
  }
  json by_status = json::object();
  for (const char* status : store::kRequestStatuses) by_status[status] = counts[status];
  send_json(context.res, 200,
            {{"study_id", study.id},
             {"mail_server", !state.config.mail.smtp_url.empty()},
             {"product_name", study.product_name},
             {"items", std::move(items)},
             {"total", requests.size()},
             {"by_status", std::move(by_status)}});
}

void invite_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::read);
  require(context, Action::create, owned_by(ResourceKind::data_request, study.organization_id));
  const Fields fields(json_body(context),
                      {"supplier_key", "supplier_name", "part", "contact", "due_date", "reason"});
  store::SupplyRequest request;
  request.study_id = study.id;
  request.supplier_key = *fields.text("supplier_key", true);
  request.supplier_name = *fields.text("supplier_name", true);
  request.part = *fields.text("part", true);
  request.contact = fields.text("contact").value_or("");
  request.invite_code = make_invite_code();
  const auto due_date = due_date_of(fields, "");
  const auto actor = actor_of(context, fields.reason());
  store::SupplyRequest saved;
  // The invitation and its mail in one transaction: the mail exists exactly when the invitation
  // does, and is sent after the commit.
  db->write([&] {
    saved = unwrap(store::create_request(*db, actor, std::move(request)));
    queue_supply_mail(*db, actor, "invitation", saved,
                      mail_facts(*db, state, context, saved, due_date));
  });
  wake_outbox(state);
  context.res.set_header("Location", "/api/v1/supply-requests/" + std::to_string(saved.id));
  send_json(context.res, 201, request_json(*db, context, saved));
}

void remind_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto request = readable_request(*db, context);
  require_customer(context, request, "remind the supplier");
  std::string due_date = date_after_days(14);
  std::string reason;
  if (!context.req.body.empty()) {
    const Fields fields(json_body(context), {"due_date", "reason"});
    due_date = due_date_of(fields, due_date);
    reason = fields.reason();
  }
  const auto actor = actor_of(context, reason);
  store::SupplyRequest reminded;
  db->write([&] {
    reminded = unwrap(store::remind_request(*db, actor, request.id));
    queue_supply_mail(*db, actor, "reminder", reminded,
                      mail_facts(*db, state, context, reminded, due_date));
  });
  wake_outbox(state);
  send_json(context.res, 200, request_json(*db, context, reminded));
}

void decide(ApiState& state, RequestContext& context, const std::string& status) {
  auto db = lease(state);
  const auto request = readable_request(*db, context);
  require_customer(context, request,
                   status == "accepted" ? "accept a shared footprint" : "ask for a correction");
  std::string note, reason;
  if (!context.req.body.empty() || status == "needs_correction") {
    const Fields fields(json_body(context), {"note", "reason"});
    note = fields.text("note", status == "needs_correction").value_or("");
    reason = fields.reason();
  }
  send_json(context.res, 200,
            request_json(*db, context,
                         unwrap(store::decide_request(*db, actor_of(context, reason), request.id,
                                                      status, note))));
}

void accept_route(ApiState& state, RequestContext& context) {
  decide(state, context, "accepted");
}

void correction_route(ApiState& state, RequestContext& context) {
  decide(state, context, "needs_correction");
}

void join_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  require_role(context, {auth::Role::supplier},
               "join a supply request: a user of the supplier organization with the supplier "
               "role joins it");
  const auto org = caller_org(context);
  const Fields fields(json_body(context), {"code", "reason"});
  const auto code = *fields.text("code", true);
  auto joined = store::join_request(*db, actor_of(context, fields.reason()), code, org);
  if (!joined && joined.error().code == ErrorCode::store_not_found) {
    throw ApiError{404, joined.error(), {}};  // the store's message says what to do
  }
  send_json(context.res, 200, request_json(*db, context, unwrap(std::move(joined))));
}

void mine_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto org = caller_org(context);
  json items = json::array();
  const auto requests = unwrap(store::list_requests_of_supplier(*db, org));
  for (const auto& request : requests) items.push_back(request_json(*db, context, request));
  send_json(context.res, 200, {{"items", std::move(items)}, {"total", requests.size()}});
}

void get_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, request_json(*db, context, readable_request(*db, context)));
}

/// 422 when the customer's study gives the part in another declared unit than the supplier's
/// footprint: the customer could not use it.
void check_declared_unit(store::Database& db, const store::SupplyRequest& request,
                         const json& document) {
  const auto central = unwrap(store::get_study(db, request.study_id));
  const std::string unit = document["pcf"].value("declaredUnit", "");
  for (const auto& supplier : central.document.value("suppliers", json::array())) {
    if (!supplier.is_object() || supplier.value("id", "") != request.supplier_key) continue;
    const std::string wanted = supplier.value("declared_unit", "");
    if (!wanted.empty() && wanted != unit) {
      throw_error(422, ErrorCode::footprint_supplier_unit,
                  "your customer asks for the footprint of '" + request.part + "' per " + wanted +
                      "; your study's declared unit is " + unit + ": share a study per " + wanted,
                  {.field = "study_id"});
    }
  }
}

void share_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto request = readable_request(*db, context);
  require(context, Action::update, request_resource(request));
  const auto org = caller_org(context);
  if (!request.supplier_org_id || *request.supplier_org_id != org) {
    throw_error(403, ErrorCode::auth_forbidden,
                "only the supplier organization that joined the request shares its footprint");
  }
  const Fields fields(json_body(context), {"study_id", "reason"});
  const auto study_id = *fields.integer("study_id", 1, kMaxId, true);
  auto study = store::get_study(*db, study_id);
  if (!study || study->organization_id != org) {
    throw_error(422, ErrorCode::store_invalid,
                "study " + std::to_string(study_id) +
                    " is not a footprint study of your organization; share one of your own",
                {.field = "study_id"});
  }
  // Refused before computing (the store refuses it again inside its transaction).
  if (request.status == "submitted" || request.status == "accepted") {
    throw_error(409, ErrorCode::store_conflict,
                "this footprint was shared already on " + request.shared_at + " and is " +
                    request.status +
                    "; nothing was changed. Share again only when the customer asks for a "
                    "correction");
  }
  const auto computed = compute_study(*db, state, *study);
  // Each shared document is a footprint of its own (a corrected one is a new one): a fresh id.
  const auto document = io::pact_from_study(computed.study, computed.profile, computed.result,
                                            {make_uuid(), now_pact()});
  const auto problems = io::validate_pact(document);
  if (!problems.empty()) {
    Diagnostics diagnostics;
    for (const auto& problem : problems) {
      diagnostics.error(ErrorCode::pact_invalid, problem.path + ": " + problem.message,
                        {.field = problem.path});
    }
    throw_diagnostics(diagnostics, "the PACT document of your study " + study->code);
  }
  check_declared_unit(*db, request, document);
  const auto saved = unwrap(store::share_footprint(*db, actor_of(context, fields.reason()),
                                                   request.id, document, study_id));
  send_json(context.res, 200, request_json(*db, context, saved));
}

}  // namespace

void add_supply_chain_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/footprint-studies/{id}/chain",
        "the study's supply chain: suppliers, statuses, reminders, shared footprints", chain_route);
  route("POST", "/footprint-studies/{id}/chain", "invite a first-tier supplier (a code or link)",
        invite_route);
  route("POST", "/supply-requests/{id}/remind", "remind a supplier", remind_route);
  route("POST", "/supply-requests/{id}/accept", "accept a supplier's shared footprint",
        accept_route);
  route("POST", "/supply-requests/{id}/needs-correction",
        "send a shared footprint back for correction", correction_route);
  route("POST", "/supply-invitations/join", "a supplier organization joins with its code",
        join_route);
  route("GET", "/supply-requests", "the supply requests addressed to your organization",
        mine_route);
  route("GET", "/supply-requests/{id}", "a supply request", get_route);
  route("POST", "/supply-requests/{id}/share",
        "share your study's footprint (PACT) with the customer", share_route);
}

}  // namespace cl::server
