// libFuzzer target for the activity CSV reader: io::for_each_csv_row on the raw bytes, then
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
