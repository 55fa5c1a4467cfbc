// Reduction proposals of an inventory (INV-8) and the energy-saving and carbon-reduction report
// (節能減碳報告書):
//
//   GET    /api/v1/inventories/{id}/reductions          proposals with their estimates, totals
//   POST   /api/v1/inventories/{id}/reductions          a proposal → 201 with its estimate
//   PATCH  /api/v1/reductions/{id}                      change members → 200
//   DELETE /api/v1/reductions/{id}                      → 204
//   GET    /api/v1/inventories/{id}/reductions/report?format=pdf|html&lang=zh-TW|en
//   GET    /api/v1/inventories/{id}/carbonfee?year=&high_leakage=&domestic_credits=
//          &foreign_credits=&with_reductions=      the carbon-fee estimate (碳費) of the computed
//          inventory (scope 1 + scope 2 location-based, as `carbonledger carbonfee estimate`),
//          with the proposals' savings as the what-if's reduction when with_reductions=true
//
// A proposal's CO2e saving is estimated when it is read (core/inventory/reduction.hpp) with the
// factor it names (the library's or one of the organization's own), else its source's factor
// (and the source's heating value), else, for electricity, the grid factor of the inventory year
// (or the latest year the library has). "factor" in an answer is the id used. Readers: who may
// read the inventory; writers (create, change, delete): who may update it.
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "core/carbonfee/estimate.hpp"
#include "core/inventory/compute.hpp"
#include "core/inventory/reduction.hpp"
#include "io/carbonfee_io.hpp"
#include "io/factor_loader.hpp"
#include "io/reduction_report_html.hpp"
#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "store/inventories.hpp"
#include "store/reductions.hpp"
#include "store/workspace.hpp"

namespace cl::server {
namespace {

using auth::Action;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

struct Estimated {
  std::string factor_id;
  inventory::ReductionEstimate estimate;
};

/// What estimating a proposal of one inventory needs: its sources and own factors (no activity),
/// its GWP set and the library.
class Estimator {
 public:
  Estimator(store::Database& db, const ApiState& state, std::int64_t inventory_id)
      : library_(state.library.library),
        model_(unwrap(store::load_inventory(db, inventory_id, false))),
        codes_(unwrap(store::source_codes(db, inventory_id))) {}

  /// The source of the inventory with this store id; nullptr when it is not one of them.
  const inventory::Source* source(std::int64_t id) const {
    const auto code = codes_.find(id);
    if (code == codes_.end()) return nullptr;
    for (const auto& item : model_.sources) {
      if (item.id == code->second) return &item;
    }
    return nullptr;
  }

  std::string source_label(std::int64_t id) const {
    const auto* item = source(id);
    return item == nullptr ? std::string() : item->id + " " + item->name;
  }

  Result<Estimated> estimate(const store::ReductionProposal& proposal) const {
    const auto unit = units::find_unit(proposal.energy_unit, {.field = "energy_unit"});
    if (!unit) return tl::unexpected(unit.error());
    const inventory::Source* from = nullptr;
    if (proposal.source_id) {
      from = source(*proposal.source_id);
      if (from == nullptr) {
        return fail(
            ErrorCode::store_invalid,
            "source " + std::to_string(*proposal.source_id) + " is not a source of this inventory",
            {.field = "source_id"});
      }
    }
    auto factor = factor_of(proposal, *unit, from);
    if (!factor) return tl::unexpected(factor.error());
    const auto gwp_set = library_.find_gwp_set(model_.gwp_set);
    if (!gwp_set) return tl::unexpected(gwp_set.error());
    const factors::HeatingValue* heating =
        from != nullptr && from->heating_value ? &*from->heating_value : nullptr;
    auto estimate = inventory::estimate_reduction(
        {proposal.energy_saving, *unit, proposal.investment_twd, proposal.annual_cost_saving_twd},
        *factor, heating, library_, **gwp_set);
    if (!estimate) return tl::unexpected(estimate.error());
    return Estimated{factor->id, *estimate};
  }

  const inventory::Inventory& model() const { return model_; }

