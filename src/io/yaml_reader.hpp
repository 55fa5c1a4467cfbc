// Typed, diagnosed access to a YAML or JSON document (yaml-cpp reads both; JSON is YAML 1.2).
// Every missing or malformed field becomes a Diagnostic naming the file, the line and the field,
// and reading goes on so that one run reports every problem.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "core/common/diagnostic.hpp"
#include "core/common/provenance.hpp"
#include "core/factors/emission_factor.hpp"

namespace cl::io {

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  /// Parses text; parse.syntax with the line and column on failure.
  Result<YAML::Node> parse(const std::string& text) const;

  RecordRef at(const YAML::Node& node, std::string field, std::string record = {}) const;

  std::optional<std::string> text(const YAML::Node& map, const char* key, bool required,
                                  const std::string& record = {});
  std::optional<double> number(const YAML::Node& map, const char* key, bool required,
                               const std::string& record = {});
  std::optional<int> integer(const YAML::Node& map, const char* key, bool required,
                             const std::string& record = {});
  std::optional<bool> boolean(const YAML::Node& map, const char* key,
                              const std::string& record = {});
  /// Warns about keys not in `allowed` (a typo such as `ammount` must not pass silently).
  void check_keys(const YAML::Node& map, std::initializer_list<const char*> allowed,
                  const std::string& record = {});
  /// A list under `key`; empty when absent, error when present but not a list.
  YAML::Node list(const YAML::Node& map, const char* key, bool required = false);

  std::optional<Provenance> provenance(const YAML::Node& node, const std::string& record = {});
  std::optional<factors::Uncertainty> uncertainty(const YAML::Node& node,
                                                  const std::string& record = {});
  std::optional<factors::HeatingValue> heating_value(const YAML::Node& node,
                                                     const std::string& record = {});
  /// An emission factor in the data/ schema; `defaults` supplies table-level source/type/region.
  std::optional<factors::EmissionFactor> factor(const YAML::Node& node,
                                                const factors::EmissionFactor& defaults);

  void error(ErrorCode code, std::string message, RecordRef where) {
    diagnostics_.error(code, std::move(message), std::move(where));
  }
  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

}  // namespace cl::io
