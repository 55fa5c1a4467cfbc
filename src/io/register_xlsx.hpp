// The MOENV inventory register (盤查清冊) as a real Excel workbook: 表一 basic data, 表二
// boundary, 表三 source identification, 表四 activity data, 表五 factors and emissions, 表六 data
// quality, 表七 uncertainty, and the summary by category/scope and gas, plus the GWP table.
// Written with libxlsxwriter to a temporary file and renamed, so a failed write leaves nothing.
#pragma once

#include <string>

#include "core/common/result.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::io {

Result<void> write_register_xlsx(const inventory::Inventory& inventory,
                                 const inventory::InventoryResult& result, const std::string& path);

/// The simple register (簡易碳盤查清冊) of the 2023 SME guidance program: one sheet with the
/// organization, each source's activity, factor and emissions with its share, and the totals by
/// scope; the same temporary-file discipline.
Result<void> write_simple_register_xlsx(const inventory::Inventory& inventory,
                                        const inventory::InventoryResult& result,
                                        const std::string& path);

}  // namespace cl::io
