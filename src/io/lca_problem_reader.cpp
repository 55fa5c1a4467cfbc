#include "io/lca_problem_reader.hpp"

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>

#include "io/file.hpp"
#include "io/json_document.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

using lca::Distribution;
using lca::DistributionKind;

constexpr std::string_view kFormatMarker = "lca-problem/1";

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

template <class Node>
std::string key_text(const Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

/// Field readers that name the JSON path of every value (`processes[2].exchanges[0].amount`)
/// in RecordRef::field. Unknown fields are errors here, not warnings as in the inventory reader:
/// a misspelt `avoided` or `provider` would silently change the result.
template <class Node>
class ProblemReader {
 public:
  explicit ProblemReader(BasicDocReader<Node>& doc) : doc_(doc) {}

  RecordRef at(const Node& node, const std::string& path, const std::string& record = {}) const {
    return doc_.at(node, path, record);
  }
  void error(ErrorCode code, std::string message, RecordRef where) {
    doc_.error(code, std::move(message), std::move(where));
  }

  /// False (and an error) unless `node` is a map; `what` says what was expected.
  bool expect_map(const Node& node, const std::string& path, const char* what,
                  const std::string& record = {}) {
    if (node && node.IsMap()) return true;
    error(ErrorCode::parse_bad_value, path + " must be " + what, at(node, path, record));
    return false;
  }

  /// Every key of `map` must be in `allowed` (parse.unknown_field) and appear once.
  void check_keys(const Node& map, const std::string& path,
                  std::initializer_list<std::string_view> allowed, const std::string& record = {}) {
    std::map<std::string, int> seen;
    for (const auto& entry : map) {
      const std::string key = key_text(entry.first);
      const std::string where = child(path, key);
      bool known = false;
      for (const auto candidate : allowed) known = known || key == candidate;
      if (!known) {
        std::string list;
        for (const auto candidate : allowed) {
          list += (list.empty() ? "" : ", ") + std::string(candidate);
        }
        error(ErrorCode::parse_unknown_field,
              "unknown field '" + key + "' at " + where + "; known fields: " + list,
              at(entry.first, where, record));
      } else if (++seen[key] == 2) {
        error(ErrorCode::parse_bad_value,
              "field '" + key + "' appears more than once in " +
                  (path.empty() ? std::string("the file") : path),
              at(entry.first, where, record));
      }
    }
  }

  /// A scalar under `key`; absent or null is nothing (an error when required).
  std::optional<std::string> text(const Node& map, const char* key, const std::string& path,
                                  bool required, const std::string& record = {}) {
    const Node node = map[key];
    const std::string where = child(path, key);
    if (!node || node.IsNull()) {
      if (required) {
        error(ErrorCode::parse_missing_field, "missing required field " + where,
              at(map, where, record));
      }
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      error(ErrorCode::parse_bad_value, where + " must be a single value, not a list or map",
            at(node, where, record));
      return std::nullopt;
    }
    return node.Scalar();
  }

  /// Like text(), but an empty string is an error too (ids, flow references).
  std::optional<std::string> name(const Node& map, const char* key, const std::string& path,
                                  bool required, const std::string& record = {}) {
    auto value = text(map, key, path, required, record);
    if (value && value->empty()) {
      error(ErrorCode::parse_bad_value, child(path, key) + " must not be empty",
            at(map[key], child(path, key), record));
      return std::nullopt;
    }
    return value;
  }

  /// A finite number under `key`.
  std::optional<double> number(const Node& map, const char* key, const std::string& path,
                               bool required, const std::string& record = {}) {
    auto value = text(map, key, path, required, record);
    if (!value) return std::nullopt;
    if (auto parsed = parse_number(*value)) return parsed;
    error(ErrorCode::parse_bad_value,
          child(path, key) + " must be a finite number, got '" + *value + "'",
          at(map[key], child(path, key), record));
    return std::nullopt;
  }

  std::optional<bool> boolean(const Node& map, const char* key, const std::string& path,
                              const std::string& record = {}) {
    auto value = text(map, key, path, false, record);
    if (!value) return std::nullopt;
    if (*value == "true") return true;
    if (*value == "false") return false;
    error(ErrorCode::parse_bad_value,
          child(path, key) + " must be true or false, got '" + *value + "'",
          at(map[key], child(path, key), record));
    return std::nullopt;
  }

  /// A list under `key`: empty when absent (an error when required) or not a list.
  Node list(const Node& map, const char* key, const std::string& path, bool required,
            const std::string& record = {}) {
    const Node node = map[key];
    const std::string where = child(path, key);
    if (!node || node.IsNull()) {
      if (required) {
        error(ErrorCode::parse_missing_field, "missing required list " + where,
              at(map, where, record));
      }
      return empty_list(map);
    }
    if (!node.IsSequence()) {
      error(ErrorCode::parse_bad_value, where + " must be a list [...]", at(node, where, record));
      return empty_list(map);
    }
    return node;
  }

  /// A string → string or string → number map under `key` (providers, allocation factors).
  Node object(const Node& map, const char* key, const std::string& path,
              const std::string& record = {}) {
    const Node node = map[key];
    if (!node || node.IsNull()) return Node();
    if (!node.IsMap()) {
      error(ErrorCode::parse_bad_value, child(path, key) + " must be a map {...}",
            at(node, child(path, key), record));
      return Node();
    }
    return node;
  }

  /// One of `choices` under `key`, as its index.
  std::optional<std::size_t> choice(const Node& map, const char* key, const std::string& path,
                                    bool required, std::initializer_list<std::string_view> choices,
                                    const std::string& record = {}) {
    auto value = text(map, key, path, required, record);
    if (!value) return std::nullopt;
    std::size_t index = 0;
    std::string list;
    for (const auto candidate : choices) {
      if (*value == candidate) return index;
      list += (list.empty() ? "" : ", ") + std::string(candidate);
      ++index;
    }
    error(ErrorCode::parse_bad_value,
          child(path, key) + " must be one of " + list + ", got '" + *value + "'",
          at(map[key], child(path, key), record));
    return std::nullopt;
  }

  std::optional<Distribution> distribution(const Node& map, const std::string& parent,
                                           double nominal, const std::string& record);

  const std::string& file() const { return doc_.file(); }

 private:
  static std::optional<double> parse_number(const std::string& text) {
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
  }
  static YAML::Node empty_list(const YAML::Node& /*type*/) {
    return YAML::Node(YAML::NodeType::Sequence);
  }
  static DocNode empty_list(const DocNode& /*type*/) { return DocNode::empty_sequence(); }

  BasicDocReader<Node>& doc_;
};

/// `uncertainty: {"distribution": …}` of an exchange or factor whose value is `nominal`.
template <class Node>
std::optional<Distribution> ProblemReader<Node>::distribution(const Node& map,
                                                              const std::string& parent,
                                                              double nominal,
                                                              const std::string& record) {
  const Node node = map["uncertainty"];
  if (!node || node.IsNull()) return std::nullopt;
  const std::string path = child(parent, "uncertainty");
  if (!expect_map(node, path, "a map {\"distribution\": \"lognormal\", \"gsd\": 1.2}", record)) {
    return std::nullopt;
  }
  const auto kind = choice(node, "distribution", path, true,
                           {"lognormal", "normal", "triangular", "uniform"}, record);
  if (!kind) return std::nullopt;
  Distribution out;
  bool complete = true;
  auto need = [&](const char* key, double& target) {
    if (auto value = number(node, key, path, true, record)) {
      target = *value;
    } else {
      complete = false;
    }
  };
  switch (*kind) {
    case 0: {
      out.kind = DistributionKind::lognormal;
      check_keys(node, path, {"distribution", "gsd", "basic_gsd", "pedigree"}, record);
      const bool has_gsd = node["gsd"] && !node["gsd"].IsNull();
      const bool has_pedigree = (node["pedigree"] && !node["pedigree"].IsNull()) ||
                                (node["basic_gsd"] && !node["basic_gsd"].IsNull());
      if (has_gsd && has_pedigree) {
        error(ErrorCode::parse_bad_value,
              path + " gives both gsd and basic_gsd/pedigree; give one of the two",
              at(node, path, record));
        return std::nullopt;
      }
      if (!has_pedigree) {
        need("gsd", out.gsd);
        break;
      }
      double basic = 1.0;
      need("basic_gsd", basic);
      const Node scores = list(node, "pedigree", path, true, record);
      const std::string scores_path = child(path, "pedigree");
      lca::PedigreeScores pedigree{};
      if (!node["pedigree"] || !node["pedigree"].IsSequence()) return std::nullopt;
      if (scores.size() != pedigree.size()) {
        error(ErrorCode::parse_bad_value,
              scores_path +
                  " must list 5 scores (reliability, completeness, temporal, "
                  "geographical, technological), each 1-5",
              at(scores, scores_path, record));
        return std::nullopt;
      }
      std::size_t index = 0;
      for (const auto& score : scores) {
        const std::string score_path = item(scores_path, index);
        const std::string value = key_text(static_cast<const Node&>(score));
        int parsed = 0;
        const char* end = value.data() + value.size();
        auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
        if (ec != std::errc() || ptr != end) {
          error(ErrorCode::parse_bad_value,
                score_path + " must be a whole number 1-5, got '" + value + "'",
                at(score, score_path, record));
          complete = false;
        }
        pedigree[index++] = parsed;
      }
      if (!complete) return std::nullopt;
      auto gsd = lca::pedigree_gsd(basic, pedigree);
      if (!gsd) {
        error(gsd.error().code, path + ": " + gsd.error().message, at(node, scores_path, record));
        return std::nullopt;
      }
      out.gsd = *gsd;
      break;
    }
    case 1:
      out.kind = DistributionKind::normal;
      check_keys(node, path, {"distribution", "sd"}, record);
      need("sd", out.sd);
      break;
    case 2:
      out.kind = DistributionKind::triangular;
      check_keys(node, path, {"distribution", "min", "mode", "max"}, record);
      need("min", out.min);
      need("mode", out.mode);
      need("max", out.max);
      break;
    default:
      out.kind = DistributionKind::uniform;
      check_keys(node, path, {"distribution", "min", "max"}, record);
      need("min", out.min);
      need("max", out.max);
      break;
  }
  if (!complete) return std::nullopt;
  if (auto checked = lca::check_distribution(out, nominal); !checked) {
    error(ErrorCode::parse_bad_value, path + ": " + checked.error().message,
          at(node, path, record));
    return std::nullopt;
  }
  return out;
}

/// Reports a repeated id once per repetition, naming the line of the first.
class IdRegister {
 public:
  explicit IdRegister(const char* kind) : kind_(kind) {}
  template <class Node>
  void add(ProblemReader<Node>& reader, const std::string& id, const RecordRef& where) {
    if (id.empty()) return;
    auto [found, inserted] = first_.emplace(id, where.row);
    if (!inserted) {
      reader.error(ErrorCode::parse_bad_value,
                   std::string("duplicate ") + kind_ + " id '" + id + "' (first on line " +
                       std::to_string(found->second) + ")",
                   where);
    }
  }

 private:
  const char* kind_;
  std::map<std::string, int> first_;
};

template <class Node>
void read_flows(ProblemReader<Node>& reader, const Node& root, lca::Problem& out) {
  IdRegister ids("flow");
  std::size_t index = 0;
  for (const auto& entry : reader.list(root, "flows", "", true)) {
    const Node node = entry;
    const std::string path = item("flows", index++);
    if (!reader.expect_map(node, path, "a map with id, kind and unit")) continue;
    lca::Flow flow;
    flow.id = reader.name(node, "id", path, true).value_or("");
    reader.check_keys(node, path, {"id", "name", "kind", "unit", "category"}, flow.id);
    flow.where = reader.at(node, path, flow.id);
    flow.name = reader.text(node, "name", path, false, flow.id).value_or(flow.id);
    const auto kind =
        reader.choice(node, "kind", path, true, {"product", "waste", "elementary"}, flow.id);
    flow.kind = static_cast<lca::FlowKind>(kind.value_or(0));
    flow.unit = reader.name(node, "unit", path, true, flow.id).value_or("");
    flow.category = reader.text(node, "category", path, false, flow.id).value_or("");
    ids.add(reader, flow.id, flow.where);
    out.flows.push_back(std::move(flow));
  }
}

template <class Node>
void read_allocation(ProblemReader<Node>& reader, const Node& process, const std::string& parent,
                     lca::Process& out) {
  const Node node = process["allocation"];
  if (!node || node.IsNull()) return;
  const std::string path = child(parent, "allocation");
  if (!reader.expect_map(node, path, "a map {\"method\": \"physical|economic|factors\"}", out.id)) {
    return;
  }
  reader.check_keys(node, path, {"method", "factors"}, out.id);
  const auto method =
      reader.choice(node, "method", path, true, {"physical", "economic", "factors"}, out.id);
  if (!method) return;
  constexpr lca::AllocationMethod kMethods[] = {lca::AllocationMethod::physical,
                                                lca::AllocationMethod::economic,
                                                lca::AllocationMethod::factors};
  out.allocation.method = kMethods[*method];
  const Node factors = reader.object(node, "factors", path, out.id);
  const std::string factors_path = child(path, "factors");
  if (out.allocation.method != lca::AllocationMethod::factors) {
    if (factors) {
      reader.error(ErrorCode::parse_bad_value,
                   factors_path + " is used only with \"method\": \"factors\"",
                   reader.at(factors, factors_path, out.id));
    }
    return;
  }
  if (!factors) {
    reader.error(ErrorCode::parse_missing_field,
                 "missing required field " + factors_path + " ({product flow id: share})",
                 reader.at(node, factors_path, out.id));
    return;
  }
  for (const auto& entry : factors) {
    const std::string flow = key_text(entry.first);
    const std::string share_path = child(factors_path, flow);
    const std::string value = key_text(entry.second);
    double share = 0;
    const char* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, share);
    if (ec != std::errc() || ptr != end || !std::isfinite(share)) {
      reader.error(ErrorCode::parse_bad_value,
                   share_path + " must be a finite number (the share, 0-1), got '" + value + "'",
                   reader.at(entry.second, share_path, out.id));
      continue;
    }
    if (!out.allocation.factors.emplace(flow, share).second) {
      reader.error(ErrorCode::parse_bad_value,
                   "field '" + flow + "' appears more than once in " + factors_path,
                   reader.at(entry.first, share_path, out.id));
    }
  }
}

