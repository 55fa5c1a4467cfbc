#include "server/routes/register_output.hpp"

#include "io/inventory_writer.hpp"
#include "io/register_xlsx.hpp"
#include "server/http_error.hpp"
#include "server/routes/workbook.hpp"

namespace cl::server {
namespace {

void send_register_xlsx(ApiState& state, RequestContext& context,
                        const inventory::Inventory& inventory,
                        const inventory::InventoryResult& result, bool simple) {
  send_workbook(state.scratch_dir, context,
                std::string(simple ? "simple-register-" : "register-") +
                    std::to_string(inventory.year) + ".xlsx",
                [&](const std::string& path) {
                  return simple ? io::write_simple_register_xlsx(inventory, result, path)
                                : io::write_register_xlsx(inventory, result, path);
                });
}

}  // namespace

void send_inventory_result(ApiState& state, RequestContext& context,
                           const inventory::Inventory& inventory,
                           const inventory::InventoryResult& result, const std::string& format) {
  if (format == "xlsx" || format == "simple") {
    send_register_xlsx(state, context, inventory, result, format == "simple");
    return;
  }
  if (format == "csv") {
    context.res.status = 200;
    context.res.set_header("X-CL-Warnings", std::to_string(result.diagnostics.items().size()));
    context.res.set_content(io::render_csv(inventory, result), "text/csv; charset=utf-8");
    return;
  }
  auto json = io::to_json(inventory, result);
  json["diagnostics"] = diagnostics_json(result.diagnostics);
  send_json(context.res, 200, json);
}

}  // namespace cl::server
