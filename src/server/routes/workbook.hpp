// Answering with an xlsx workbook. libxlsxwriter writes files, so every workbook route writes
// into a private file of the server's scratch folder, reads it back and removes it whatever
// happens; this is that step, once.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "core/common/result.hpp"
#include "server/router.hpp"

namespace cl::server {

/// Answers 200 with the workbook `write` puts at the path it is given (a fresh name in
/// `scratch_dir`), sent as the attachment `filename`. The file is removed on every path out;
/// a workbook above `max_bytes` or a failed write is the error of that step.
void send_workbook(const std::string& scratch_dir, RequestContext& context,
                   const std::string& filename,
                   const std::function<Result<void>(const std::string& path)>& write,
                   std::size_t max_bytes = 256u << 20);

}  // namespace cl::server