 private:
  Result<factors::EmissionFactor> factor_of(const store::ReductionProposal& proposal,
                                            const units::Unit& unit,
                                            const inventory::Source* from) const {
    if (!proposal.factor.empty()) {
      for (const auto& own : model_.own_factors) {
        if (own.id == proposal.factor) return own;
      }
      if (const auto found = library_.find_factor(proposal.factor)) return **found;
      return fail(ErrorCode::factor_not_found,
                  "factor '" + proposal.factor +
                      "' is neither in the factor library nor one of the organization's own "
                      "factors; `carbonledger factors search` finds one",
                  {.field = "factor"});
    }
    if (from != nullptr) {
      auto resolved = inventory::resolve_factor(model_, *from, library_);
      if (!resolved) {
        resolved.error().where = {.field = "source_id"};
        return resolved;
      }
      return resolved;
    }
    if (inventory::is_electricity_unit(unit)) {
      auto grid = inventory::grid_factor(library_, model_.year);
      if (!grid) {
        grid.error().where = {.field = "factor"};
        return tl::unexpected(grid.error());
      }
      return **grid;
    }
    return fail(ErrorCode::parse_missing_field,
                "name a \"factor\" or a \"source_id\": only electricity (kWh, 度, MWh) has a "
                "default factor, the grid factor of the inventory year",
                {.field = "factor"});
  }

  const factors::FactorLibrary& library_;
  inventory::Inventory model_;
  std::map<std::int64_t, std::string> codes_;
};

json payback_json(const std::optional<double>& years) {
  return years ? json(*years) : json(nullptr);
}

/// The stored members with "factor" (the id used), "co2e_saving_kg" and "payback_years"; a
/// proposal that cannot be estimated any more (its source changed since) has null and "problem".
json proposal_json(const store::ReductionProposal& proposal, const Result<Estimated>& estimated) {
  auto out = store::to_json(proposal);
  if (estimated) {
    out["factor"] = estimated->factor_id;
    out["co2e_saving_kg"] = estimated->estimate.co2e_saving_kg;
    out["payback_years"] = payback_json(estimated->estimate.payback_years);
    return out;
  }
  out["co2e_saving_kg"] = nullptr;
  out["payback_years"] = proposal.annual_cost_saving_twd > 0
                             ? json(proposal.investment_twd / proposal.annual_cost_saving_twd)
                             : json(nullptr);
  out["problem"] = estimated.error().message;
  return out;
}

/// A number member; 400 when present but not a number.
std::optional<double> number_member(const json& body, const std::string& name) {
  if (!body.contains(name)) return std::nullopt;
  if (!body.at(name).is_number()) {
    throw_error(400, ErrorCode::parse_bad_value, "\"" + name + "\" must be a number",
                {.field = name});
  }
  return body.at(name).get<double>();
}

/// Applies the body's members to `proposal`; `create` requires equipment, measure,
/// energy_saving and energy_unit. Wrong types are 400.
std::string apply_members(const json& body, bool create, store::ReductionProposal& proposal) {
  const Fields fields(
      body, {"equipment", "measure", "source_id", "energy_saving", "energy_unit", "factor",
             "investment_twd", "annual_cost_saving_twd", "note", "reason"});
  if (auto value = fields.text("equipment", create)) proposal.equipment = *value;
  if (auto value = fields.text("measure", create)) proposal.measure = *value;
  if (auto value = fields.text("energy_unit", create)) proposal.energy_unit = *value;
  if (auto value = fields.text("note")) proposal.note = *value;
  if (create && !body.contains("energy_saving")) fields.text("energy_saving", true);  // 400
  if (auto value = number_member(body, "energy_saving")) proposal.energy_saving = *value;
  if (auto value = number_member(body, "investment_twd")) proposal.investment_twd = *value;
  if (auto value = number_member(body, "annual_cost_saving_twd")) {
    proposal.annual_cost_saving_twd = *value;
  }
  if (body.contains("source_id")) {
    if (body.at("source_id").is_null()) {
      proposal.source_id.reset();
    } else {
      proposal.source_id = fields.integer("source_id", 1, kMaxId);
    }
  }
  if (body.contains("factor")) {
    proposal.factor = body.at("factor").is_null() ? std::string() : *fields.text("factor");
  }
  return fields.reason();
}

/// 422 for what the store would refuse and for a proposal that cannot be estimated (unknown
/// equipment, empty measure, unknown unit, negative numbers, unknown factor, unit mismatch).
Estimated checked(const Estimator& estimator, const store::ReductionProposal& proposal) {
  if (auto equipment = inventory::parse_equipment(proposal.equipment, {.field = "equipment"});
      !equipment) {
    throw ApiError{422, equipment.error(), {}};
  }
  if (proposal.measure.empty()) {
    throw_error(422, ErrorCode::parse_bad_value, "\"measure\" must not be empty",
                {.field = "measure"});
  }
  auto estimated = estimator.estimate(proposal);
  if (!estimated) throw ApiError{422, estimated.error(), {}};
  return *estimated;
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  const Estimator estimator(*db, state, inventory.id);
  json items = json::array();
  double co2e = 0.0, investment = 0.0, saving = 0.0;
  for (const auto& proposal : unwrap(store::list_reductions(*db, inventory.id))) {
    const auto estimated = estimator.estimate(proposal);
    if (estimated) co2e += estimated->estimate.co2e_saving_kg;
    investment += proposal.investment_twd;
    saving += proposal.annual_cost_saving_twd;
    items.push_back(proposal_json(proposal, estimated));
  }
  const auto total = items.size();
  send_json(context.res, 200,
            {{"items", std::move(items)},
             {"total", total},
             {"totals",
              {{"co2e_saving_kg", co2e},
               {"investment_twd", investment},
               {"annual_cost_saving_twd", saving}}}});
}

void create_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::update);
  store::ReductionProposal proposal;
  proposal.inventory_id = inventory.id;
  const auto reason = apply_members(json_body(context), true, proposal);
  const Estimator estimator(*db, state, inventory.id);
  checked(estimator, proposal);
  const auto saved =
      unwrap(store::create_reduction(*db, actor_of(context, reason), std::move(proposal)));
  context.res.set_header("Location", "/api/v1/reductions/" + std::to_string(saved.id));
  send_json(context.res, 201, proposal_json(saved, estimator.estimate(saved)));
}

