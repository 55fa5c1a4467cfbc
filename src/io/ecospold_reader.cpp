// EcoSpold 2 → lca::Problem (ecospold_reader.hpp). Elements are matched by local name, so
// prefixed documents (`<eco:ecoSpold>`) read like plain ones. Two passes: the datasets are read
// into plain records, then process ids are chosen (the activity id, or "<activity>_<product>"
// when ecoinvent repeats an activity for each of its products) and providers are resolved.
#include "io/ecospold_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "core/units/unit.hpp"

namespace cl::io {
namespace {

std::string_view local_name(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon == nullptr ? std::string_view(name) : std::string_view(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (auto item : node.children()) {
    if (item.type() == pugi::node_element && local_name(item.name()) == name) return item;
  }
  return {};
}

std::string child_text(pugi::xml_node node, std::string_view name) {
  return child(node, name).text().as_string();
}

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '+')) text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

struct RawExchange {
  bool elementary = false;
  std::string flow;
  std::string name;
  std::string unit;
  std::string category;
  double amount = 0.0;
  bool input = false;
  int group = -1;
  std::string activity_link;
  lca::Distribution uncertainty;
  std::string field;
};

struct RawDataset {
  std::string file;  ///< "<package>:<entry>"
  std::string activity;
  std::string name;
  std::string product;  ///< reference product's intermediateExchangeId
  bool waste = false;   ///< negative reference amount: a treatment
  std::vector<RawExchange> exchanges;
};

lca::Distribution read_uncertainty(pugi::xml_node exchange) {
  lca::Distribution out;
  const auto uncertainty = child(exchange, "uncertainty");
  if (!uncertainty) return out;
  auto variance_of = [](pugi::xml_node node) {
    const auto with = node.attribute("varianceWithPedigreeUncertainty");
    return parse_number(with ? with.as_string() : node.attribute("variance").as_string());
  };
  if (const auto node = child(uncertainty, "lognormal")) {
    if (auto variance = variance_of(node); variance && *variance >= 0.0) {
      out.kind = lca::DistributionKind::lognormal;
      out.gsd = std::exp(std::sqrt(*variance));
    }
  } else if (const auto normal = child(uncertainty, "normal")) {
    if (auto variance = variance_of(normal); variance && *variance >= 0.0) {
      out.kind = lca::DistributionKind::normal;
      out.sd = std::sqrt(*variance);
    }
  } else if (const auto triangular = child(uncertainty, "triangular")) {
    out.kind = lca::DistributionKind::triangular;
    out.min = parse_number(triangular.attribute("minValue").as_string()).value_or(0.0);
    out.mode = parse_number(triangular.attribute("mostLikelyValue").as_string()).value_or(0.0);
    out.max = parse_number(triangular.attribute("maxValue").as_string()).value_or(0.0);
  } else if (const auto uniform = child(uncertainty, "uniform")) {
    out.kind = lca::DistributionKind::uniform;
    out.min = parse_number(uniform.attribute("minValue").as_string()).value_or(0.0);
    out.max = parse_number(uniform.attribute("maxValue").as_string()).value_or(0.0);
  }
  return out;
}

class EcospoldImport {
 public:
  EcospoldImport(Package& package, Diagnostics& diagnostics)
      : package_(package), diagnostics_(diagnostics) {}
  Result<lca::Problem> run();

 private:
  void error(ErrorCode code, const std::string& file, std::string field, std::string message,
             std::string record = {}) {
    diagnostics_.error(
        code, std::move(message),
        {.file = file, .row = 0, .field = std::move(field), .record = std::move(record)});
  }
  void read_dataset(const std::string& name);
  void build();

