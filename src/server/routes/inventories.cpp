// Inventories in the store and their emission sources, under /api/v1 (store/inventories.hpp,
// store/workspace.hpp):
//
//   GET   /orgs/{org}/inventories      an organization's inventories; POST adds one (a year)
//   GET   /inventories/{id}, PATCH     one inventory (base year, boundary, GWP set, settings)
//   GET   /inventories/{id}/sources    its emission sources; POST adds one
//   GET   /sources/{id}, PATCH, DELETE
//   POST  /inventories/{id}/compute    compute what the store holds now, store and return it
//   GET   /inventories/{id}/result     the result stored by the last compute
//   GET   /inventories/{id}/document   the inventory as a document in the file format
//   GET   /inventories/{id}/register   the MOENV register (xlsx), or the result as csv or json
//
// Computing uses the factor library the server loaded at start, as POST /inventory/compute does.
// A source is checked when it is written, by reading the inventory document with the new source
// the way compute will, so the store holds only sources the engine accepts; its facility must
// belong to the inventory's organization (a missing facility and another tenant's get the same
// 422, so facility ids of other tenants cannot be probed).
#include <algorithm>
#include <limits>

#include "core/inventory/compute.hpp"
#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/register_output.hpp"
#include "server/routes/store_routes.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/workspace.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;

constexpr std::int64_t kFirstYear = 1990;
constexpr std::int64_t kLastYear = 2100;

// --- inventories --------------------------------------------------------------------------

}  // namespace

auth::Resource inventory_resource(const store::InventoryRecord& inventory) {
  return owned_by(ResourceKind::inventory, inventory.organization_id);
}

/// The inventory of the path's {id}, checked for `action` (404 when it may not be read).
store::InventoryRecord inventory_for(store::Database& db, const RequestContext& context,
                                     Action action) {
  auto inventory = found(store::get_inventory(db, path_id(context, "id")), ResourceKind::inventory);
  require(context, action, inventory_resource(inventory));
  return inventory;
}

namespace {

/// Reads the members an inventory may change into `inventory` and checks them: the boundary and
/// GWP set by name, the settings (market instruments) as compute will read them.
void apply_inventory_fields(store::Database& db, const ApiState& state, const Fields& body,
                            store::InventoryRecord& inventory) {
  if (auto base_year = body.integer("base_year", kFirstYear, kLastYear)) {
    inventory.base_year = static_cast<int>(*base_year);
  }
  if (auto boundary = body.text("boundary")) {
    if (auto parsed = inventory::parse_boundary(*boundary); !parsed) {
      throw_error(422, ErrorCode::parse_bad_value, parsed.error().message, {.field = "boundary"});
    }
    inventory.boundary = *boundary;
  }
  if (auto gwp = body.text("gwp_set")) {
    if (auto set = state.library.library.find_gwp_set(*gwp); !set) {
      throw_error(422, ErrorCode::parse_bad_value, set.error().message, {.field = "gwp_set"});
    }
    inventory.gwp_set = *gwp;
  }
  if (auto settings = body.object("settings")) {
    check_members(*settings, "settings", {"market_instruments"});
    inventory.settings = std::move(*settings);
  }
  nlohmann::json document = {{"carbonledger", "inventory/1"},
                             {"organization", {{"name", "check"}}},
                             {"year", inventory.year},
                             {"base_year", inventory.base_year},
                             {"boundary", inventory.boundary},
                             {"gwp", inventory.gwp_set},
                             {"facilities", nlohmann::json::array()},
                             {"sources", nlohmann::json::array()}};
  for (const auto& facility : unwrap(store::list_facilities(db, inventory.organization_id))) {
    document["facilities"].push_back({{"id", facility.code}, {"name", facility.name}});
  }
  if (inventory.settings.contains("market_instruments")) {
    document["market_instruments"] = inventory.settings["market_instruments"];
  }
  check_document(
      document, state.library.library,
      [](const Diagnostic& item) {
        return item.code != ErrorCode::inventory_empty && item.where.field != "sources";
      },
      [](const std::string& field) {
        if (field == "gwp") return std::string("gwp_set");
        if (field == "year" || field == "base_year" || field == "boundary") return field;
        if (field == "market_instruments") return "settings." + field;
        return "settings.market_instruments." + field;
      },
      "the inventory");
}

void list_inventories(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, owned_by(ResourceKind::organization, organization.id), Action::read,
                 ResourceKind::inventory, organization.id);
  send_json(context.res, 200, items_json(unwrap(store::list_inventories(*db, organization.id))));
}