/// The proposal of the path and its inventory, after `action` on the inventory is allowed; one
/// whose inventory the caller may not read answers exactly like a missing one.
std::pair<store::ReductionProposal, store::InventoryRecord> load_proposal(
    store::Database& db, const RequestContext& context, Action action) {
  auto proposal = unwrap(store::get_reduction(db, path_id(context, "id")));
  auto inventory = unwrap(store::get_inventory(db, proposal.inventory_id));
  if (!allowed(context, Action::read, inventory_resource(inventory))) throw_not_found();
  require(context, action, inventory_resource(inventory));
  return {std::move(proposal), std::move(inventory)};
}

void update_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto [proposal, inventory] = load_proposal(*db, context, Action::update);
  const auto reason = apply_members(json_body(context), false, proposal);
  const Estimator estimator(*db, state, inventory.id);
  checked(estimator, proposal);
  const auto saved =
      unwrap(store::update_reduction(*db, actor_of(context, reason), std::move(proposal)));
  send_json(context.res, 200, proposal_json(saved, estimator.estimate(saved)));
}

void delete_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto [proposal, inventory] = load_proposal(*db, context, Action::update);
  unwrap(store::delete_reduction(*db, actor_of(context), proposal.id));
  context.res.status = 204;
}

void report_route(ApiState& state, RequestContext& context) {
  const auto format = query(context, "format", "pdf", {"pdf", "html"});
  io::ReportOptions options;
  options.lang = query(context, "lang", "zh-TW", {"zh-TW", "en"});
  options.generated_on = taiwan_today();
  std::vector<io::ReductionLine> lines;
  // The connection goes back to the pool before Chromium prints.
  const auto computed = [&] {
    auto db = lease(state);
    const auto record = inventory_for(*db, context, Action::read);
    auto out = compute_stored(*db, state, record.id);
    const Estimator estimator(*db, state, record.id);
    for (const auto& proposal : unwrap(store::list_reductions(*db, record.id))) {
      const auto estimated = estimator.estimate(proposal);
      io::ReductionLine line;
      line.equipment =
          inventory::parse_equipment(proposal.equipment).value_or(inventory::Equipment::other);
      line.measure = proposal.measure;
      line.energy_saving = proposal.energy_saving;
      line.energy_unit = proposal.energy_unit;
      line.investment_twd = proposal.investment_twd;
      line.annual_cost_saving_twd = proposal.annual_cost_saving_twd;
      line.note = proposal.note;
      if (proposal.source_id) line.source = estimator.source_label(*proposal.source_id);
      if (estimated) {
        line.co2e_saving_kg = estimated->estimate.co2e_saving_kg;
        line.payback_years = estimated->estimate.payback_years;
        line.factor = estimated->factor_id;
      } else {
        line.factor = proposal.factor;
        line.problem = estimated.error().message;
      }
      lines.push_back(std::move(line));
    }
    return out;
  }();
  const auto html =
      io::render_reduction_report_html(computed.inventory, computed.result, lines, options);
  send_document(state, context, format, html,
                fmt::format("reduction-report-{}-{}", computed.inventory.year, options.lang));
}

