#include "server/routes/workbook.hpp"

#include <filesystem>
#include <system_error>
#include <utility>

#include "io/file.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"

namespace cl::server {

void send_workbook(const std::string& scratch_dir, RequestContext& context,
                   const std::string& filename,
                   const std::function<Result<void>(const std::string& path)>& write,
                   std::size_t max_bytes) {
  const auto path =
      std::filesystem::path(scratch_dir) / ("workbook-" + auth::make_request_id() + ".xlsx");
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } remove{path};
  unwrap(write(path.string()));
  auto bytes = unwrap(io::read_file(path.string(), max_bytes));
  context.res.status = 200;
  context.res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  context.res.set_content(std::move(bytes),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace cl::server
