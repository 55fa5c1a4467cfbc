// Typed, diagnosed access to a YAML or JSON document. Every missing or malformed field becomes a
// Diagnostic naming the file, the line and the field, and reading goes on so that one run
// reports every problem. BasicDocReader works on a YAML::Node (yaml-cpp reads YAML, and JSON as
// YAML 1.2) or on a DocNode (JSON read by simdjson, json_document.hpp), which has the same
// interface; YamlReader and DocReader name the two.
#pragma once

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "core/common/diagnostic.hpp"
#include "core/common/provenance.hpp"
#include "core/factors/emission_factor.hpp"
#include "io/json_document.hpp"

namespace cl::io {

/// A scalar as a finite number, converted as yaml-cpp's as<double>() converts it (DocNode does
/// the same); empty when it does not convert or is .inf or .nan.
template <class Node>
std::optional<double> finite_number(const Node& node) {
  try {
    const double value = node.template as<double>();
    if (std::isfinite(value)) return value;
  } catch (const YAML::Exception&) {
  } catch (const DocError&) {
  }
  return std::nullopt;
}

template <class Node>
class BasicDocReader {
 public:
  BasicDocReader(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  /// Parses text; parse.syntax with the line and column on failure.
  Result<YAML::Node> parse(const std::string& text) const;

  RecordRef at(const Node& node, std::string field, std::string record = {}) const;

  std::optional<std::string> text(const Node& map, const char* key, bool required,
                                  const std::string& record = {});
  std::optional<double> number(const Node& map, const char* key, bool required,
                               const std::string& record = {});
  std::optional<int> integer(const Node& map, const char* key, bool required,
                             const std::string& record = {});
  std::optional<bool> boolean(const Node& map, const char* key, const std::string& record = {});
  /// Warns about keys not in `allowed` (a typo such as `ammount` must not pass silently).
  void check_keys(const Node& map, std::initializer_list<std::string_view> allowed,
                  const std::string& record = {});
  /// A list under `key`; empty when absent, error when present but not a list.
  Node list(const Node& map, const char* key, bool required = false);

  std::optional<Provenance> provenance(const Node& node, const std::string& record = {});
  std::optional<factors::Uncertainty> uncertainty(const Node& node, const std::string& record = {});
  std::optional<factors::HeatingValue> heating_value(const Node& node,
                                                     const std::string& record = {});
  /// An emission factor in the data/ schema; `defaults` supplies table-level source/type/region.
  std::optional<factors::EmissionFactor> factor(const Node& node,
                                                const factors::EmissionFactor& defaults);

  void error(ErrorCode code, std::string message, RecordRef where) {
    diagnostics_.error(code, std::move(message), std::move(where));
  }
  /// Reports `failed`, from a parse given no RecordRef, as found at `where`: a RecordRef copies
  /// the file name, so the readers build one only for a problem.
  void add(Error failed, RecordRef where) {
    failed.where = std::move(where);
    diagnostics_.add(std::move(failed));
  }
  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

extern template class BasicDocReader<YAML::Node>;
extern template class BasicDocReader<DocNode>;
using YamlReader = BasicDocReader<YAML::Node>;
using DocReader = BasicDocReader<DocNode>;

}  // namespace cl::io
