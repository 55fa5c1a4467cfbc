// The tenants and what belongs to them directly, under /api/v1 (store: store/organizations.hpp,
// store/inventories.hpp for the factors):
//
//   GET   /orgs                       the organizations the caller may read (administrator: all)
//   POST  /orgs                       a new organization (administrator only)
//   GET   /orgs/{org}, PATCH          one organization
//   GET   /orgs/{org}/facilities      its facilities; POST adds one
//   GET   /facilities/{id}, PATCH, DELETE
//   GET   /orgs/{org}/factors         its own emission factors; POST adds one
//   DELETE /orgs/{org}/factors/{factor}
//
// Own factors have no resource kind of their own: they are inventory data of the organization
// (a source names one), so they are authorized as its inventories are (a consultant may add
// one but not delete it).
#include <algorithm>

#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;

auth::Resource org_resource(std::int64_t org) {
  return owned_by(ResourceKind::organization, org);
}

// --- organizations ------------------------------------------------------------------------

/// The inventory format's organization fields the store keeps in `details`, all text.
nlohmann::json org_details(const Fields& body) {
  auto details = body.object("details").value_or(nlohmann::json::object());
  check_members(details, "details", {"control_no", "industry_code", "address", "contact"});
  check_text_members(details, "details");
  return details;
}

void list_orgs(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  std::vector<store::Organization> visible;
  for (auto& organization : unwrap(store::list_organizations(*db))) {
    if (allowed(context, Action::read, org_resource(organization.id))) {
      visible.push_back(std::move(organization));
    }
  }
  send_json(context.res, 200, items_json(visible));
}

void create_org(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  // A new tenant belongs to nobody yet: only the program office (administrator) may add one.
  if (!allowed(context, Action::create, auth::Resource{.kind = ResourceKind::organization})) {
    throw_error(403, ErrorCode::auth_forbidden, "only an administrator may create organizations",
                {});
  }
  const Fields body(json_body(context), {"kind", "name", "name_en", "tax_id", "details", "reason"});
  store::Organization organization;
  organization.kind = *body.text("kind", true);
  organization.name = *body.text("name", true);
  organization.name_en = body.text("name_en").value_or("");
  organization.tax_id = body.text("tax_id").value_or("");
  organization.details = org_details(body);
  if (!store::is_organization_kind(organization.kind)) {
    throw_error(422, ErrorCode::parse_bad_value,
                "\"kind\" must be factory, supplier, consultancy, verifier or program",
                {.field = "kind"});
  }
  const auto created = unwrap(
      store::create_organization(*db, actor_of(context, body.reason()), std::move(organization)));
  send_json(context.res, 201, store::to_json(created));
}

void get_org(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, store::to_json(readable_org(*db, context)));
}

void update_org(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto organization = readable_org(*db, context);
  require(context, Action::update, org_resource(organization.id));
  const Fields body(json_body(context), {"name", "name_en", "tax_id", "details", "reason"});
  if (auto name = body.text("name")) organization.name = *name;
  if (auto name_en = body.text("name_en")) organization.name_en = *name_en;
  if (auto tax_id = body.text("tax_id")) organization.tax_id = *tax_id;
  if (body.has("details")) organization.details = org_details(body);
  const auto updated =
      unwrap(store::update_organization(*db, actor_of(context, body.reason()), organization));
  send_json(context.res, 200, store::to_json(updated));
}

// --- facilities ---------------------------------------------------------------------------

/// The facility fields of the inventory format the store keeps in `details`.
nlohmann::json facility_details(const Fields& body) {
  auto details = body.object("details").value_or(nlohmann::json::object());
  check_members(details, "details", {"name_en", "address", "registration_no", "equity_share"});
  check_text_members(details, "details", {"equity_share"});
  if (details.contains("equity_share")) {
    const double share = details["equity_share"].get<double>();
    if (!(share >= 0.0 && share <= 1.0)) {
      throw_error(422, ErrorCode::parse_bad_value,
                  "\"details.equity_share\" is a fraction from 0 to 1 (0.6 = 60 %)",
                  {.field = "details.equity_share"});
    }
  }
  return details;
}