template <class Node>
std::optional<lca::Exchange> read_exchange(ProblemReader<Node>& reader, const Node& node,
                                           const std::string& path, const std::string& process) {
  if (!reader.expect_map(node, path, "a map with flow, direction and amount", process)) {
    return std::nullopt;
  }
  reader.check_keys(node, path,
                    {"flow", "direction", "amount", "unit", "avoided", "provider", "physical",
                     "price", "uncertainty"},
                    process);
  lca::Exchange exchange;
  exchange.where = reader.at(node, path, process);
  exchange.flow = reader.name(node, "flow", path, true, process).value_or("");
  const auto direction = reader.choice(node, "direction", path, true, {"input", "output"}, process);
  exchange.direction = direction.value_or(0) == 0 ? lca::Direction::input : lca::Direction::output;
  const auto amount = reader.number(node, "amount", path, true, process);
  exchange.amount = amount.value_or(0.0);
  exchange.unit = reader.text(node, "unit", path, false, process).value_or("");
  exchange.avoided = reader.boolean(node, "avoided", path, process).value_or(false);
  exchange.provider = reader.name(node, "provider", path, false, process).value_or("");
  exchange.physical = reader.number(node, "physical", path, false, process).value_or(0.0);
  exchange.price = reader.number(node, "price", path, false, process).value_or(0.0);
  if (amount) {
    if (auto distribution = reader.distribution(node, path, *amount, process)) {
      exchange.uncertainty = *distribution;
    }
  }
  return exchange;
}

