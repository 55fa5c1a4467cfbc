#include "core/factors/gas.hpp"

#include <array>
#include <utility>

namespace cl::factors {
namespace {

constexpr std::array kGroups = {
    std::pair{GasGroup::co2, "CO2"},   std::pair{GasGroup::ch4, "CH4"},
    std::pair{GasGroup::n2o, "N2O"},   std::pair{GasGroup::hfcs, "HFCs"},
    std::pair{GasGroup::pfcs, "PFCs"}, std::pair{GasGroup::sf6, "SF6"},
    std::pair{GasGroup::nf3, "NF3"},   std::pair{GasGroup::montreal, "montreal"},
    std::pair{GasGroup::co2e, "CO2e"}, std::pair{GasGroup::biogenic_co2, "biogenic_CO2"},
};

}  // namespace

std::string_view gas_group_id(GasGroup group) {
  for (const auto& [candidate, id] : kGroups) {
    if (candidate == group) return id;
  }
  return "CO2";
}

Result<GasGroup> parse_gas_group(std::string_view id, const RecordRef& where) {
  for (const auto& [group, candidate] : kGroups) {
    if (candidate == id) return group;
  }
  return fail(ErrorCode::parse_bad_value,
              "unknown gas group '" + std::string(id) +
                  "'; expected CO2, CH4, N2O, HFCs, PFCs, SF6, NF3, montreal, CO2e or biogenic_CO2",
              where);
}

}  // namespace cl::factors