/// 409 when another facility of the organization has `code` (the store's unique key, checked
/// first for a readable message).
void check_facility_code(store::Database& db, const store::Facility& facility) {
  if (facility.code.empty()) {
    throw_error(422, ErrorCode::parse_bad_value, "\"code\" must not be empty", {.field = "code"});
  }
  for (const auto& other : unwrap(store::list_facilities(db, facility.organization_id))) {
    if (other.code == facility.code && other.id != facility.id) {
      throw_error(409, ErrorCode::store_conflict,
                  "the organization has a facility " + facility.code + " already",
                  {.field = "code"});
    }
  }
}

/// 422 while a market instrument of one of the organization's inventories names the facility's
/// code `code` (instruments name facilities by code; renaming or deleting it would leave the
/// instrument naming nothing, and the inventory could not be computed).
void check_facility_unnamed(store::Database& db, std::int64_t organization_id,
                            const std::string& code) {
  for (const auto& inventory : unwrap(store::list_inventories(db, organization_id))) {
    const auto instruments =
        inventory.settings.value("market_instruments", nlohmann::json::array());
    for (const auto& instrument : instruments) {
      if (!instrument.is_object() || instrument.value("facility", "") != code) continue;
      throw_error(422, ErrorCode::store_invalid,
                  "facility " + code + " is named by market instrument '" +
                      instrument.value("id", "") + "' of the inventory for " +
                      std::to_string(inventory.year) + "; change that instrument first",
                  {.record = code});
    }
  }
}

/// The facility of the path's {id}, checked for `action` (404 when it may not be read).
store::Facility facility_for(store::Database& db, const RequestContext& context, Action action) {
  auto facility = found(store::get_facility(db, path_id(context, "id")), ResourceKind::facility);
  require(context, action, owned_by(ResourceKind::facility, facility.organization_id));
  return facility;
}

void list_facilities(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, org_resource(organization.id), Action::read, ResourceKind::facility,
                 organization.id);
  send_json(context.res, 200, items_json(unwrap(store::list_facilities(*db, organization.id))));
}

void create_facility(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, org_resource(organization.id), Action::create, ResourceKind::facility,
                 organization.id);
  const Fields body(json_body(context), {"code", "name", "details", "reason"});
  store::Facility facility;
  facility.organization_id = organization.id;
  facility.code = *body.text("code", true);
  facility.name = *body.text("name", true);
  facility.details = facility_details(body);
  check_facility_code(*db, facility);
  const auto created =
      unwrap(store::create_facility(*db, actor_of(context, body.reason()), std::move(facility)));
  send_json(context.res, 201, store::to_json(created));
}

void get_facility(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, store::to_json(facility_for(*db, context, Action::read)));
}

void update_facility(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto facility = facility_for(*db, context, Action::update);
  const Fields body(json_body(context), {"code", "name", "details", "reason"});
  const std::string old_code = facility.code;
  if (auto code = body.text("code")) facility.code = *code;
  if (auto name = body.text("name")) facility.name = *name;
  if (body.has("details")) facility.details = facility_details(body);
  check_facility_code(*db, facility);
  if (facility.code != old_code) check_facility_unnamed(*db, facility.organization_id, old_code);
  const auto updated =
      unwrap(store::update_facility(*db, actor_of(context, body.reason()), facility));
  send_json(context.res, 200, store::to_json(updated));
}

void delete_facility(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto facility = facility_for(*db, context, Action::remove);
  check_facility_unnamed(*db, facility.organization_id, facility.code);
  unwrap(store::delete_facility(*db, actor_of(context), facility.id));
  context.res.status = 204;
}

// --- own emission factors -----------------------------------------------------------------

/// Checks a factor definition as `inventory compute` will read it: in a document of its own,
/// with every problem the reader and validation find.
void check_factor(const nlohmann::json& definition, const factors::FactorLibrary& library) {
  nlohmann::json document = {{"carbonledger", "inventory/1"},
                             {"organization", {{"name", "check"}}},
                             {"year", 2024},
                             {"sources", nlohmann::json::array()}};
  document["facilities"] = nlohmann::json::array({{{"id", "F"}, {"name", "check"}}});
  document["factors"] = nlohmann::json::array({definition});
  check_document(
      document, library,
      [](const Diagnostic& item) {
        return item.code != ErrorCode::inventory_empty && item.where.field != "sources";
      },
      [](const std::string& field) {
        // validate() names an own factor's unknown gas in the document's "factors" list.
        return "definition." + (field == "factors" ? std::string("gases") : field);
      },
      "the factor");
}

