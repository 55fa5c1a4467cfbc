// Reduction methods (減量方法) as data. The calculation of each kind is code (calculate.hpp);
// everything a reviewer checks — the method document and version, each parameter's unit,
// source and monitoring frequency, the applicability conditions, which grid emission factor the
// method accepts — is data in data/offsets/methods.yaml, read by io/offsets_reader. The reader
// refuses a method whose parameters differ from what its kind computes with, so data and code
// cannot drift apart.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/provenance.hpp"
#include "core/common/result.hpp"

namespace cl::offsets {

/// What a method computes: one pure function per kind in calculate.hpp.
enum class CalcKind { lighting, chiller, motor_vsd, air_compressor, boiler_fuel_switch };

/// Project categories; renewable power is excluded from the micro-scale program (OFS-2).
enum class Category { energy_efficiency, fuel_switch, renewable_power };

/// Which electricity emission factor a method accepts: none (no electricity), the national
/// announced factor, or a combined margin per the CDM electricity-system tool (grid_factor.hpp).
enum class GridBasis { none, national, combined_margin };

struct ParameterSpec {
  std::string id;
  std::string name;        ///< "每盞燈具功率 / power per lamp, baseline"
  std::string unit;        ///< "W", "h", "MWh", "fraction", ...
  std::string source;      ///< where the value comes from: nameplate, meter, survey, default
  std::string frequency;   ///< monitoring frequency: "once, ex ante", "continuous, monthly" ...
  bool monitored = false;  ///< measured during the crediting period (else fixed ex ante)
  bool sampled = false;    ///< may be estimated by a sample (programmatic monitoring)
  std::optional<double> default_value;
  std::optional<double> min;
  std::optional<double> max;
};

/// An applicability condition (適用條件). A condition with `parameter` is checked on the numbers;
/// the others are confirmed by the project with evidence.
struct Condition {
  std::string id;
  std::string text;
  std::string parameter;  ///< empty for a condition confirmed by evidence
  std::optional<double> min;
  std::optional<double> max;
};

struct Method {
  std::string id;  ///< "AMS-II.C/lighting"
  std::string title;
  CalcKind kind = CalcKind::lighting;
  Category category = Category::energy_efficiency;
  Provenance source;  ///< the method document, version and year
  std::vector<ParameterSpec> parameters;
  std::vector<Condition> conditions;
  std::vector<GridBasis> grid_bases;
  /// A mature method whose registration skips third-party validation (successor regime).
  bool skips_validation = false;

  const ParameterSpec* find_parameter(std::string_view parameter_id) const;
  bool accepts(GridBasis basis) const;
};

/// The parameter ids a kind computes with, in the order of its formula.
std::span<const std::string_view> kind_parameters(CalcKind kind);
bool kind_uses_grid(CalcKind kind);

std::string_view kind_id(CalcKind kind);
std::optional<CalcKind> find_kind(std::string_view id);
std::string_view category_id(Category category);
std::optional<Category> find_category(std::string_view id);
std::string_view grid_basis_id(GridBasis basis);
std::optional<GridBasis> find_grid_basis(std::string_view id);

class MethodCatalog {
 public:
  void add(Method method) { methods_.push_back(std::move(method)); }
  const std::vector<Method>& methods() const { return methods_; }
  /// offsets.method naming the known ids when `id` is not in the catalog.
  Result<const Method*> find(std::string_view id) const;

 private:
  std::vector<Method> methods_;
};

}  // namespace cl::offsets
