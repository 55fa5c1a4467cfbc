// libFuzzer target for the activity CSV reader: io::for_each_csv_row on the raw bytes (and
// io::for_each_plain_csv_row, which must find the same rows unless it meets a quote), then
// io::read_activity_csv (both overloads: into a plain vector, and into an Inventory that keeps
// the text and whose records are views into it), which parses periods, amounts and units per
// row. Whatever the input, all must return (rows or diagnostics) without a crash, a sanitizer
// report or an exception; every record's text fields are read back to check the views.
// Inputs over 64 KiB are skipped, as in ledger's test/fuzz/journal_fuzzer.cc: bigger inputs
// only slow the search down.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/csv.hpp"
#include "io/inventory_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t fields = 0;
  auto parsed = cl::io::for_each_csv_row(text, "fuzz.csv", [&](const cl::io::CsvRow& row) {
    for (const auto field : row.fields) fields += field.size();  // touch every view
    return true;
  });
  (void)parsed;
  // The plain reader (text without quotes) must find exactly the rows the general one finds.
  std::vector<std::pair<int, std::vector<std::string_view>>> general, plain;
  auto general_end =
      cl::io::for_each_csv_row_from(text, "fuzz.csv", 1, [&](const cl::io::CsvRow& row) {
        general.emplace_back(row.line, row.fields);
        return true;
      });
  const int plain_end = cl::io::for_each_plain_csv_row(text, 1, [&](const cl::io::CsvRow& row) {
    plain.emplace_back(row.line, row.fields);
    return true;
  });
  if (plain_end != cl::io::kQuoteMet &&
      (!general_end || *general_end != plain_end || general != plain)) {
    __builtin_trap();
  }
  std::vector<cl::inventory::ActivityRecord> records;
  cl::Diagnostics diagnostics;
  cl::io::read_activity_csv(text, "fuzz.csv", records, diagnostics);
  for (const auto& record : records) fields += record.source.size() + record.evidence.size();

  cl::inventory::Inventory inventory;
  cl::io::read_activity_csv(std::string(text), "fuzz.csv", inventory, diagnostics);
  for (const auto& record : inventory.records) {
    fields += record.source.size() + record.id.size() + record.note.size();
    fields += inventory.where(record, "amount").to_string().size();
  }
  for (const auto& item : diagnostics.items()) fields += item.to_string().size();
  return fields == static_cast<std::size_t>(-1) ? 1 : 0;
}
