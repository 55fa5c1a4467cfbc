#include "server/routes/register_output.hpp"

#include <filesystem>

#include "io/file.hpp"
#include "io/inventory_writer.hpp"
#include "io/register_xlsx.hpp"
#include "server/auth/token.hpp"
#include "server/http_error.hpp"

namespace cl::server {
namespace {

template <class T>
T value_or_throw(Result<T> result) {
  if (!result) throw ApiError{status_of(result.error().code), result.error(), {}};
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

void send_register_xlsx(ApiState& state, RequestContext& context,
                        const inventory::Inventory& inventory,
                        const inventory::InventoryResult& result, bool simple) {
  // libxlsxwriter writes files: a private name in the server's scratch folder, read back and
  // removed whatever happens.
  const auto path =
      std::filesystem::path(state.scratch_dir) / ("register-" + auth::make_request_id() + ".xlsx");
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } remove{path};
  value_or_throw(simple ? io::write_simple_register_xlsx(inventory, result, path.string())
                        : io::write_register_xlsx(inventory, result, path.string()));
  auto bytes = value_or_throw(io::read_file(path.string(), 256u << 20));
  context.res.status = 200;
  context.res.set_header("Content-Disposition", std::string("attachment; filename=\"") +
                                                    (simple ? "simple-register-" : "register-") +
                                                    std::to_string(inventory.year) + ".xlsx\"");
  context.res.set_content(std::move(bytes),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
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