void create_inventory(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, owned_by(ResourceKind::organization, organization.id), Action::create,
                 ResourceKind::inventory, organization.id);
  const Fields body(json_body(context),
                    {"year", "base_year", "boundary", "gwp_set", "settings", "reason"});
  store::InventoryRecord inventory;
  inventory.organization_id = organization.id;
  inventory.year = static_cast<int>(*body.integer("year", kFirstYear, kLastYear, true));
  inventory.base_year = inventory.year;
  apply_inventory_fields(*db, state, body, inventory);
  const auto created =
      unwrap(store::create_inventory(*db, actor_of(context, body.reason()), std::move(inventory)));
  send_json(context.res, 201, store::to_json(created));
}

void get_inventory(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, store::to_json(inventory_for(*db, context, Action::read)));
}

void update_inventory(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto inventory = inventory_for(*db, context, Action::update);
  const Fields body(json_body(context), {"base_year", "boundary", "gwp_set", "settings", "reason"});
  apply_inventory_fields(*db, state, body, inventory);
  const auto updated =
      unwrap(store::update_inventory(*db, actor_of(context, body.reason()), inventory));
  send_json(context.res, 200, store::to_json(updated));
}

// --- sources ------------------------------------------------------------------------------

/// The source of the path's {id} and its inventory, checked for `action`.
std::pair<store::SourceRecord, store::InventoryRecord> source_for(store::Database& db,
                                                                  const RequestContext& context,
                                                                  Action action) {
  auto source = found(store::get_source(db, path_id(context, "id")), ResourceKind::source);
  auto inventory = found(store::get_inventory(db, source.inventory_id), ResourceKind::source);
  require(context, action, owned_by(ResourceKind::source, inventory.organization_id));
  return {std::move(source), std::move(inventory)};
}

/// Reads the members of a source into `source` (those present; `creating` requires them all).
void apply_source_fields(const Fields& body, bool creating, store::SourceRecord& source) {
  if (auto facility =
          body.integer("facility_id", 1, std::numeric_limits<std::int64_t>::max(), creating)) {
    source.facility_id = *facility;
  }
  if (auto code = body.text("code", creating)) source.code = *code;
  if (auto name = body.text("name", creating)) source.name = *name;
  if (auto definition = body.object("definition", creating)) {
    // id, facility and name are the record's own members; the rest is the file format's source.
    check_members(
        *definition, "definition",
        {"name_en", "type", "factor", "category", "quality", "uncertainty", "factor_uncertainty",
         "heating_value", "refrigerant", "monthly", "codes", "note"});
    const auto text = [&](const char* key) {
      const auto member = definition->find(key);
      return member != definition->end() && member->is_string() ? member->get<std::string>()
                                                                : std::string();
    };
    source.type = text("type");
    source.factor = text("factor");
    source.definition = std::move(*definition);
  }
  if (source.code.empty()) {
    throw_error(422, ErrorCode::parse_bad_value, "\"code\" must not be empty", {.field = "code"});
  }
}

/// Checks `source` (new, or replacing the source `old_code`) against its inventory: the facility
/// is one of the organization's, the code is free, and compute will read and accept it.
void check_source(store::Database& db, const ApiState& state,
                  const store::InventoryRecord& inventory, const store::SourceRecord& source,
                  const std::string& old_code) {
  auto facility = store::get_facility(db, source.facility_id);
  if (!facility || facility->organization_id != inventory.organization_id) {
    throw_error(422, ErrorCode::store_invalid,
                "facility_id " + std::to_string(source.facility_id) +
                    " is not a facility of the inventory's organization",
                {.field = "facility_id"});
  }
  for (const auto& other : unwrap(store::list_sources(db, inventory.id))) {
    if (other.code == source.code && other.id != source.id) {
      throw_error(409, ErrorCode::store_conflict,
                  "the inventory has a source " + source.code + " already", {.field = "code"});
    }
  }
  auto document = unwrap(store::inventory_document(db, inventory.id));
  document["activity"] = nlohmann::json::array();  // the records are checked when written
  auto& sources = document["sources"];
  sources.erase(
      std::remove_if(sources.begin(), sources.end(),
                     [&](const nlohmann::json& item) { return item.value("id", "") == old_code; }),
      sources.end());
  nlohmann::json item = source.definition;
  item["id"] = source.code;
  item["facility"] = facility->code;
  item["name"] = source.name;
  sources.push_back(std::move(item));
  check_document(
      document, state.library.library,
      [&](const Diagnostic& diagnostic) {
        return diagnostic.where.record == source.code &&
               diagnostic.code != ErrorCode::inventory_missing_month &&
               diagnostic.where.field != "activity";
      },
      [](const std::string& field) {
        if (field == "id") return std::string("code");
        if (field == "facility") return std::string("facility_id");
        if (field == "name") return field;
        return "definition." + field;
      },
      "source " + source.code);
}

void list_sources(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  require_within(context, inventory_resource(inventory), Action::read, ResourceKind::source,
                 inventory.organization_id);
  send_json(context.res, 200, items_json(unwrap(store::list_sources(*db, inventory.id))));
}

