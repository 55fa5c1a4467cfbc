// GET /api/v1/health, GET /api/openapi.yaml, GET /api/v1/factors/{id}: what a client or a
// monitor asks before anything else, and one read of the factor library loaded at start.
#include "io/inventory_writer.hpp"
#include "server/api.hpp"
#include "server/http_error.hpp"
#include "server/routes/access.hpp"
#include "store/migrations.hpp"

namespace cl::server {

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
