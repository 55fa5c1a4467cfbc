#include "core/program/definition.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cl::program {
namespace {

constexpr std::array kRuleKinds = {
    std::pair{RuleKind::registered_manufacturer, "registered_manufacturer"},
    std::pair{RuleKind::not_first_batch_emitter, "not_first_batch_emitter"},
    std::pair{RuleKind::no_renewable_power_project, "no_renewable_power_project"},
    std::pair{RuleKind::product_made_at_factory_address, "product_made_at_factory_address"},
    std::pair{RuleKind::product_not_funded_elsewhere, "product_not_funded_elsewhere"},
    std::pair{RuleKind::guidance_unit_registered, "guidance_unit_registered"},
    std::pair{RuleKind::guidance_unit_certified_staff, "guidance_unit_certified_staff"},
    std::pair{RuleKind::participation_matrix, "participation_matrix"},
    std::pair{RuleKind::max_approved_per_unit, "max_approved_per_unit"},
    std::pair{RuleKind::one_case_per_company, "one_case_per_company"},
    std::pair{RuleKind::one_service_unless_mid_sized, "one_service_unless_mid_sized"},
    std::pair{RuleKind::min_satellites, "min_satellites"},
    std::pair{RuleKind::satellites_manufacturers, "satellites_manufacturers"},
    std::pair{RuleKind::product_boundary, "product_boundary"},
    std::pair{RuleKind::consents_given, "consents_given"},
    std::pair{RuleKind::before_deadline, "before_deadline"},
};

constexpr std::array kFieldTypes = {
    std::pair{FieldType::text, "text"},         std::pair{FieldType::ubn, "ubn"},
    std::pair{FieldType::integer, "integer"},   std::pair{FieldType::number, "number"},
    std::pair{FieldType::percent, "percent"},   std::pair{FieldType::boolean, "boolean"},
    std::pair{FieldType::date, "date"},         std::pair{FieldType::month, "month"},
    std::pair{FieldType::choice, "choice"},     std::pair{FieldType::consent, "consent"},
    std::pair{FieldType::document, "document"}, std::pair{FieldType::list, "list"},
};

constexpr std::array kAnchors = {
    std::pair{DueAnchor::approval, "approval"},
    std::pair{DueAnchor::kickoff, "kickoff"},
    std::pair{DueAnchor::execution_end, "execution_end"},
    std::pair{DueAnchor::midpoint, "midpoint"},
    std::pair{DueAnchor::fixed, "fixed"},
    std::pair{DueAnchor::program_end, "program_end"},
};

template <class Table, class Enum>
std::string_view id_of(const Table& table, Enum value) {
  for (const auto& [candidate, id] : table) {
    if (candidate == value) return id;
  }
  return "";
}

template <class Enum, class Table>
std::optional<Enum> find_in(const Table& table, std::string_view id) {
  for (const auto& [value, candidate] : table) {
    if (candidate == id) return value;
  }
  return std::nullopt;
}

template <class T>
const T* find_by_id(const std::vector<T>& list, std::string_view id) {
  const auto found =
      std::find_if(list.begin(), list.end(), [&](const T& item) { return item.id == id; });
  return found == list.end() ? nullptr : &*found;
}

}  // namespace

int Rubric::total() const {
  int sum = 0;
  for (const auto& item : items) sum += item.max;
  return sum;
}

const Service* Program::find_service(std::string_view service_id) const {
  return find_by_id(services, service_id);
}
const Mode* Program::find_mode(std::string_view mode_id) const {
  return find_by_id(modes, mode_id);
}
const Form* Program::find_form(std::string_view form_id) const {
  return find_by_id(forms, form_id);
}
const Rubric* Program::find_rubric(std::string_view mode_id) const {
  const auto found = std::find_if(review.rubrics.begin(), review.rubrics.end(),
                                  [&](const Rubric& rubric) { return rubric.mode == mode_id; });
  return found == review.rubrics.end() ? nullptr : &*found;
}

std::string_view rule_kind_id(RuleKind kind) {
  return id_of(kRuleKinds, kind);
}
std::optional<RuleKind> find_rule_kind(std::string_view id) {
  return find_in<RuleKind>(kRuleKinds, id);
}
std::string_view field_type_id(FieldType type) {
  return id_of(kFieldTypes, type);
}
std::optional<FieldType> find_field_type(std::string_view id) {
  return find_in<FieldType>(kFieldTypes, id);
}
std::optional<DueAnchor> find_due_anchor(std::string_view id) {
  return find_in<DueAnchor>(kAnchors, id);
}
std::string_view due_anchor_id(DueAnchor anchor) {
  return id_of(kAnchors, anchor);
}

}  // namespace cl::program
