#include "core/cbam/compute.hpp"

#include <cmath>
#include <map>
#include <set>

namespace cl::cbam {
namespace {

constexpr double kShareTolerance = 1e-9;

std::string percent(double fraction) {
  const double value = std::round(fraction * 1000.0) / 10.0;
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + " %";
}

std::string number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

bool is_upper_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '9');
}

void validate_installation(const Installation& installation, Diagnostics& out) {
  const RecordRef& where = installation.where;
  if (installation.country.size() != 2) {
    out.error(ErrorCode::parse_bad_value,
              "installation country '" + installation.country +
                  "' must be a two-letter ISO 3166 code such as TW",
              where);
  }
  const std::string& code = installation.unlocode;
  bool is_code = code.size() == 5;
  for (const char c : code) is_code = is_code && is_upper_alnum(c);
  if (!is_code) {
    out.error(ErrorCode::parse_bad_value,
              "installation UN/LOCODE '" + code +
                  "' must be 5 characters: the country (TW) and a 3-character location (KHH), "
                  "e.g. TWKHH; look it up in the UNECE UN/LOCODE list",
              where);
  } else if (code.substr(0, 2) != installation.country) {
    out.warning(ErrorCode::parse_bad_value,
                "installation UN/LOCODE " + code + " is not in the installation's country " +
                    installation.country,
                where);
  }
  if (!(installation.latitude >= -90 && installation.latitude <= 90) ||
      !(installation.longitude >= -180 && installation.longitude <= 180)) {
    out.error(ErrorCode::parse_bad_value,
              "installation coordinates " + number(installation.latitude) + ", " +
                  number(installation.longitude) +
                  " are outside −90…90 (latitude) and −180…180 (longitude); give decimal "
                  "degrees of the main emission source",
              where);
  }
}

std::map<std::string, std::size_t> index_sources(const Communication& c, Diagnostics& out) {
  std::map<std::string, std::size_t> ids;
  for (std::size_t idx = 0; idx < c.sources.size(); ++idx) {
    const auto& source = c.sources[idx];
    if (!ids.emplace(source.id, idx).second) {
      out.error(ErrorCode::parse_bad_value, "source id '" + source.id + "' appears twice",
                source.where);
    }
    if (source.direct_t < 0 || source.electricity_mwh < 0 || source.electricity_factor < 0) {
      out.error(
          ErrorCode::parse_bad_value,
          "source " + source.id + ": emissions, electricity and its factor must not be negative",
          source.where);
    }
  }
  return ids;
}

void validate_goods(const Process& process, const GoodsCatalogue& catalogue, Diagnostics& out) {
  double production = 0.0;
  std::set<std::string> categories;
  for (const auto& good : process.goods) {
    const GoodsEntry* entry = catalogue.find(good.cn_code);
    if (entry == nullptr) {
      out.error(ErrorCode::cbam_not_cbam_good,
                "CN code " + format_cn(good.cn_code) +
                    " is not a CBAM good: no code of Annex I of Regulation (EU) 2023/956 "
                    "(data/cbam/goods.yaml) begins it; check the 8-digit code with the EU "
                    "importer, or leave this good out of the communication",
                good.where);
    } else {
      categories.insert(entry->category);
      if (!entry->routes.empty() && !process.route.empty()) {
        bool is_known = false;
        for (const auto& route : entry->routes) is_known = is_known || route == process.route;
        if (!is_known) {
          out.warning(ErrorCode::parse_bad_value,
                      "process " + process.id + ": route '" + process.route +
                          "' is not one listed for " + entry->category,
                      process.where);
        }
      }
    }
    if (good.tonnes < 0) {
      out.error(ErrorCode::cbam_production,
                "good " + format_cn(good.cn_code) + " of process " + process.id +
                    " has negative production " + number(good.tonnes) + " t",
                good.where);
    }
    production += good.tonnes;
  }
  if (process.goods.empty() || production <= 0) {
    out.error(ErrorCode::cbam_production,
              "process " + process.id +
                  " produced no goods over the period (0 t): specific embedded emissions are "
                  "emissions per tonne produced, so give each good's production in tonnes, or "
                  "remove the process",
              process.where);
  }
  if (categories.size() > 1) {
    out.warning(ErrorCode::parse_bad_value,
                "process " + process.id +
                    " makes goods of more than one aggregated goods category; the template "
                    "expects one category per production process",
                process.where);
  }
}