template <class Node>
void read_processes(ProblemReader<Node>& reader, const Node& root, lca::Problem& out) {
  IdRegister ids("process");
  std::size_t index = 0;
  for (const auto& entry : reader.list(root, "processes", "", true)) {
    const Node node = entry;
    const std::string path = item("processes", index++);
    if (!reader.expect_map(node, path, "a map with id, reference and exchanges")) continue;
    lca::Process process;
    process.id = reader.name(node, "id", path, true).value_or("");
    reader.check_keys(node, path, {"id", "name", "reference", "allocation", "exchanges"},
                      process.id);
    process.where = reader.at(node, path, process.id);
    process.name = reader.text(node, "name", path, false, process.id).value_or(process.id);
    process.reference = reader.name(node, "reference", path, true, process.id).value_or("");
    read_allocation(reader, node, path, process);
    std::size_t exchange_index = 0;
    const std::string exchanges_path = child(path, "exchanges");
    for (const auto& exchange_entry : reader.list(node, "exchanges", path, true, process.id)) {
      const std::string exchange_path = item(exchanges_path, exchange_index++);
      if (auto exchange = read_exchange(reader, static_cast<const Node&>(exchange_entry),
                                        exchange_path, process.id)) {
        process.exchanges.push_back(std::move(*exchange));
      }
    }
    ids.add(reader, process.id, process.where);
    out.processes.push_back(std::move(process));
  }
}