void create_source(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  require_within(context, inventory_resource(inventory), Action::create, ResourceKind::source,
                 inventory.organization_id);
  const Fields body(json_body(context), {"facility_id", "code", "name", "definition", "reason"});
  store::SourceRecord source;
  source.inventory_id = inventory.id;
  apply_source_fields(body, true, source);
  check_source(*db, state, inventory, source, "");
  const auto created =
      unwrap(store::create_source(*db, actor_of(context, body.reason()), std::move(source)));
  send_json(context.res, 201, store::to_json(created));
}

void get_source(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, store::to_json(source_for(*db, context, Action::read).first));
}

void update_source(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto [source, inventory] = source_for(*db, context, Action::update);
  const Fields body(json_body(context), {"facility_id", "code", "name", "definition", "reason"});
  const std::string old_code = source.code;
  apply_source_fields(body, false, source);
  check_source(*db, state, inventory, source, old_code);
  const auto updated = unwrap(store::update_source(*db, actor_of(context, body.reason()), source));
  send_json(context.res, 200, store::to_json(updated));
}

void delete_source(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto [source, inventory] = source_for(*db, context, Action::remove);
  unwrap(store::delete_source(*db, actor_of(context), source.id));
  context.res.status = 204;
}

// --- results ------------------------------------------------------------------------------

}  // namespace

/// The inventory as the store holds it, validated (422 listing every problem) and computed.
Computed compute_stored(store::Database& db, const ApiState& state, std::int64_t inventory_id) {
  auto model = unwrap(store::load_inventory(db, inventory_id));
  const auto& library = state.library.library;
  const Diagnostics validated = inventory::validate(model, library);
  if (validated.has_errors()) {
    throw_diagnostics(validated, "inventory " + std::to_string(inventory_id));
  }
  inventory::ComputeOptions options;
  options.validated = &validated;
  auto result = unwrap(inventory::compute(model, library, options));
  return {std::move(model), std::move(result)};
}

namespace {

void compute(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::update);
  auto result =
      store::compute_inventory(*db, actor_of(context), inventory.id, state.library.library);
  if (!result) {
    // The store names the first problem only; list them all when validation finds them.
    compute_stored(*db, state, inventory.id);
    unwrap(std::move(result));
  }
  send_json(context.res, 200, *result);
}

void stored_result(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  auto result = unwrap(store::get_result(*db, inventory.id));
  if (!result) {
    const auto id = std::to_string(inventory.id);
    throw_error(404, ErrorCode::store_not_found,
                "inventory " + id + " has not been computed yet; POST /api/v1/inventories/" + id +
                    "/compute computes and stores it");
  }
  send_json(context.res, 200, *result);
}

void document(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  send_json(context.res, 200, unwrap(store::inventory_document(*db, inventory.id)));
}

void register_file(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  const auto format = query(context, "format", "xlsx", {"xlsx", "simple", "csv", "json"});
  const auto computed = compute_stored(*db, state, inventory.id);
  send_inventory_result(state, context, computed.inventory, computed.result, format);
}

}  // namespace

void add_inventory_data_routes(Router& router, ApiState& state) {
  const auto route = [&](const char* method, const char* pattern, const char* summary,
                         void (*handler)(ApiState&, RequestContext&)) {
    router.add({method, pattern, Access::authenticated, summary,
                [&state, handler](RequestContext& context) { handler(state, context); }});
  };
  route("GET", "/api/v1/orgs/{org}/inventories", "an organization's inventories", list_inventories);
  route("POST", "/api/v1/orgs/{org}/inventories", "a new inventory for a year", create_inventory);
  route("GET", "/api/v1/inventories/{id}", "one inventory", get_inventory);
  route("PATCH", "/api/v1/inventories/{id}", "change base year, boundary, GWP set or settings",
        update_inventory);
  route("GET", "/api/v1/inventories/{id}/sources", "an inventory's emission sources", list_sources);
  route("POST", "/api/v1/inventories/{id}/sources", "a new emission source", create_source);
  route("GET", "/api/v1/sources/{id}", "one emission source", get_source);
  route("PATCH", "/api/v1/sources/{id}", "change an emission source", update_source);
  route("DELETE", "/api/v1/sources/{id}", "delete a source without activity records",
        delete_source);
  route("POST", "/api/v1/inventories/{id}/compute",
        "compute the stored inventory and keep the result", compute);
  route("GET", "/api/v1/inventories/{id}/result", "the result of the last compute", stored_result);
  route("GET", "/api/v1/inventories/{id}/document", "the inventory in the file format", document);
  route("GET", "/api/v1/inventories/{id}/register",
        "the MOENV register (xlsx) or the result (csv, json), computed now", register_file);
}

}  // namespace cl::server
