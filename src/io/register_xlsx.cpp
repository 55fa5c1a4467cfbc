#include "io/register_xlsx.hpp"

namespace cl::io {

Result<void> write_register_xlsx(const inventory::Inventory&, const inventory::InventoryResult&,
                                 const std::string& path) {
  return fail(ErrorCode::internal, "register writer is being built", {.file = path});
}

}  // namespace cl::io