void validate_precursor(const Precursor& precursor, const Communication& c,
                        const GoodsCatalogue& catalogue, const DefaultTable& defaults,
                        Diagnostics& out) {
  if (catalogue.find(precursor.cn_code) == nullptr) {
    out.error(ErrorCode::cbam_not_cbam_good,
              "precursor " + precursor.id + ": CN code " + format_cn(precursor.cn_code) +
                  " is not a CBAM good, so it is not a relevant precursor; inputs that are not "
                  "CBAM goods count only through the process's own emissions",
              precursor.where);
  }
  if (precursor.origin == PrecursorOrigin::own) {
    bool is_known = false;
    for (const auto& process : c.processes) is_known = is_known || process.id == precursor.process;
    if (!is_known) {
      out.error(ErrorCode::cbam_unknown_reference,
                "own precursor " + precursor.id + " names process '" + precursor.process +
                    "', which is not among the processes",
                precursor.where);
    }
    return;
  }
  if ((precursor.see_direct && *precursor.see_direct < 0) ||
      (precursor.see_indirect && *precursor.see_indirect < 0)) {
    out.error(ErrorCode::parse_bad_value,
              "precursor " + precursor.id + ": specific embedded emissions must not be negative",
              precursor.where);
  }
  if (!precursor.see_direct && precursor.see_indirect) {
    out.error(ErrorCode::cbam_precursor_data,
              "purchased precursor " + precursor.id +
                  " gives indirect but not direct specific embedded emissions; give both from "
                  "the supplier's communication, or neither to use the default value",
              precursor.where);
  } else if (!precursor.see_direct && defaults.find(precursor.cn_code, precursor.country,
                                                    c.period.default_year()) == nullptr) {
    out.error(ErrorCode::cbam_precursor_data,
              "purchased precursor " + precursor.id + " (CN " + format_cn(precursor.cn_code) +
                  ", from " +
                  (precursor.country.empty() ? "an unknown country" : precursor.country) +
                  ") has no supplier data and no default value for " +
                  std::to_string(c.period.default_year()) +
                  " in data/cbam/default-values.yaml; ask the supplier for its specific embedded "
                  "emissions (see_direct, see_indirect) or add the published default with its "
                  "source",
              precursor.where);
  } else if (precursor.see_direct && !precursor.see_indirect) {
    out.warning(ErrorCode::cbam_precursor_data,
                "purchased precursor " + precursor.id +
                    " gives no indirect specific embedded emissions; counted as 0",
                precursor.where);
  }
}

