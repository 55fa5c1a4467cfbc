// Reduction proposals: checked before they are stored, each write audited in its transaction.
#include "store/reductions.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "core/units/unit.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr std::array<std::string_view, 6> kEquipment = {"air_compressor", "chiller", "boiler",
                                                        "lighting",       "motor",   "other"};

constexpr const char* kColumns =
    "id, inventory_id, equipment, measure, source_id, energy_saving, energy_unit, factor, "
    "investment_twd, annual_cost_saving_twd, note, created_by, created_at, updated_at";

[[noreturn]] void invalid(ErrorCode code, const std::string& message, const std::string& field) {
  throw StoreError{Error{code, message, {.field = field}, {}}};
}

ReductionProposal proposal_of(const Row& row) {
  ReductionProposal out;
  out.id = row.integer(0);
  out.inventory_id = row.integer(1);
  out.equipment = row.text(2);
  out.measure = row.text(3);
  if (!row.is_null(4)) out.source_id = row.integer(4);
  out.energy_saving = row.real(5);
  out.energy_unit = row.text(6);
  out.factor = row.text(7);
  out.investment_twd = row.real(8);
  out.annual_cost_saving_twd = row.real(9);
  out.note = row.text(10);
  out.created_by = row.text(11);
  out.created_at = row.text(12);
  out.updated_at = row.text(13);
  return out;
}

ReductionProposal load(Database& db, std::int64_t id) {
  const auto rows =
      db.query(std::string("SELECT ") + kColumns + " FROM reduction_proposals WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("reduction proposal", id);
  return proposal_of(rows[0]);
}

/// Checks the members and writes the unit's canonical symbol.
void check(Database& db, ReductionProposal& proposal) {
  if (std::find(kEquipment.begin(), kEquipment.end(), proposal.equipment) == kEquipment.end()) {
    invalid(ErrorCode::store_invalid,
            "equipment '" + proposal.equipment +
                "' is not one of air_compressor, chiller, boiler, lighting, motor, other",
            "equipment");
  }
  if (proposal.measure.empty()) {
    invalid(ErrorCode::store_invalid, "a proposal names its measure", "measure");
  }
  for (const auto& [value, field] :
       {std::pair{proposal.energy_saving, "energy_saving"},
        std::pair{proposal.investment_twd, "investment_twd"},
        std::pair{proposal.annual_cost_saving_twd, "annual_cost_saving_twd"}}) {
    if (!std::isfinite(value) || value < 0) {
      invalid(ErrorCode::store_invalid,
              std::string("\"") + field + "\" must be a number of at least 0", field);
    }
  }
  const auto unit = units::find_unit(proposal.energy_unit);
  if (!unit) {
    invalid(ErrorCode::unit_unknown,
            "unit '" + proposal.energy_unit + "' is unknown; `carbonledger units` lists them",
            "energy_unit");
  }
  proposal.energy_unit = std::string(unit->symbol);
  if (db.query("SELECT 1 FROM inventories WHERE id = $1", {proposal.inventory_id}).empty()) {
    detail::throw_not_found("inventory", proposal.inventory_id);
  }
  if (proposal.source_id && db.query("SELECT 1 FROM sources WHERE id = $1 AND inventory_id = $2",
                                     {*proposal.source_id, proposal.inventory_id})
                                .empty()) {
    invalid(ErrorCode::store_invalid,
            "source " + std::to_string(*proposal.source_id) + " is not a source of inventory " +
                std::to_string(proposal.inventory_id),
            "source_id");
  }
}

using detail::optional_value;

}  // namespace

nlohmann::json to_json(const ReductionProposal& proposal) {
  return {{"id", proposal.id},
          {"inventory_id", proposal.inventory_id},
          {"equipment", proposal.equipment},
          {"measure", proposal.measure},
          {"source_id",
           proposal.source_id ? nlohmann::json(*proposal.source_id) : nlohmann::json(nullptr)},
          {"energy_saving", proposal.energy_saving},
          {"energy_unit", proposal.energy_unit},
          {"factor", proposal.factor},
          {"investment_twd", proposal.investment_twd},
          {"annual_cost_saving_twd", proposal.annual_cost_saving_twd},
          {"note", proposal.note},
          {"created_by", proposal.created_by},
          {"created_at", proposal.created_at},
          {"updated_at", proposal.updated_at}};
}

Result<ReductionProposal> create_reduction(Database& db, const Actor& actor,
                                           ReductionProposal proposal) {
  return guard([&] {
    db.write([&] {
      check(db, proposal);
      proposal.created_by = actor.who;
      proposal.created_at = now_iso8601();
      proposal.updated_at = proposal.created_at;
      proposal.id = detail::insert_id(
          db,
          "INSERT INTO reduction_proposals (inventory_id, equipment, measure, source_id, "
          "energy_saving, energy_unit, factor, investment_twd, annual_cost_saving_twd, note, "
          "created_by, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          {proposal.inventory_id, proposal.equipment, proposal.measure,
           optional_value(proposal.source_id), proposal.energy_saving, proposal.energy_unit,
           proposal.factor, proposal.investment_twd, proposal.annual_cost_saving_twd, proposal.note,
           proposal.created_by, proposal.created_at, proposal.updated_at});
      append_audit(db, actor, "create", "reduction_proposals", std::to_string(proposal.id), nullptr,
                   to_json(proposal));
    });
    return proposal;
  });
}

Result<ReductionProposal> get_reduction(Database& db, std::int64_t id) {
  return guard([&] { return load(db, id); });
}

Result<std::vector<ReductionProposal>> list_reductions(Database& db, std::int64_t inventory_id) {
  return guard([&] {
    std::vector<ReductionProposal> out;
    for (const auto& row : db.query(std::string("SELECT ") + kColumns +
                                        " FROM reduction_proposals WHERE inventory_id = $1 "
                                        "ORDER BY id",
                                    {inventory_id})) {
      out.push_back(proposal_of(row));
    }
    return out;
  });
}

Result<ReductionProposal> update_reduction(Database& db, const Actor& actor,
                                           ReductionProposal proposal) {
  return guard([&] {
    db.write([&] {
      const auto before = load(db, proposal.id);
      proposal.inventory_id = before.inventory_id;
      proposal.created_by = before.created_by;
      proposal.created_at = before.created_at;
      check(db, proposal);
      proposal.updated_at = now_iso8601();
      db.exec(
          "UPDATE reduction_proposals SET equipment = $2, measure = $3, source_id = $4, "
          "energy_saving = $5, energy_unit = $6, factor = $7, investment_twd = $8, "
          "annual_cost_saving_twd = $9, note = $10, updated_at = $11 WHERE id = $1",
          {proposal.id, proposal.equipment, proposal.measure, optional_value(proposal.source_id),
           proposal.energy_saving, proposal.energy_unit, proposal.factor, proposal.investment_twd,
           proposal.annual_cost_saving_twd, proposal.note, proposal.updated_at});
      append_audit(db, actor, "update", "reduction_proposals", std::to_string(proposal.id),
                   to_json(before), to_json(proposal));
    });
    return proposal;
  });
}

Result<void> delete_reduction(Database& db, const Actor& actor, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const auto before = load(db, id);
      db.exec("DELETE FROM reduction_proposals WHERE id = $1", {id});
      append_audit(db, actor, "delete", "reduction_proposals", std::to_string(id), to_json(before),
                   nullptr);
    });
  });
}

}  // namespace cl::store