template <class Node>
void read_methods(ProblemReader<Node>& reader, const Node& root, lca::Problem& out) {
  IdRegister ids("method");
  std::size_t index = 0;
  for (const auto& entry : reader.list(root, "methods", "", false)) {
    const Node node = entry;
    const std::string path = item("methods", index++);
    if (!reader.expect_map(node, path, "a map with id, unit and factors")) continue;
    lca::Method method;
    method.id = reader.name(node, "id", path, true).value_or("");
    reader.check_keys(node, path, {"id", "name", "unit", "factors"}, method.id);
    method.where = reader.at(node, path, method.id);
    method.name = reader.text(node, "name", path, false, method.id).value_or(method.id);
    method.unit = reader.name(node, "unit", path, true, method.id).value_or("");
    std::size_t factor_index = 0;
    const std::string factors_path = child(path, "factors");
    for (const auto& factor_entry : reader.list(node, "factors", path, true, method.id)) {
      const Node factor_node = factor_entry;
      const std::string factor_path = item(factors_path, factor_index++);
      if (!reader.expect_map(factor_node, factor_path, "a map {\"flow\": id, \"value\": number}",
                             method.id)) {
        continue;
      }
      reader.check_keys(factor_node, factor_path, {"flow", "value", "uncertainty"}, method.id);
      lca::CharacterizationFactor factor;
      factor.flow = reader.name(factor_node, "flow", factor_path, true, method.id).value_or("");
      const auto value = reader.number(factor_node, "value", factor_path, true, method.id);
      factor.value = value.value_or(0.0);
      if (value) {
        if (auto distribution = reader.distribution(factor_node, factor_path, *value, method.id)) {
          factor.uncertainty = *distribution;
        }
      }
      method.factors.push_back(std::move(factor));
    }
    ids.add(reader, method.id, method.where);
    out.methods.push_back(std::move(method));
  }
}