void validate_process_links(const Communication& c,
                            const std::map<std::string, std::size_t>& sources, Diagnostics& out) {
  std::map<std::string, double> share_of_source;
  std::map<std::string, std::size_t> precursor_ids;
  for (std::size_t idx = 0; idx < c.precursors.size(); ++idx) {
    if (!precursor_ids.emplace(c.precursors[idx].id, idx).second) {
      out.error(ErrorCode::parse_bad_value,
                "precursor id '" + c.precursors[idx].id + "' appears twice",
                c.precursors[idx].where);
    }
  }
  std::set<std::string> used;
  for (const auto& process : c.processes) {
    for (const auto& attribution : process.attributions) {
      if (!sources.contains(attribution.source)) {
        out.error(ErrorCode::cbam_unknown_reference,
                  "process " + process.id + " takes a share of source '" + attribution.source +
                      "', which is not among the sources",
                  attribution.where);
      }
      if (!(attribution.share >= 0 && attribution.share <= 1)) {
        out.error(ErrorCode::cbam_attribution,
                  "process " + process.id + ": share " + number(attribution.share) + " of source " +
                      attribution.source + " must be a fraction from 0 to 1 (0.25 = 25 %)",
                  attribution.where);
      }
      share_of_source[attribution.source] += attribution.share;
    }
    for (const auto& use : process.precursors) {
      used.insert(use.precursor);
      const auto found = precursor_ids.find(use.precursor);
      if (found == precursor_ids.end()) {
        out.error(ErrorCode::cbam_unknown_reference,
                  "process " + process.id + " consumes precursor '" + use.precursor +
                      "', which is not among the precursors",
                  use.where);
      } else if (c.precursors[found->second].origin == PrecursorOrigin::own &&
                 c.precursors[found->second].process == process.id) {
        out.error(ErrorCode::cbam_precursor_cycle,
                  "process " + process.id + " consumes its own product " + use.precursor +
                      " as a precursor; leave internal returns out",
                  use.where);
      }
      if (!(use.tonnes >= 0)) {
        out.error(ErrorCode::parse_bad_value,
                  "process " + process.id + ": precursor " + use.precursor +
                      " consumption must not be negative",
                  use.where);
      }
    }
  }
  for (const auto& [source, total] : share_of_source) {
    if (total > 1 + kShareTolerance) {
      const auto found = sources.find(source);
      out.error(ErrorCode::cbam_attribution,
                "the processes take " + percent(total) + " of source " + source +
                    "; a source's shares must add up to 100 % or less",
                found == sources.end() ? RecordRef{} : c.sources[found->second].where);
    }
  }
  for (const auto& precursor : c.precursors) {
    if (!used.contains(precursor.id)) {
      out.warning(ErrorCode::cbam_unknown_reference,
                  "precursor " + precursor.id + " is consumed by no process", precursor.where);
    }
  }
}

void validate_prices(const Communication& c, Diagnostics& out) {
  for (const auto& price : c.carbon_prices) {
    if (price.amount < 0 || price.rebate < 0 || price.covered_emissions_t < 0) {
      out.error(ErrorCode::parse_bad_value,
                "carbon price '" + price.instrument +
                    "': amount, rebate and covered emissions must not be negative",
                price.where);
    } else if (price.rebate > price.amount) {
      out.error(ErrorCode::parse_bad_value,
                "carbon price '" + price.instrument + "': the rebate " + number(price.rebate) +
                    " is larger than the amount paid " + number(price.amount),
                price.where);
    }
  }
}

ResolvedPrecursor resolve_purchased(std::size_t idx, const Precursor& precursor,
                                    const DefaultTable& defaults, int year) {
  ResolvedPrecursor out;
  out.precursor = idx;
  if (precursor.see_direct) {
    out.see_direct = *precursor.see_direct;
    out.see_indirect = precursor.see_indirect.value_or(0.0);
    return out;
  }
  const DefaultValue* value = defaults.find(precursor.cn_code, precursor.country, year);
  if (value == nullptr) return out;  // validate() reported it
  const MarkUp* markup = defaults.markup_for(year);
  out.kind = DataKind::default_value;
  out.base_direct = value->direct;
  out.base_indirect = value->indirect.value_or(0.0);
  out.markup = markup == nullptr ? 0.0 : markup->fraction;
  out.see_direct = out.base_direct * (1 + out.markup);
  out.see_indirect = out.base_indirect * (1 + out.markup);
  out.default_source = value->source;
  if (markup != nullptr) out.markup_source = markup->source;
  return out;
}