/// A true|false query parameter; 400 naming it otherwise.
bool query_flag(const RequestContext& context, const std::string& name) {
  return query(context, name, "false", {"true", "false"}) == "true";
}

/// Offset credits held, t CO2e; 400 naming the parameter unless a number from 0 to 1e9 (more
/// than Taiwan's whole yearly emissions, about 0.3 Gt, is a typing error).
double credits(const RequestContext& context, const std::string& name) {
  try {
    return query_number(context, name, 0.0, 0.0, 1e9);
  } catch (const ApiError&) {
    throw_error(400, ErrorCode::parse_bad_value,
                "query parameter '" + name +
                    "' must be the credits held in t CO2e, a number from 0 to 1,000,000,000",
                {.field = name});
  }
}

/// The carbon-fee estimate of the stored inventory: the CLI's JSON (every rule value used with
/// its source). A year the rules do not cover, or other refusals of the estimate, are 422.
void carbonfee_route(ApiState& state, RequestContext& context) {
  carbonfee::Input input;
  input.is_high_leakage = query_flag(context, "high_leakage");
  const bool with_reductions = query_flag(context, "with_reductions");
  input.domestic_credits_t = credits(context, "domestic_credits");
  input.foreign_credits_t = credits(context, "foreign_credits");
  const double year = query_number(context, "year", 0.0, 1990.0, 2100.0);
  if (year != std::floor(year)) {
    throw_error(400, ErrorCode::parse_bad_value, "query parameter 'year' must be a whole year",
                {.field = "year"});
  }
  const auto computed = [&] {
    auto db = lease(state);
    const auto record = inventory_for(*db, context, Action::read);
    auto out = compute_stored(*db, state, record.id);
    if (with_reductions) {
      const Estimator estimator(*db, state, record.id);
      for (const auto& proposal : unwrap(store::list_reductions(*db, record.id))) {
        const auto estimated = estimator.estimate(proposal);
        if (!estimated) continue;  // listed with its problem by GET .../reductions
        input.reductions.push_back({proposal.equipment + ": " + proposal.measure,
                                    estimated->estimate.co2e_saving_kg / 1000.0});
      }
    }
    return out;
  }();
  // Direct (scope 1) plus electricity and other imported energy (scope 2, location-based).
  input.emissions_t =
      (computed.result.scope_co2e_kg[0] + computed.result.scope_co2e_kg[1]) / 1000.0;
  input.year = year > 0 ? static_cast<int>(year) : computed.inventory.year;
  const std::string data_dir =
      state.config.data_dir.empty() ? io::default_data_dir() : state.config.data_dir;
  Diagnostics diagnostics;
  auto rules = io::read_carbonfee_rules(data_dir + "/carbon-fee/taiwan.yaml", diagnostics);
  if (!rules) throw ApiError{500, rules.error(), {}};
  auto estimate = carbonfee::estimate(input, *rules);
  if (!estimate) {
    // The rules' own field (e.g. threshold) means nothing to the caller: the year is at fault.
    auto error = estimate.error();
    if (error.code == ErrorCode::carbonfee_rules) error.where = {.field = "year"};
    throw ApiError{422, error, {}};
  }
  auto out = io::carbonfee_json(*estimate, input);
  out["inventory_year"] = computed.inventory.year;
  send_json(context.res, 200, out);
}

}  // namespace

void add_reduction_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/inventories/{id}/reductions",
        "an inventory's reduction proposals with their CO2e savings and totals", list_route);
  route("POST", "/inventories/{id}/reductions", "a reduction proposal from a site survey",
        create_route);
  route("PATCH", "/reductions/{id}", "change a reduction proposal", update_route);
  route("DELETE", "/reductions/{id}", "remove a reduction proposal (audited)", delete_route);
  route("GET", "/inventories/{id}/reductions/report",
        "the energy-saving and carbon-reduction report (PDF or HTML, zh-TW or en)", report_route);
  route("GET", "/inventories/{id}/carbonfee",
        "the carbon-fee estimate of the inventory, with a what-if of its reduction proposals",
        carbonfee_route);
}

}  // namespace cl::server
