// GET /api/v1/health, GET /api/openapi.yaml, GET /api/v1/factors/{id}: what a client or a
// monitor asks before anything else, and one read of the factor library loaded at start.
// GET /api/v1/factors?q=…&gwp=AR5: the library searched (FactorLibrary::search), each factor also
// as kg CO2e per unit of activity: the `factor` a footprint study's line takes, so a study's
// editor can pick a library factor with its provenance instead of typing a number.
#include "io/inventory_writer.hpp"
#include "server/api.hpp"
#include "server/http_error.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "store/migrations.hpp"

namespace cl::server {
namespace {

/// The study form of a library factor (docs/formats/footprint-study.md `factor`), or null with
/// the reason when the factor cannot be put per unit under the set (a gas the set lacks).
nlohmann::json study_factor(const factors::FactorLibrary& library,
                            const factors::EmissionFactor& factor, const factors::GwpSet& set) {
  auto co2e = library.co2e_per_unit(factor, set);
  if (!co2e) return {{"problem", co2e.error().message}};
  nlohmann::json source = {
      {"document", factor.provenance.document},
      {"table", factor.provenance.table},
      {"version", factor.provenance.version},
      {"year", factor.provenance.year},
      {"verification", std::string(verification_id(factor.provenance.verification))}};
  nlohmann::json out = {{"value", co2e->kg_co2e},
                        {"unit", std::string(co2e->unit.symbol)},
                        {"gases", co2e->gases},
                        {"source", std::move(source)}};
  if (co2e->biogenic_co2 != 0.0) out["biogenic_co2"] = co2e->biogenic_co2;
  if (co2e->via_heating_value) {
    const auto& hv = *factor.heating_value;
    out["heating_value"] = {{"value", hv.value},
                            {"energy_unit", std::string(hv.energy_unit.symbol)},
                            {"per", std::string(hv.per_unit.symbol)},
                            {"factor_units_per_unit", co2e->factor_units}};
  }
  return out;
}

void search_factors(ApiState& state, RequestContext& context) {
  const auto& library = state.library.library;
  const auto text = query(context, "q", "");
  if (text.empty()) {
    throw_error(400, ErrorCode::parse_missing_field,
                "name what to search for: ?q=柴油 or ?q=diesel (id, names, code, gas or source)",
                {.field = "q"});
  }
  auto set = library.find_gwp_set(query(context, "gwp", "AR5"), {.field = "gwp"});
  if (!set) throw ApiError{400, set.error(), {}};
  const auto limit = query_int(context, "limit", 20, 1, 200);
  const auto found = library.search(text);
  nlohmann::json items = nlohmann::json::array();
  for (const auto* factor : found) {
    if (static_cast<std::int64_t>(items.size()) >= limit) break;
    auto item = io::factor_json(*factor);
    item["study_factor"] = study_factor(library, *factor, **set);
    items.push_back(std::move(item));
  }
  send_json(context.res, 200,
            {{"items", std::move(items)}, {"total", found.size()}, {"gwp", (*set)->id}});
}

}  // namespace

void add_meta_routes(Router& router, ApiState& state) {
  router.add({"GET", "/api/v1/health", Access::open, "liveness and what is loaded",
              [&state](RequestContext& context) {
                nlohmann::json answer = {{"status", "ok"},
                                         {"version", "0.1.0"},
                                         {"factors", state.library.library.factors().size()},
                                         {"gwp_sets", state.library.library.gwp_sets().size()},
                                         {"store", "memory"}};
                if (state.pool) {
                  // A live check: the answer is 503 when the database does not answer.
                  auto db = lease(state);
                  answer["store"] =
                      db->dialect() == store::Dialect::sqlite ? "sqlite" : "postgresql";
                  answer["schema_version"] = unwrap(store::schema_version(*db));
                }
                send_json(context.res, 200, answer);
              }});
  router.add({"GET", "/api/openapi.yaml", Access::open, "this API's OpenAPI 3.0 document",
              [](RequestContext& context) {
                context.res.status = 200;
                context.res.set_content(std::string(openapi_yaml()), "application/yaml");
              }});
  router.add({"GET", "/api/v1/factors", Access::authenticated,
              "search the factor library; each factor also as kg CO2e per unit for a study",
              [&state](RequestContext& context) { search_factors(state, context); }});
  router.add({"GET", "/api/v1/factors/{id}", Access::authenticated,
              "one emission factor of the library, with its provenance",
              [&state](RequestContext& context) {
                const auto& id = context.params.at("id");
                auto factor = state.library.library.find_factor(id, {.field = "id"});
                if (!factor) {
                  throw ApiError{404, factor.error(), {}};
                }
                send_json(context.res, 200, io::factor_json(**factor));
              }});
}

}  // namespace cl::server