/// Processes in an order where every own precursor's process comes before its consumers.
Result<std::vector<std::size_t>> precursor_order(const Communication& c) {
  std::map<std::string, std::size_t> process_ids;
  for (std::size_t idx = 0; idx < c.processes.size(); ++idx) process_ids[c.processes[idx].id] = idx;
  std::map<std::string, std::size_t> precursor_ids;
  for (std::size_t idx = 0; idx < c.precursors.size(); ++idx) {
    precursor_ids[c.precursors[idx].id] = idx;
  }
  std::vector<int> state(c.processes.size(), 0);  // 0 new, 1 on the path, 2 done
  std::vector<std::size_t> order;
  std::vector<std::size_t> path;
  std::optional<Error> loop;
  auto visit = [&](auto& self, std::size_t idx) -> void {
    if (loop || state[idx] == 2) return;
    if (state[idx] == 1) {
      std::string names;
      for (const std::size_t step : path) names += c.processes[step].id + " → ";
      loop = Error{ErrorCode::cbam_precursor_cycle,
                   "own precursors go round in a loop: " + names + c.processes[idx].id +
                       "; one of these processes must use a purchased precursor or none",
                   c.processes[idx].where,
                   {}};
      return;
    }
    state[idx] = 1;
    path.push_back(idx);
    for (const auto& use : c.processes[idx].precursors) {
      const auto precursor = precursor_ids.find(use.precursor);
      if (precursor == precursor_ids.end()) continue;
      const auto& item = c.precursors[precursor->second];
      if (item.origin != PrecursorOrigin::own) continue;
      const auto producer = process_ids.find(item.process);
      if (producer != process_ids.end()) self(self, producer->second);
    }
    path.pop_back();
    state[idx] = 2;
    order.push_back(idx);
  };
  for (std::size_t idx = 0; idx < c.processes.size(); ++idx) visit(visit, idx);
  if (loop) return tl::unexpected(*loop);
  return order;
}

ProcessResult compute_process(std::size_t idx, const Communication& c,
                              const GoodsCatalogue& catalogue,
                              const std::map<std::string, std::size_t>& sources,
                              std::vector<ResolvedPrecursor>& resolved,
                              const std::vector<ProcessResult>& done) {
  const Process& process = c.processes[idx];
  ProcessResult out;
  out.process = idx;
  if (!process.goods.empty()) {
    if (const GoodsEntry* entry = catalogue.find(process.goods.front().cn_code)) {
      out.category = entry->category;
      out.is_direct_only = entry->is_direct_only;
    }
  }
  for (const auto& good : process.goods) out.production_t += good.tonnes;
  for (const auto& attribution : process.attributions) {
    const auto& source = c.sources[sources.at(attribution.source)];
    out.attributed_direct_t += attribution.share * source.direct_t;
    out.electricity_mwh += attribution.share * source.electricity_mwh;
    out.attributed_indirect_t += attribution.share * source.indirect_t();
  }
  if (out.electricity_mwh > 0)
    out.electricity_factor = out.attributed_indirect_t / out.electricity_mwh;
  double from_defaults = 0.0;
  for (const auto& use : process.precursors) {
    std::size_t precursor = 0;
    while (c.precursors[precursor].id != use.precursor) ++precursor;
    const Precursor& item = c.precursors[precursor];
    ResolvedPrecursor& see = resolved[precursor];
    double default_share = see.kind == DataKind::default_value ? 1.0 : 0.0;
    if (item.origin == PrecursorOrigin::own) {
      for (const auto& producer : done) {
        if (c.processes[producer.process].id != item.process) continue;
        see.see_direct = producer.see_direct;
        see.see_indirect = producer.see_indirect;
        default_share = producer.default_share;
      }
    }
    PrecursorLine line{precursor, use.tonnes, use.tonnes * see.see_direct,
                       use.tonnes * see.see_indirect};
    out.precursor_direct_t += line.direct_t;
    out.precursor_indirect_t += line.indirect_t;
    from_defaults += default_share * (line.direct_t + line.indirect_t);
    out.precursors.push_back(line);
  }
  out.see_direct = out.embedded_direct_t() / out.production_t;
  out.see_indirect = out.embedded_indirect_t() / out.production_t;
  const double embedded = out.embedded_direct_t() + out.embedded_indirect_t();
  out.default_share = embedded > 0 ? from_defaults / embedded : 0.0;
  return out;
}

}  // namespace