  Package& package_;
  Diagnostics& diagnostics_;
  std::vector<RawDataset> datasets_;
  lca::Problem problem_;
};

void EcospoldImport::read_dataset(const std::string& name) {
  auto text = package_.read(name);
  if (!text) {
    diagnostics_.add(text.error());
    return;
  }
  const std::string file = package_.where(name);
  pugi::xml_document document;
  const auto parsed = document.load_buffer_inplace(text->data(), text->size());
  if (!parsed) {
    error(ErrorCode::parse_syntax, file, "",
          std::string("not well-formed XML: ") + parsed.description() + " at byte " +
              std::to_string(parsed.offset) + "; the file is damaged: export it again");
    return;
  }
  const auto root = document.document_element();
  auto dataset = child(root, "activityDataset");
  if (!dataset) dataset = child(root, "childActivityDataset");
  if (local_name(root.name()) != "ecoSpold" || !dataset) {
    error(ErrorCode::parse_missing_field, file, "ecoSpold/activityDataset",
          "not an EcoSpold 2 activity dataset: expected <ecoSpold> with <activityDataset>");
    return;
  }
  RawDataset out;
  out.file = file;
  const auto activity = child(child(dataset, "activityDescription"), "activity");
  out.activity = activity.attribute("id").as_string();
  out.name = child_text(activity, "activityName");
  if (out.activity.empty()) {
    error(ErrorCode::parse_missing_field, file, "activityDescription/activity/@id",
          "the dataset has no activity id");
    return;
  }
  if (out.name.empty()) out.name = out.activity;
  const auto flow_data = child(dataset, "flowData");
  std::size_t index = 0;
  bool failed = false;
  for (auto node : flow_data.children()) {
    if (node.type() != pugi::node_element) continue;
    const auto kind = local_name(node.name());
    if (kind != "intermediateExchange" && kind != "elementaryExchange") continue;
    RawExchange exchange;
    exchange.elementary = kind == "elementaryExchange";
    exchange.field = "flowData/" + std::string(kind) + "[" + std::to_string(++index) + "]";
    exchange.flow =
        node.attribute(exchange.elementary ? "elementaryExchangeId" : "intermediateExchangeId")
            .as_string();
    exchange.name = child_text(node, "name");
    exchange.unit = child_text(node, "unitName");
    const auto amount = parse_number(node.attribute("amount").as_string());
    if (exchange.flow.empty() || !amount || exchange.unit.empty()) {
      error(ErrorCode::parse_missing_field, file,
            exchange.field +
                (exchange.flow.empty()
                     ? (exchange.elementary ? "/@elementaryExchangeId" : "/@intermediateExchangeId")
                 : !amount ? "/@amount"
                           : "/unitName"),
            "each exchange needs its flow id, a numeric amount and a unitName", out.activity);
      failed = true;
      continue;
    }
    exchange.amount = *amount;
    const auto input_group = child(node, "inputGroup");
    const auto output_group = child(node, "outputGroup");
    if (!input_group && !output_group) {
      error(ErrorCode::parse_missing_field, file, exchange.field + "/outputGroup",
            "the exchange has neither <inputGroup> nor <outputGroup>", out.activity);
      failed = true;
      continue;
    }
    exchange.input = static_cast<bool>(input_group);
    exchange.group = (input_group ? input_group : output_group).text().as_int(-1);
    if (exchange.elementary) {
      const auto compartment = child(node, "compartment");
      exchange.category = child_text(compartment, "compartment");
      const auto sub = child_text(compartment, "subcompartment");
      if (!sub.empty()) exchange.category += "/" + sub;
    } else {
      exchange.activity_link = node.attribute("activityLinkId").as_string();
      if (!exchange.input && exchange.group == 0 && exchange.amount != 0.0 && out.product.empty()) {
        out.product = exchange.flow;
        out.waste = exchange.amount < 0.0;
      }
    }
    exchange.uncertainty = read_uncertainty(node);
    out.exchanges.push_back(std::move(exchange));
  }
  if (failed) return;
  if (out.product.empty()) {
    error(ErrorCode::lca_reference, file, "flowData/intermediateExchange/outputGroup",
          "the dataset has no reference product: no <intermediateExchange> with <outputGroup>0"
          "</outputGroup> and a non-zero amount; mark the product the activity makes",
          out.activity);
    return;
  }
  datasets_.push_back(std::move(out));
}

void EcospoldImport::build() {
  // Process ids: the activity id, unless several datasets share it.
  std::map<std::string, int> activity_count;
  for (const auto& dataset : datasets_) ++activity_count[dataset.activity];
  std::map<std::pair<std::string, std::string>, std::string> by_key;  // (activity, product) → id
  std::map<std::string, std::string> by_activity;
  std::set<std::string> waste_flows;
  for (const auto& dataset : datasets_) {
    const std::string id = activity_count[dataset.activity] > 1
                               ? dataset.activity + "_" + dataset.product
                               : dataset.activity;
    by_key[{dataset.activity, dataset.product}] = id;
    by_activity.emplace(dataset.activity, id);
    if (dataset.waste) waste_flows.insert(dataset.product);
  }
  std::map<std::string, std::size_t> flow_index;
  for (const auto& dataset : datasets_) {
    lca::Process process;
    process.id = by_key[{dataset.activity, dataset.product}];
    process.name = dataset.name;
    process.reference = dataset.product;
    process.where = {.file = dataset.file, .row = 0, .field = "", .record = process.id};
    for (const auto& raw : dataset.exchanges) {
      const bool waste = !raw.elementary && waste_flows.count(raw.flow) > 0;
      auto found = flow_index.find(raw.flow);
      if (found == flow_index.end()) {
        lca::Flow flow;
        flow.id = raw.flow;
        flow.name = raw.name.empty() ? raw.flow : raw.name;
        flow.kind = raw.elementary ? lca::FlowKind::elementary
                                   : (waste ? lca::FlowKind::waste : lca::FlowKind::product);
        flow.unit = raw.unit;
        flow.category = raw.category;
        flow.where = {.file = dataset.file, .row = 0, .field = raw.field, .record = raw.flow};
        found = flow_index.emplace(raw.flow, problem_.flows.size()).first;
        problem_.flows.push_back(std::move(flow));
      }
      const auto& flow = problem_.flows[found->second];
      if ((flow.kind == lca::FlowKind::elementary) != raw.elementary) {
        error(ErrorCode::parse_bad_value, dataset.file, raw.field,
              "flow '" + raw.flow +
                  "' is an elementary exchange in one dataset and an "
                  "intermediate one in another",
              process.id);
        continue;
      }
      lca::Exchange exchange;
      exchange.flow = raw.flow;
      exchange.amount = raw.amount;
      exchange.direction = raw.input ? lca::Direction::input : lca::Direction::output;
      exchange.uncertainty = raw.uncertainty;
      if (raw.unit != flow.unit) exchange.unit = raw.unit;
      if (waste) {
        // ecoinvent writes waste as negative product amounts: a treatment's reference output of
        // −1 kg is a treated input of 1 kg; a producer's input of −2 kg an output of 2 kg.
        exchange.amount = -exchange.amount;
        exchange.direction = raw.input ? lca::Direction::output : lca::Direction::input;
        std::swap(exchange.uncertainty.min, exchange.uncertainty.max);
        exchange.uncertainty.min = -exchange.uncertainty.min;
        exchange.uncertainty.max = -exchange.uncertainty.max;
        exchange.uncertainty.mode = -exchange.uncertainty.mode;
      }
      exchange.where = {.file = dataset.file, .row = 0, .field = raw.field, .record = process.id};
      if (!raw.activity_link.empty()) {
        auto provider = by_key.find({raw.activity_link, raw.flow});
        if (provider != by_key.end()) {
          exchange.provider = provider->second;
        } else if (auto any = by_activity.find(raw.activity_link);
                   any != by_activity.end() && activity_count[raw.activity_link] == 1) {
          exchange.provider = any->second;
        } else {
          diagnostics_.warning(ErrorCode::lca_unknown_process,
                               "activityLinkId '" + raw.activity_link +
                                   "' names no dataset of the package; the exchange is linked "
                                   "to the flow's only provider instead",
                               {.file = dataset.file,
                                .row = 0,
                                .field = raw.field + "/@activityLinkId",
                                .record = process.id});
        }
      }
      process.exchanges.push_back(std::move(exchange));
    }
    problem_.processes.push_back(std::move(process));
  }
}

Result<lca::Problem> EcospoldImport::run() {
  const std::size_t errors_before = diagnostics_.error_count();
  problem_.name = package_.path();
  std::size_t files = 0;
  for (const auto& name : package_.names()) {
    if (name.size() < 6 || name.compare(name.size() - 6, 6, ".spold") != 0) continue;
    ++files;
    read_dataset(name);
  }
  if (files == 0) {
    return fail(ErrorCode::parse_missing_field,
                package_.path() + " has no .spold files (EcoSpold 2 activity datasets)",
                {.file = package_.path(), .row = 0, .field = "*.spold", .record = ""});
  }
  build();
  const std::size_t errors = diagnostics_.error_count() - errors_before;
  if (errors > 0) {
    for (const auto& item : diagnostics_.items()) {
      if (item.severity != Severity::error) continue;
      Error first{item.code, item.message, item.where, {}};
      first.add_context(std::to_string(errors) + " problem(s) in " + package_.path() +
                        "; nothing was imported");
      return tl::unexpected(first);
    }
  }
  return std::move(problem_);
}

/// A single .spold file as a package of one entry.
class SingleFile : public Package {
 public:
  explicit SingleFile(std::string path) : path_(std::move(path)) {
    const auto slash = path_.find_last_of('/');
    names_.push_back(slash == std::string::npos ? path_ : path_.substr(slash + 1));
  }
  const std::vector<std::string>& names() const override { return names_; }
  const std::string& path() const override { return path_; }
  std::string where(std::string_view) const override { return path_; }
  Result<std::string> read(const std::string&, std::size_t) override {
    std::string text;
    FILE* file = std::fopen(path_.c_str(), "rb");
    if (file == nullptr) {
      return fail(ErrorCode::io_not_found, "file not found: " + path_, {.file = path_});
    }
    char buffer[65536];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
    std::fclose(file);
    return text;
  }

