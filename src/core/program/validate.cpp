#include "core/program/validate.hpp"

#include <algorithm>
#include <set>

namespace cl::program {
namespace {

class Validator {
 public:
  Validator(const Program& program, const std::string& file, Diagnostics& diagnostics)
      : program_(program), file_(file), diagnostics_(diagnostics) {}

  void run() {
    unique_ids();
    references();
    rubrics();
    duties();
  }

 private:
  void error(std::string path, std::string message) {
    diagnostics_.error(ErrorCode::program_definition, std::move(message),
                       {.file = file_, .field = std::move(path)});
  }
  bool is_target(const std::string& id) const {
    return program_.find_service(id) || program_.find_mode(id);
  }

  template <class List>
  void unique(const List& list, const std::string& path) {
    std::set<std::string> seen;
    for (std::size_t idx = 0; idx < list.size(); ++idx) {
      if (!seen.insert(list[idx].id).second) {
        error(path + "[" + std::to_string(idx) + "].id", "id '" + list[idx].id + "' used twice");
      }
    }
  }

  void unique_ids() {
    unique(program_.services, "services");
    unique(program_.modes, "modes");
    unique(program_.forms, "forms");
    unique(program_.eligibility, "eligibility");
    unique(program_.duties, "duties");
    if (program_.services.empty() && program_.modes.empty()) {
      error("services", "a program needs at least one service or mode");
    }
  }

  void forms_exist(const std::vector<std::string>& forms, const std::string& path) {
    for (std::size_t idx = 0; idx < forms.size(); ++idx) {
      if (!program_.find_form(forms[idx])) {
        error(path + "[" + std::to_string(idx) + "]",
              "form '" + forms[idx] + "' is not defined under forms:");
      }
    }
  }

  void scope_exists(const std::vector<std::string>& scope, const std::string& path) {
    for (std::size_t idx = 0; idx < scope.size(); ++idx) {
      if (!is_target(scope[idx])) {
        error(path + "[" + std::to_string(idx) + "]",
              "'" + scope[idx] + "' is neither a service nor a mode of this program");
      }
    }
  }

  void references() {
    for (std::size_t idx = 0; idx < program_.services.size(); ++idx) {
      forms_exist(program_.services[idx].forms, "services[" + std::to_string(idx) + "].forms");
    }
    for (std::size_t idx = 0; idx < program_.modes.size(); ++idx) {
      forms_exist(program_.modes[idx].forms, "modes[" + std::to_string(idx) + "].forms");
    }
    for (std::size_t idx = 0; idx < program_.forms.size(); ++idx) {
      const auto& form = program_.forms[idx];
      for (std::size_t field = 0; field < form.fields.size(); ++field) {
        const auto& item = form.fields[field];
        const std::string path =
            "forms[" + std::to_string(idx) + "].fields[" + std::to_string(field) + "]";
        if (item.key.empty()) error(path + ".key", "a field needs the key it is read from");
        if (item.type == FieldType::choice && item.options.empty()) {
          error(path + ".options", "a choice field needs options");
        }
      }
    }
    for (std::size_t idx = 0; idx < program_.eligibility.size(); ++idx) {
      const auto& rule = program_.eligibility[idx];
      const std::string path = "eligibility[" + std::to_string(idx) + "]";
      scope_exists(rule.scope, path + ".scope");
      if (rule.kind == RuleKind::participation_matrix && program_.participation.empty()) {
        error(path, "rule participation_matrix needs the participation: table");
      }
      if ((rule.kind == RuleKind::guidance_unit_registered) && rule.values.empty()) {
        error(path + ".values", "guidance_unit_registered needs the registrations in values:");
      }
      if ((rule.kind == RuleKind::max_approved_per_unit ||
           rule.kind == RuleKind::guidance_unit_certified_staff) &&
          rule.min <= 0) {
        error(path + ".min", "rule " + std::string(rule_kind_id(rule.kind)) + " needs min: > 0");
      }
    }
    static const std::set<std::string> kAllowed = {"yes", "no", "different_product"};
    for (std::size_t idx = 0; idx < program_.participation.size(); ++idx) {
      const auto& entry = program_.participation[idx];
      const std::string path = "participation[" + std::to_string(idx) + "]";
      if (!kAllowed.contains(entry.allowed)) {
        error(path + ".allowed",
              "must be yes, no or different_product, got '" + entry.allowed + "'");
      }
      if (entry.now != "satellite" && !program_.find_mode(entry.now)) {
        error(path + ".now", "'" + entry.now + "' is neither satellite nor a mode");
      }
    }
    for (std::size_t idx = 0; idx < program_.priority.size(); ++idx) {
      scope_exists(program_.priority[idx].services,
                   "priority[" + std::to_string(idx) + "].services");
    }
  }

  void rubrics() {
    for (std::size_t idx = 0; idx < program_.review.rubrics.size(); ++idx) {
      const auto& rubric = program_.review.rubrics[idx];
      const std::string path = "review.rubrics[" + std::to_string(idx) + "]";
      if (!program_.find_mode(rubric.mode)) {
        error(path + ".mode", "'" + rubric.mode + "' is not a mode of this program");
      }
      if (rubric.total() != 100) {
        error(path, "the items of the " + rubric.mode + " rubric add up to " +
                        std::to_string(rubric.total()) + " points, not 100");
      }
      std::set<std::string> seen;
      for (std::size_t item = 0; item < rubric.items.size(); ++item) {
        const auto& entry = rubric.items[item];
        const std::string item_path = path + ".items[" + std::to_string(item) + "]";
        if (!seen.insert(entry.id).second)
          error(item_path + ".id", "id '" + entry.id + "' used twice");
        if (entry.max <= 0) error(item_path + ".max", "an item's maximum must be > 0");
        if (entry.satellite_points && entry.max != program_.review.satellite_points.max_points) {
          error(item_path + ".max",
                "the satellite-count item's maximum " + std::to_string(entry.max) +
                    " differs from "
                    "review.satellite_points.max_points " +
                    std::to_string(program_.review.satellite_points.max_points));
        }
      }
    }
    if (!program_.modes.empty() && program_.review.rubrics.empty()) {
      error("review.rubrics", "a program with modes needs a rubric for each mode");
    }
  }

  void duties() {
    for (std::size_t idx = 0; idx < program_.duties.size(); ++idx) {
      const auto& duty = program_.duties[idx];
      const std::string path = "duties[" + std::to_string(idx) + "]";
      scope_exists(duty.modes, path + ".modes");
      if (duty.due.anchor == DueAnchor::fixed && !duty.due.fixed.valid()) {
        error(path + ".due.date", "a fixed due date needs date: YYYY-MM-DD");
      }
    }
    for (std::size_t idx = 0; idx < program_.changes.size(); ++idx) {
      scope_exists(program_.changes[idx].modes, "changes[" + std::to_string(idx) + "].modes");
    }
  }

  const Program& program_;
  const std::string& file_;
  Diagnostics& diagnostics_;
};

}  // namespace

void validate_program(const Program& program, const std::string& file, Diagnostics& diagnostics) {
  Validator(program, file, diagnostics).run();
}

}  // namespace cl::program
