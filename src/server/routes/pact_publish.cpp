// What an organization publishes over PACT (issue 7) and to whom:
//
//   POST /api/v1/orgs/{org}/footprints      a PACT ProductFootprint (JSON) → 201; refused with
//                                           422 pact.invalid listing every problem of the
//                                           validator (io/pact.hpp: JSON path and message in
//                                           `diagnostics`), nothing stored; 409 for an id
//                                           already published; precedingPfIds deprecate
//   GET  /api/v1/orgs/{org}/footprints      the published footprints, oldest first
//   POST /api/v1/orgs/{org}/pact-clients    {"name"} → 201 with client_id and client_secret,
//                                           shown this once (only its argon2id hash is kept)
//   GET  /api/v1/orgs/{org}/pact-events     the CloudEvents received on /3/events and the
//                                           answers prepared for them, oldest first; an answer
//                                           with its `delivery` (queued/delivered/failed,
//                                           attempts, last error)
//   POST /api/v1/orgs/{org}/pact-partners   {"name", "base_url", "client_id", "client_secret"}
//                                           → 201: another PACT host the organization answers
//                                           request events of, with the credentials that host
//                                           gave it (the secret is never shown again)
//   GET  /api/v1/orgs/{org}/pact-partners   the partners, without secrets
//
// Rights (server/auth/authorize.hpp, kind footprint): publishing is create, listing read;
// making an API client gives another company read access to every published footprint, so it
// is share (the factory and the administrator; not a consultant); adding a partner, which sends
// footprints to another host, is share too.
#include "io/pact.hpp"
#include "server/api.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "store/pact.hpp"
#include "store/pact_delivery.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

void publish_route(ApiState& state, RequestContext& context) {
  auto document = json_body(context);
  auto db = lease(state);
  const auto org = readable_org(*db, context);
  require(context, Action::create, owned_by(ResourceKind::footprint, org.id));
  const auto problems = io::validate_pact(document);
  if (!problems.empty()) {
    Diagnostics diagnostics;
    for (const auto& problem : problems) {
      diagnostics.error(ErrorCode::pact_invalid, problem.path + ": " + problem.message,
                        {.field = problem.path});
    }
    throw_diagnostics(diagnostics, "the PACT ProductFootprint");
  }
  const auto published =
      unwrap(store::publish_pact_footprint(*db, actor_of(context), org.id, std::move(document)));
  send_json(context.res, 201, store::to_json(published));
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto org = readable_org(*db, context);
  require(context, Action::read, owned_by(ResourceKind::footprint, org.id));
  send_json(context.res, 200, items_json(unwrap(store::list_pact_footprints(*db, org.id))));
}

void client_route(ApiState& state, RequestContext& context) {
  const Fields fields(json_body(context), {"name", "reason"});
  const auto org = readable_org(*lease(state), context);
  require(context, Action::share, owned_by(ResourceKind::footprint, org.id));
  store::PactClient client;
  client.organization_id = org.id;
  client.name = *fields.text("name", true);
  client.client_id = "pact-" + auth::make_request_id();
  const auto secret = auth::make_secret(auth::SecretKind::pact_client_secret);
  // Hashed with no connection held (argon2id takes its time; see pact_api.cpp's token route).
  auto hash = state.hasher->hash(secret.plain);
  if (!hash) throw ApiError{500, hash.error(), {}};
  client.secret_hash = *hash;
  auto db = lease(state);
  const auto created =
      unwrap(store::create_pact_client(*db, actor_of(context, fields.reason()), client));
  auto out = store::to_json(created);
  out["client_secret"] = secret.plain;
  out["token_endpoint"] = "/auth/token";
  send_json(context.res, 201, out);
}

void events_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto org = readable_org(*db, context);
  require(context, Action::read, owned_by(ResourceKind::footprint, org.id));
  json items = json::array();
  for (const auto& event : unwrap(store::list_pact_events(*db, org.id))) {
    items.push_back({{"id", event.id},
                     {"direction", event.direction},
                     {"client", event.client ? json(*event.client) : json(nullptr)},
                     {"event_id", event.event_id},
                     {"type", event.type},
                     {"source", event.source},
                     {"created_at", event.created_at},
                     {"event", event.body}});
    if (event.direction == "outgoing") {
      const auto delivery = unwrap(store::delivery_of_event(*db, event.id));
      items.back()["delivery"] = delivery ? store::to_json(*delivery) : json(nullptr);
    }
  }
  send_json(context.res, 200, {{"items", items}, {"total", items.size()}});
}

void add_partner_route(ApiState& state, RequestContext& context) {
  const Fields fields(json_body(context),
                      {"name", "base_url", "client_id", "client_secret", "reason"});
  auto db = lease(state);
  const auto org = readable_org(*db, context);
  require(context, Action::share, owned_by(ResourceKind::footprint, org.id));
  store::PactPartner partner;
  partner.organization_id = org.id;
  partner.name = *fields.text("name", true);
  partner.base_url = *fields.text("base_url", true);
  partner.client_id = *fields.text("client_id", true);
  partner.client_secret = *fields.text("client_secret", true);
  send_json(context.res, 201,
            store::to_json(unwrap(
                store::create_pact_partner(*db, actor_of(context, fields.reason()), partner))));
}

void partners_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto org = readable_org(*db, context);
  require(context, Action::read, owned_by(ResourceKind::footprint, org.id));
  json items = json::array();
  for (const auto& partner : unwrap(store::list_pact_partners(*db, org.id))) {
    items.push_back(store::to_json(partner));
  }
  send_json(context.res, 200, {{"items", items}, {"total", items.size()}});
}

}  // namespace

void add_pact_publish_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("POST", "/orgs/{org}/footprints", "publish a PACT ProductFootprint (validated)",
        publish_route);
  route("GET", "/orgs/{org}/footprints", "the organization's published PACT footprints",
        list_route);
  route("POST", "/orgs/{org}/pact-clients",
        "an API client of the PACT API for the organization's footprints (secret shown once)",
        client_route);
  route("GET", "/orgs/{org}/pact-events",
        "CloudEvents received on /3/events and the answers prepared for them", events_route);
  route("POST", "/orgs/{org}/pact-partners",
        "a PACT host the organization answers request events of (its client credentials)",
        add_partner_route);
  route("GET", "/orgs/{org}/pact-partners", "the PACT hosts the organization answers",
        partners_route);
}

}  // namespace cl::server
