// `carbonledger units`: every unit an activity amount may use, with its aliases' meaning.
#include <fmt/format.h>

#include <ostream>

#include "cli/context.hpp"
#include "core/units/unit.hpp"

namespace cl::cli {

void add_units_command(CLI::App& app, Context& context) {
  auto* units = app.add_subcommand("units", "list the units activity data may be given in");
  units->callback([&context] {
    for (const auto& unit : units::all_units()) {
      *context.out << fmt::format(
          "{:<14} {:<12} = {:g} {}  {} / {}\n", unit.symbol, units::dimension_id(unit.dimension),
          unit.to_base, units::base_unit(unit.dimension).symbol, unit.name_zh, unit.name_en);
    }
  });
}

}  // namespace cl::cli
