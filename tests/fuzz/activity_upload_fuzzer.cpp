// libFuzzer target for the API's activity import (POST /api/v1/inventories/{id}/activity/import):
// store::read_activity_upload on the raw bytes as CSV, against a fixed set of source codes. It
// runs io::read_activity_csv and then its own checks per row (source code, period, amount,
// unit) and merges the diagnostics in row order. Whatever the input, it must return rows and
// diagnostics without a crash, a sanitizer report or an exception; every row and diagnostic is
// read back. The XLSX path is io::read_activity_xlsx, which xlsx_fuzzer covers. Inputs over
// 64 KiB are skipped, as in the other targets.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "store/activity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  static const std::map<std::string, std::int64_t, std::less<>> kSources = {
      {"S01", 1}, {"S02", 2}, {"S03", 3}, {"S09", 9}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto upload =
      cl::store::read_activity_upload(text, cl::store::UploadFormat::csv, "body", kSources);
  std::size_t touched = 0;
  for (const auto& row : upload.rows) {
    touched += row.source.size() + row.record.period.size() + row.record.unit.size() +
               row.record.evidence.size() + row.record.note.size() + row.bad_fields.size();
    if (row.bad_fields.empty() && row.record.amount < 0) __builtin_trap();  // a good row is >= 0
  }
  for (const auto& item : upload.diagnostics.items()) touched += item.to_string().size();
  if (upload.rows.empty() && !upload.diagnostics.has_errors()) __builtin_trap();  // no rows: error
  return touched == static_cast<std::size_t>(-1) ? 1 : 0;
}