template <class Node>
void read_providers(ProblemReader<Node>& reader, const Node& root, lca::Problem& out) {
  const Node providers = reader.object(root, "providers", "");
  if (!providers) return;
  for (const auto& entry : providers) {
    const std::string flow = key_text(entry.first);
    const std::string path = child("providers", flow);
    if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
      reader.error(ErrorCode::parse_bad_value, path + " must be a process id",
                   reader.at(entry.second, path));
      continue;
    }
    if (!out.default_providers.emplace(flow, entry.second.Scalar()).second) {
      reader.error(ErrorCode::parse_bad_value,
                   "field '" + flow +
                       "' appears more than once in "
                       "providers",
                   reader.at(entry.first, path));
    }
  }
}

template <class Node>
void read_demand(ProblemReader<Node>& reader, const Node& root, lca::Problem& out) {
  std::size_t index = 0;
  for (const auto& entry : reader.list(root, "demand", "", false)) {
    const Node node = entry;
    const std::string path = item("demand", index++);
    if (!reader.expect_map(node, path, "a map {\"flow\": id, \"amount\": number}")) continue;
    reader.check_keys(node, path, {"flow", "amount", "provider"});
    lca::Demand demand;
    demand.flow = reader.name(node, "flow", path, true).value_or("");
    demand.amount = reader.number(node, "amount", path, true).value_or(0.0);
    demand.provider = reader.name(node, "provider", path, false).value_or("");
    out.demand.push_back(std::move(demand));
  }
}