std::string_view data_kind_id(DataKind kind) {
  return kind == DataKind::actual ? "actual" : "default";
}

Diagnostics validate(const Communication& communication, const GoodsCatalogue& catalogue,
                     const DefaultTable& defaults) {
  Diagnostics out;
  validate_installation(communication.installation, out);
  if (communication.period.year <= 0) {
    out.error(ErrorCode::parse_bad_value, "the reporting period has no year", {});
  }
  const auto sources = index_sources(communication, out);
  std::set<std::string> process_ids;
  for (const auto& process : communication.processes) {
    if (!process_ids.insert(process.id).second) {
      out.error(ErrorCode::parse_bad_value, "process id '" + process.id + "' appears twice",
                process.where);
    }
    validate_goods(process, catalogue, out);
  }
  if (communication.processes.empty()) {
    out.error(ErrorCode::cbam_production,
              "the communication has no production process; add the process that makes the "
              "goods exported to the EU",
              {});
  }
  for (const auto& precursor : communication.precursors) {
    validate_precursor(precursor, communication, catalogue, defaults, out);
  }
  validate_process_links(communication, sources, out);
  validate_prices(communication, out);
  return out;
}

Result<CommunicationResult> compute(const Communication& communication,
                                    const GoodsCatalogue& catalogue, const DefaultTable& defaults,
                                    Diagnostics& diagnostics) {
  const Diagnostics found = validate(communication, catalogue, defaults);
  diagnostics.append(found);
  for (const auto& item : found.items()) {
    if (item.severity == Severity::error) {
      Error first{item.code, item.message, item.where, {}};
      first.add_context("while checking the communication (" + std::to_string(found.error_count()) +
                        " problem(s))");
      return tl::unexpected(std::move(first));
    }
  }
  auto order = precursor_order(communication);
  if (!order) {
    diagnostics.add(order.error());
    return tl::unexpected(order.error());
  }
  std::map<std::string, std::size_t> sources;
  for (std::size_t idx = 0; idx < communication.sources.size(); ++idx) {
    sources[communication.sources[idx].id] = idx;
  }
  CommunicationResult out;
  out.diagnostics = found;
  for (std::size_t idx = 0; idx < communication.precursors.size(); ++idx) {
    const auto& precursor = communication.precursors[idx];
    if (precursor.origin == PrecursorOrigin::purchased) {
      out.precursors.push_back(
          resolve_purchased(idx, precursor, defaults, communication.period.default_year()));
    } else {
      out.precursors.push_back(ResolvedPrecursor{.precursor = idx});
    }
  }
  std::vector<ProcessResult> done;
  for (const std::size_t idx : *order) {
    done.push_back(compute_process(idx, communication, catalogue, sources, out.precursors, done));
  }
  out.processes.resize(communication.processes.size());
  for (auto& result : done) out.processes[result.process] = std::move(result);
  for (const auto& source : communication.sources) {
    out.installation_direct_t += source.direct_t;
    out.installation_indirect_t += source.indirect_t();
  }
  double attributed_direct = 0.0, attributed_indirect = 0.0;
  for (const auto& process : out.processes) {
    attributed_direct += process.attributed_direct_t;
    attributed_indirect += process.attributed_indirect_t;
  }
  out.unattributed_direct_t = out.installation_direct_t - attributed_direct;
  out.unattributed_indirect_t = out.installation_indirect_t - attributed_indirect;
  for (std::size_t idx = 0; idx < communication.carbon_prices.size(); ++idx) {
    const auto& price = communication.carbon_prices[idx];
    const double net = price.amount - price.rebate;
    out.carbon_prices.push_back(
        {idx, net, price.covered_emissions_t > 0 ? net / price.covered_emissions_t : 0.0});
  }
  return out;
}

}  // namespace cl::cbam
