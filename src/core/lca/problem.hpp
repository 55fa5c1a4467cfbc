// A life-cycle problem as the user describes it (docs/formats/lca-problem.md): flows, processes
// with their exchanges, impact methods and a demand. Plain values with names; build_system()
// turns them into matrices and reports every problem with the process or flow it is about.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/common/record_ref.hpp"
#include "core/lca/distribution.hpp"

namespace cl::lca {

/// Product and waste flows link processes (technosphere); elementary flows cross into nature.
enum class FlowKind { product, waste, elementary };

struct Flow {
  std::string id;
  std::string name;
  FlowKind kind = FlowKind::product;
  std::string unit;      ///< the flow's reference unit; exchanges may use any unit of its dimension
  std::string category;  ///< e.g. "air/urban"; elementary flows only
  RecordRef where;
};

enum class Direction { input, output };

struct Exchange {
  std::string flow;
  Direction direction = Direction::input;
  double amount = 0.0;
  std::string unit;  ///< empty: the flow's unit
  /// Avoided product (an output that substitutes the market's product) or avoided waste (a waste
  /// input whose treatment elsewhere is avoided): system expansion, credited through the provider.
  bool avoided = false;
  std::string provider;  ///< the process that provides (or treats) this flow; empty: the default
  Distribution uncertainty;
  /// Allocation: the physical property per unit of this output (e.g. kg per piece) and its price
  /// per unit; used only on the product outputs of a multi-output process.
  double physical = 0.0;
  double price = 0.0;
  RecordRef where;
};

enum class AllocationMethod { none, physical, economic, factors };

struct Allocation {
  AllocationMethod method = AllocationMethod::none;
  std::map<std::string, double> factors;  ///< product flow id → share, for `factors`; sum 1
};

struct Process {
  std::string id;
  std::string name;
  std::string reference;  ///< the reference flow's id; a product output or a waste input
  std::vector<Exchange> exchanges;
  Allocation allocation;
  RecordRef where;
};

struct CharacterizationFactor {
  std::string flow;
  double value = 0.0;  ///< impact per unit of the flow's reference unit
  Distribution uncertainty;
};

struct Method {
  std::string id;
  std::string name;
  std::string unit;  ///< e.g. "kg CO2e"
  std::vector<CharacterizationFactor> factors;
  RecordRef where;
};

/// One line of the demand: an amount of a product (or of a waste to treat) in the flow's unit,
/// from the flow's provider or the one named.
struct Demand {
  std::string flow;
  double amount = 0.0;
  std::string provider;
};

struct Problem {
  std::string name;
  std::vector<Flow> flows;
  std::vector<Process> processes;
  std::vector<Method> methods;
  std::map<std::string, std::string> default_providers;  ///< flow id → process id
  std::vector<Demand> demand;
};

}  // namespace cl::lca
