// libFuzzer target for life-cycle problem files (docs/formats/lca-problem.md): the bytes go
// through io::parse_lca_problem (simdjson/JSON document, every field reader, uncertainty and
// pedigree checks) and, when they parse, through lca::build_system (units, allocation,
// providers, the matrices). Either must return a problem or diagnostics, never crash or throw.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/lca/build.hpp"
#include "io/lca_problem_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  const std::string text(reinterpret_cast<const char*>(data), size);
  cl::Diagnostics diagnostics;
  auto problem = cl::io::parse_lca_problem(text, "fuzz.json", diagnostics);
  std::size_t touched = 0;
  if (problem) {
    cl::Diagnostics build_diagnostics;
    auto system = cl::lca::build_system(*problem, build_diagnostics);
    for (const auto& item : build_diagnostics.items()) touched += item.to_string().size();
    if (system) touched += cl::lca::problem_demand(*problem).size();
  }
  for (const auto& item : diagnostics.items()) touched += item.to_string().size();
  return touched == static_cast<std::size_t>(-1) ? 1 : 0;
}
