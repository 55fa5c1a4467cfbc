// HTML to PDF with headless Chromium (Debian's chromium; DESIGN.md "PDF"): the HTML is written
// to a private scratch file, Chromium prints it with its own fonts (Noto CJK for Chinese), and
// the PDF bytes are read back; every file is removed whatever happens. A Chromium that is
// missing, fails or takes longer than the timeout is an io.write_failed error saying which.
#pragma once

#include <chrono>
#include <string>

#include "core/common/result.hpp"

namespace cl::io {

struct PdfOptions {
  std::string chromium = "/usr/bin/chromium";
  std::string scratch_dir;  ///< a private folder to write into (must exist)
  std::chrono::seconds timeout{60};
};

/// The PDF of `html` (a complete document) as bytes.
Result<std::string> html_to_pdf(const std::string& html, const PdfOptions& options);

}  // namespace cl::io
