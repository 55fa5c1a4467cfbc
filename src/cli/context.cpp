#include "cli/context.hpp"

#include <future>
#include <ostream>
#include <system_error>

#include "core/inventory/compute.hpp"
#include "io/file.hpp"
#include "io/inventory_reader.hpp"

namespace cl::cli {

void Context::print(const Diagnostics& diagnostics) const {
  for (const auto& item : diagnostics.items()) *err << item.to_string() << '\n';
}

io::LoadedLibrary Context::load_library() const {
  auto loaded = io::load_library(data_dir);
  for (const auto& file : factor_files)
    io::load_factor_table(file, loaded.library, loaded.diagnostics);
  if (loaded.diagnostics.has_errors()) {
    print(loaded.diagnostics);
    Error error{ErrorCode::factor_invalid,
                "the factor data (" + data_dir + (factor_files.empty() ? "" : " and --factors") +
                    ") has " + std::to_string(loaded.diagnostics.error_count()) +
                    " problem(s), listed above",
                {.file = data_dir}};
    throw CommandError{error};
  }
  return loaded;
}

LoadedInventory Context::load_inventory(const std::string& path,
                                        const factors::FactorLibrary& library) const {
  auto read = io::read_inventory(path);
  LoadedInventory loaded;
  if (!read.diagnostics.has_errors())
    loaded.validation = inventory::validate(read.inventory, library);
  stop_on_errors(path, read.diagnostics, loaded.validation);
  loaded.inventory = std::move(read.inventory);
  return loaded;
}

std::unique_ptr<io::TalliedInventory> Context::load_inventory_tallied(
    const std::string& path, const std::string& gwp_set) const {
  const auto load = [this] { return load_library(); };
  std::shared_future<io::LoadedLibrary> library;
  try {
    library = std::async(std::launch::async, load).share();
  } catch (const std::system_error&) {
    library = std::async(std::launch::deferred, load).share();  // no thread to spare
  }
  // The library's problems come first, as when it was loaded before reading: get() rethrows
  // its CommandError, after it printed them (nothing else prints while the file is read).
  std::unique_ptr<io::TalliedInventory> read;
  try {
    read = io::read_inventory_tallied(
        path, [&library]() -> const factors::FactorLibrary& { return library.get().library; },
        gwp_set);
  } catch (...) {
    library.get();  // a broken library is what is reported, whatever else went wrong
    throw;
  }
  library.get();
  stop_on_errors(path, read->diagnostics, read->validation);
  return read;
}

void Context::stop_on_errors(const std::string& path, Diagnostics& reading,
                             const Diagnostics& validation) const {
  print(reading);
  // Validation warnings come back with the computed result; print only its errors here.
  for (const auto& item : validation.items()) {
    if (item.severity == Severity::error) {
      *err << item.to_string() << '\n';
      reading.error(item.code, item.message, item.where);
    }
  }
  if (!reading.has_errors()) return;
  const auto count = reading.error_count();
  // The summary carries the first problem's code, so scripts can tell a unit mismatch from a
  // syntax error by the exit line alone.
  ErrorCode first = ErrorCode::parse_bad_value;
  for (const auto& item : reading.items()) {
    if (item.severity == Severity::error) {
      first = item.code;
      break;
    }
  }
  throw CommandError{Error{
      first,
      path + " has " + std::to_string(count) + " problem(s), listed above; fix them and run again",
      {.file = path}}};
}

void emit(const Context& context, const std::string& text, const std::string& path) {
  if (path.empty()) {
    *context.out << text;
    return;
  }
  value_or_throw(io::write_file(path, text));
}

}  // namespace cl::cli
