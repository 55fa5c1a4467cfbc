// Greenhouse gases, GWP sets and refrigerant blends. A GWP set maps a gas id to its 100-year
// global warming potential with the set's provenance. A blend's GWP is computed from its
// components' mass shares (Σ share × GWP), never typed in.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/common/provenance.hpp"
#include "core/common/result.hpp"

namespace cl::factors {

enum class GasGroup { co2, ch4, n2o, hfcs, pfcs, sf6, nf3, montreal, co2e, biogenic_co2 };

std::string_view gas_group_id(GasGroup group);
Result<GasGroup> parse_gas_group(std::string_view id, const RecordRef& where = {});

struct Gas {
  std::string id;  ///< "CO2", "CH4_fossil", "HFC-134a", "CO2e"
  std::string formula;
  std::string name_en;
  std::string name_zh;
  GasGroup group = GasGroup::co2;

  /// In the Kyoto basket that makes up the CO2e total (not Montreal gases, not biogenic CO2).
  bool is_in_total() const {
    return group != GasGroup::montreal && group != GasGroup::biogenic_co2;
  }
};

struct GwpSet {
  std::string id;  ///< "AR4", "AR5", "AR6"
  std::string name_en;
  std::string name_zh;
  Provenance provenance;
  std::map<std::string, double, std::less<>> values;
  std::map<std::string, std::string, std::less<>> notes;
};

struct BlendComponent {
  std::string gas;
  double share = 0.0;  ///< mass fraction, components sum to 1
};

struct Blend {
  std::string id;  ///< "R-410A"; single-gas refrigerants ("R-134a") are one-component blends
  std::string name_zh;
  std::vector<BlendComponent> components;
  Provenance provenance;
};

}  // namespace cl::factors