template <class Node>
void read_root(ProblemReader<Node>& reader, const Node& root, lca::Problem& out) {
  if (!root || !root.IsMap()) {
    reader.error(ErrorCode::parse_syntax,
                 "a life-cycle problem file is a JSON object with flows, processes, methods "
                 "and demand (docs/formats/lca-problem.md)",
                 reader.at(root, ""));
    return;
  }
  reader.check_keys(root, "",
                    {"carbonledger", "name", "description", "flows", "processes", "methods",
                     "providers", "demand"});
  if (auto marker = reader.text(root, "carbonledger", "", false);
      marker && *marker != kFormatMarker) {
    reader.error(
        ErrorCode::parse_bad_value,
        "carbonledger must be \"" + std::string(kFormatMarker) + "\", got '" + *marker + "'",
        reader.at(root["carbonledger"], "carbonledger"));
  }
  out.name = reader.text(root, "name", "", false).value_or("");
  reader.text(root, "description", "", false);
  read_flows(reader, root, out);
  read_processes(reader, root, out);
  read_methods(reader, root, out);
  read_providers(reader, root, out);
  read_demand(reader, root, out);
}

/// Reads with `doc` from `root`; a structural surprise becomes one diagnostic with its line.
template <class Node>
void read_document(BasicDocReader<Node>& doc, const Node& root, lca::Problem& out) {
  ProblemReader<Node> reader(doc);
  try {
    read_root(reader, root, out);
  } catch (const YAML::Exception& error) {
    doc.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
              {.file = doc.file(), .row = error.mark.line + 1});
  } catch (const DocError& error) {
    doc.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
              {.file = doc.file(), .row = error.line + 1});
  }
}

}  // namespace

Result<lca::Problem> parse_lca_problem(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics) {
  const std::size_t errors_before = diagnostics.error_count();
  lca::Problem problem;
  // simdjson for speed; what it rejects goes to yaml-cpp, whose message names the line and
  // column of a syntax error (and which also reads the same structure written as YAML).
  if (auto document = DocDocument::parse_json(text)) {
    DocReader doc(file, diagnostics);
    read_document(doc, document->root(), problem);
  } else {
    YamlReader doc(file, diagnostics);
    auto root = doc.parse(text);
    if (root) {
      read_document(doc, *root, problem);
    } else {
      diagnostics.add(root.error());
    }
  }
  const std::size_t errors = diagnostics.error_count() - errors_before;
  if (errors == 0) return problem;
  std::size_t seen = 0;
  for (const auto& diagnostic : diagnostics.items()) {
    if (diagnostic.severity != Severity::error || seen++ < errors_before) continue;
    Error first{diagnostic.code, diagnostic.message, diagnostic.where, {}};
    first.add_context("while reading " + file + " (" + std::to_string(errors) + " problem" +
                      (errors == 1 ? "" : "s") + ")");
    return tl::unexpected(std::move(first));
  }
  return fail(ErrorCode::internal, "errors counted but not found", {.file = file});
}

Result<lca::Problem> read_lca_problem(const std::string& path, Diagnostics& diagnostics) {
  auto text = read_file(path);
  if (!text) {
    diagnostics.add(text.error());
    return tl::unexpected(text.error());
  }
  return parse_lca_problem(*text, path, diagnostics);
}

}  // namespace cl::io
