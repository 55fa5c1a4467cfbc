// Sending a computed inventory as an answer, shared by the stateless route
// (POST /api/v1/inventory/compute|register, compute.cpp) and the store-backed one
// (GET /api/v1/inventories/{id}/register, inventories.cpp), so both give the same bytes:
// "json" is io::to_json plus the warnings in `diagnostics`, "csv" the long form of
// io::render_csv (with X-CL-Warnings), "xlsx" the MOENV register workbook (io/register_xlsx.hpp),
// written to a private file in the server's scratch folder, read back and removed.
#pragma once

#include <string>

#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"
#include "server/api.hpp"
#include "server/router.hpp"

namespace cl::server {

/// `format` is "json", "csv" or "xlsx"; the answer is 200.
void send_inventory_result(ApiState& state, RequestContext& context,
                           const inventory::Inventory& inventory,
                           const inventory::InventoryResult& result, const std::string& format);

}  // namespace cl::server