 private:
  std::string path_;
  std::vector<std::string> names_;
};

}  // namespace

bool is_ecospold_package(const Package& package) {
  for (const auto& name : package.names()) {
    if (name.size() >= 6 && name.compare(name.size() - 6, 6, ".spold") == 0) return true;
  }
  return false;
}

Result<lca::Problem> read_ecospold_package(Package& package, Diagnostics& diagnostics) {
  return EcospoldImport(package, diagnostics).run();
}

Result<lca::Problem> read_ecospold(const std::string& path, Diagnostics& diagnostics) {
  if (path.size() >= 6 && path.compare(path.size() - 6, 6, ".spold") == 0) {
    SingleFile file(path);
    return read_ecospold_package(file, diagnostics);
  }
  auto package = open_package(path);
  if (!package) return tl::unexpected(package.error());
  return read_ecospold_package(**package, diagnostics);
}

Result<std::size_t> merge_methods(lca::Problem& problem, const lca::Problem& methods,
                                  Diagnostics& diagnostics) {
  std::map<std::string, const lca::Flow*> ours;
  for (const auto& flow : problem.flows) ours.emplace(flow.id, &flow);
  std::map<std::string, const lca::Flow*> theirs;
  for (const auto& flow : methods.flows) theirs.emplace(flow.id, &flow);
  std::size_t kept = 0;
  for (const auto& method : methods.methods) {
    lca::Method out = method;
    out.factors.clear();
    for (const auto& factor : method.factors) {
      const auto flow = ours.find(factor.flow);
      if (flow == ours.end()) continue;
      lca::CharacterizationFactor converted = factor;
      const auto source = theirs.find(factor.flow);
      if (source != theirs.end() && source->second->unit != flow->second->unit) {
        // value per source unit → per our unit: value × (source units in one of ours).
        auto from = units::find_unit(flow->second->unit, method.where);
        auto to = units::find_unit(source->second->unit, method.where);
        auto one = (from && to) ? units::convert(1.0, *from, *to, method.where)
                                : Result<double>(tl::unexpected(from ? to.error() : from.error()));
        if (!one) {
          diagnostics.error(ErrorCode::unit_mismatch,
                            "the method gives flow '" + factor.flow + "' per " +
                                source->second->unit + " but the datasets measure it in " +
                                flow->second->unit + ", which cannot be converted",
                            method.where);
          continue;
        }
        converted.value = factor.value * *one;
      }
      out.factors.push_back(std::move(converted));
      ++kept;
    }
    problem.methods.push_back(std::move(out));
  }
  if (diagnostics.has_errors()) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error)
        return tl::unexpected(Error{item.code, item.message, item.where, {}});
    }
  }
  return kept;
}

}  // namespace cl::io