void list_factors(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, org_resource(organization.id), Action::read, ResourceKind::inventory,
                 organization.id, "own factors");
  send_json(context.res, 200, items_json(unwrap(store::list_factors(*db, organization.id))));
}

void create_factor(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, org_resource(organization.id), Action::create, ResourceKind::inventory,
                 organization.id, "own factors");
  const Fields body(json_body(context), {"definition", "reason"});
  store::FactorRecord factor;
  factor.organization_id = organization.id;
  factor.definition = *body.object("definition", true);
  const auto id = factor.definition.find("id");
  if (id == factor.definition.end() || !id->is_string() || id->get<std::string>().empty()) {
    throw_error(422, ErrorCode::parse_missing_field,
                "\"definition.id\" names the factor (text, e.g. \"own.steam.supplier\")",
                {.field = "definition.id"});
  }
  factor.code = id->get<std::string>();
  check_factor(factor.definition, state.library.library);
  const auto created =
      unwrap(store::add_factor(*db, actor_of(context, body.reason()), std::move(factor)));
  send_json(context.res, 201, store::to_json(created));
}

/// 422 while a source of one of the organization's inventories names the factor.
void check_factor_unused(store::Database& db, const store::FactorRecord& factor) {
  for (const auto& inventory : unwrap(store::list_inventories(db, factor.organization_id))) {
    for (const auto& source : unwrap(store::list_sources(db, inventory.id))) {
      if (source.factor != factor.code) continue;
      throw_error(422, ErrorCode::store_invalid,
                  "factor " + factor.code + " is used by source " + source.code +
                      " of the inventory for " + std::to_string(inventory.year) +
                      "; give that source another factor first",
                  {.record = factor.code});
    }
  }
}

void delete_factor(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, org_resource(organization.id), Action::remove, ResourceKind::inventory,
                 organization.id, "own factors");
  const auto id = path_id(context, "factor");
  const auto factors = unwrap(store::list_factors(*db, organization.id));
  const auto factor = std::find_if(factors.begin(), factors.end(),
                                   [id](const store::FactorRecord& item) { return item.id == id; });
  if (factor == factors.end()) {
    throw_error(404, ErrorCode::http_not_found, "no such factor", {.field = "factor"});
  }
  check_factor_unused(*db, *factor);
  unwrap(store::delete_factor(*db, actor_of(context), factor->id));
  context.res.status = 204;
}

}  // namespace

void add_organization_routes(Router& router, ApiState& state) {
  const auto route = [&](const char* method, const char* pattern, const char* summary,
                         void (*handler)(ApiState&, RequestContext&)) {
    router.add({method, pattern, Access::authenticated, summary,
                [&state, handler](RequestContext& context) { handler(state, context); }});
  };
  route("GET", "/api/v1/orgs", "the organizations the caller may read", list_orgs);
  route("POST", "/api/v1/orgs", "a new organization (administrator)", create_org);
  route("GET", "/api/v1/orgs/{org}", "one organization", get_org);
  route("PATCH", "/api/v1/orgs/{org}", "change an organization's names and details", update_org);
  route("GET", "/api/v1/orgs/{org}/facilities", "an organization's facilities", list_facilities);
  route("POST", "/api/v1/orgs/{org}/facilities", "a new facility", create_facility);
  route("GET", "/api/v1/facilities/{id}", "one facility", get_facility);
  route("PATCH", "/api/v1/facilities/{id}", "change a facility", update_facility);
  route("DELETE", "/api/v1/facilities/{id}", "delete a facility without sources", delete_facility);
  route("GET", "/api/v1/orgs/{org}/factors", "an organization's own emission factors",
        list_factors);
  route("POST", "/api/v1/orgs/{org}/factors", "add an own emission factor", create_factor);
  route("DELETE", "/api/v1/orgs/{org}/factors/{factor}", "delete an own factor no source uses",
        delete_factor);
}

}  // namespace cl::server
