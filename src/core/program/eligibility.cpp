#include "core/program/eligibility.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/program/ubn.hpp"

namespace cl::program {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool applies(const std::vector<std::string>& scope, const std::vector<std::string>& targets) {
  if (scope.empty()) return true;
  return std::any_of(targets.begin(), targets.end(),
                     [&](const std::string& target) { return contains(scope, target); });
}

/// Drops ASCII and full-width (U+3000) spaces so that two spellings of one address compare
/// equal; anything else must match exactly (a production site elsewhere must not pass).
std::string normalize_address(std::string_view text) {
  std::string out;
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    if (text.compare(idx, 3, "\xE3\x80\x80") == 0) {
      idx += 2;
      continue;
    }
    if (text[idx] != ' ' && text[idx] != '\t') out.push_back(text[idx]);
  }
  return out;
}

/// The forms an application must carry: those of its services and of its mode.
std::vector<const Form*> forms_of(const Program& program, const Application& application) {
  std::vector<std::string> ids;
  for (const auto& service_id : application.services) {
    if (const Service* service = program.find_service(service_id)) {
      for (const auto& form : service->forms) {
        if (!contains(ids, form)) ids.push_back(form);
      }
    }
  }
  if (const Mode* mode = program.find_mode(application.mode)) {
    for (const auto& form : mode->forms) {
      if (!contains(ids, form)) ids.push_back(form);
    }
  }
  std::vector<const Form*> out;
  for (const auto& id : ids) {
    if (const Form* form = program.find_form(id)) out.push_back(form);
  }
  return out;
}

/// The concrete keys a field's key stands for: "satellites.*.ubn" → satellites.0.ubn, …
std::vector<std::string> expand_key(const Application& application, const std::string& key) {
  const auto star = key.find(".*.");
  if (star == std::string::npos) return {key};
  const std::string list_key = key.substr(0, star);
  const std::string rest = key.substr(star + 3);
  std::vector<std::string> out;
  const auto list = application.fields.find(list_key);
  if (list == application.fields.end() || list->second.kind != FieldValue::Kind::list) return out;
  for (std::size_t idx = 0; idx < list->second.size; ++idx) {
    out.push_back(list_key + "." + std::to_string(idx) + "." + rest);
  }
  return out;
}

bool is_integer(const std::string& text) {
  if (text.empty()) return false;
  std::size_t start = text[0] == '-' ? 1 : 0;
  if (start == text.size()) return false;
  return std::all_of(text.begin() + static_cast<long>(start), text.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<double> as_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
    // not a number
  }
  return std::nullopt;
}

/// What is wrong with a present value of the field's type; empty when it is fine.
std::string type_problem(const FormField& field, const FieldValue& value) {
  using Kind = FieldValue::Kind;
  switch (field.type) {
    case FieldType::text:
    case FieldType::ubn:
      return value.kind == Kind::text || value.kind == Kind::number ? "" : "must be text";
    case FieldType::integer:
      return value.kind == Kind::number && is_integer(value.text) ? "" : "must be a whole number";
    case FieldType::number: {
      const auto number = value.kind == Kind::number ? as_number(value.text) : std::nullopt;
      return number && *number >= 0 ? "" : "must be a number ≥ 0";
    }
    case FieldType::percent: {
      const auto number = value.kind == Kind::number ? as_number(value.text) : std::nullopt;
      return number && *number >= 0 && *number <= 100 ? "" : "must be a percentage 0–100";
    }
    case FieldType::boolean:
    case FieldType::consent:
      return value.kind == Kind::boolean ? "" : "must be true or false";
    case FieldType::date:
      return parse_date(value.text) ? "" : "must be a date YYYY-MM-DD";
    case FieldType::month: {
      const auto number = value.kind == Kind::number && is_integer(value.text)
                              ? as_number(value.text)
                              : std::nullopt;
      return number && *number >= 1 && *number <= 12 ? "" : "must be a month 1–12";
    }
    case FieldType::choice: {
      if (contains(field.options, value.text)) return "";
      std::string list;
      for (const auto& option : field.options) list += (list.empty() ? "" : ", ") + option;
      return "must be one of " + list + ", got '" + value.text + "'";
    }
    case FieldType::document:
      return value.kind == Kind::text || value.kind == Kind::boolean ? "" : "must name the file";
    case FieldType::list:
      return value.kind == Kind::list ? "" : "must be a list";
  }
  return "";
}

class Checker {
 public:
  Checker(const Program& program, const Application& application)
      : program_(program), application_(application), targets_(targets_of(application)) {
    result_.application = application.id;
  }

  EligibilityResult run() {
    check_targets();
    check_forms();
    for (const auto& rule : program_.eligibility) {
      if (applies(rule.scope, targets_)) check_rule(rule);
    }
    return std::move(result_);
  }

 private:
  void refuse(const EligibilityRule& rule, std::string reason, std::string field = {},
              ErrorCode code = ErrorCode::program_ineligible) {
    result_.refusals.push_back({rule.id, code, std::move(reason), std::move(field), rule.cite});
  }
  std::string reason_or(const EligibilityRule& rule, std::string fallback) const {
    return rule.reason.empty() ? fallback : rule.reason + " (" + fallback + ")";
  }

  void check_targets() {
    for (const auto& service : application_.services) {
      if (!program_.find_service(service)) {
        result_.refusals.push_back({"services", ErrorCode::program_ineligible,
                                    "the program has no service '" + service + "'", "services",
                                    ""});
      }
    }
    if (!application_.mode.empty() && !program_.find_mode(application_.mode)) {
      result_.refusals.push_back({"mode", ErrorCode::program_ineligible,
                                  "the program has no mode '" + application_.mode + "'", "mode",
                                  ""});
    }
    if (application_.services.empty() && application_.mode.empty()) {
      result_.refusals.push_back(
          {"services", ErrorCode::program_ineligible,
           "the application names no service (2023 program) and no mode (2014 program)", "services",
           ""});
    }
  }

  void check_forms() {
    for (const Form* form : forms_of(program_, application_)) {
      for (const auto& field : form->fields) {
        if (field.type == FieldType::consent) continue;  // the consents_given rule
        for (const auto& key : expand_key(application_, field.key)) check_field(*form, field, key);
      }
    }
  }

  void check_field(const Form& form, const FormField& field, const std::string& key) {
    const auto found = application_.fields.find(key);
    const std::string label = form.name + " " + field.label;
    if (found == application_.fields.end() || found->second.kind == FieldValue::Kind::null ||
        (found->second.kind == FieldValue::Kind::text && found->second.text.empty())) {
      if (field.required) {
        result_.incomplete.push_back({"form:" + form.id, ErrorCode::program_incomplete,
                                      label + " is missing", key, field.cite});
      }
      return;
    }
    const std::string problem = type_problem(field, found->second);
    if (!problem.empty()) {
      result_.incomplete.push_back({"form:" + form.id, ErrorCode::program_incomplete,
                                    label + " " + problem, key, field.cite});
      return;
    }
    if (field.type == FieldType::ubn) {
      const UbnCheck check = check_ubn(found->second.text);
      if (!check.valid) {
        result_.refusals.push_back({"ubn", ErrorCode::program_ubn_invalid,
                                    label + " '" + found->second.text +
                                        "' is not a valid unified "
                                        "business number: " +
                                        check.reason,
                                    key,
                                    "財政部「營利事業統一編號檢查碼邏輯修正說明」(2023-04-01)"});
      }
    }
  }

  void check_rule(const EligibilityRule& rule) {
    const Company& factory = application_.factory;
    switch (rule.kind) {
      case RuleKind::registered_manufacturer:
        if (!factory.manufacturer || factory.trader) {
          refuse(rule, reason_or(rule, "the factory is not a manufacturer with its own production"),
                 "factory.manufacturer");
        } else if (factory.factory_registration.empty() && !factory.registration_exempt) {
          refuse(rule, reason_or(rule, "no factory registration number and no proof of exemption"),
                 "factory.factory_registration");
        }
        return;
      case RuleKind::not_first_batch_emitter:
        if (factory.first_batch_emitter) {
          refuse(rule, reason_or(rule, "the factory is in the first batch of mandatory emitters"),
                 "factory.first_batch_emitter");
        }
        return;
      case RuleKind::no_renewable_power_project:
        if (application_.offset.renewable_power) {
          refuse(rule, reason_or(rule, "a renewable-power generation project"),
                 "offset.renewable_power");
        }
        return;
      case RuleKind::product_made_at_factory_address:
        check_product_site(rule);
        return;
      case RuleKind::product_not_funded_elsewhere:
        if (application_.product.funded_elsewhere) {
          refuse(rule,
                 reason_or(rule, "the target product '" + application_.product.name +
                                     "' is already funded by a similar program"),
                 "product.funded_elsewhere");
        }
        return;
      case RuleKind::guidance_unit_registered:
        check_unit_registered(rule);
        return;
      case RuleKind::guidance_unit_certified_staff:
        check_unit_staff(rule);
        return;
      case RuleKind::participation_matrix:
        check_participation(rule);
        return;
      case RuleKind::max_approved_per_unit:
        if (application_.unit && application_.unit->approved_cases >= rule.min) {
          refuse(rule,
                 reason_or(rule, "guidance unit '" + application_.unit->name + "' already has " +
                                     std::to_string(application_.unit->approved_cases) +
                                     " approved case(s); at most " + std::to_string(rule.min)),
                 "guidance_unit.approved_cases");
        }
        return;
      case RuleKind::one_case_per_company:
        return;  // across applications, see the batch check
      case RuleKind::one_service_unless_mid_sized:
        if (application_.services.size() > 1 && !factory.mid_sized) {
          refuse(rule,
                 reason_or(rule, std::to_string(application_.services.size()) +
                                     " service items chosen by a factory that is not a "
                                     "mid-sized enterprise"),
                 "services");
        }
        return;
      case RuleKind::min_satellites:
        check_min_satellites(rule);
        return;
      case RuleKind::satellites_manufacturers:
        check_satellites(rule);
        return;
      case RuleKind::product_boundary:
        check_boundary(rule);
        return;
      case RuleKind::consents_given:
        check_consents(rule);
        return;
      case RuleKind::before_deadline:
        check_deadline(rule);
        return;
    }
  }

  void check_product_site(const EligibilityRule& rule) {
    const auto& site = application_.product.production_address;
    if (site.empty()) {
      result_.incomplete.push_back({rule.id, ErrorCode::program_incomplete,
                                    "the product's production address is missing",
                                    "product.production_address", rule.cite});
      return;
    }
    if (normalize_address(site) != normalize_address(application_.factory.address)) {
      refuse(rule,
             reason_or(rule, "product made at '" + site + "', the factory is at '" +
                                 application_.factory.address + "'"),
             "product.production_address");
    }
  }

  void check_unit_registered(const EligibilityRule& rule) {
    if (!application_.unit) {
      refuse(rule, "the application names no guidance unit", "guidance_unit");
      return;
    }
    const auto& held = application_.unit->registrations;
    const bool ok = std::any_of(held.begin(), held.end(), [&](const std::string& registration) {
      return contains(rule.values, registration);
    });
    if (!ok) {
      std::string wanted;
      for (const auto& value : rule.values) wanted += (wanted.empty() ? "" : " or ") + value;
      refuse(rule,
             reason_or(rule, "guidance unit '" + application_.unit->name +
                                 "' is not registered as " + wanted),
             "guidance_unit.registrations");
    }
  }

  void check_unit_staff(const EligibilityRule& rule) {
    if (!application_.unit) return;  // reported by guidance_unit_registered
    if (application_.unit->certified_staff < rule.min) {
      refuse(
          rule,
          reason_or(rule, "guidance unit '" + application_.unit->name + "' has " +
                              std::to_string(application_.unit->certified_staff) +
                              " certified full-time staff; at least " + std::to_string(rule.min)),
          "guidance_unit.certified_staff");
    }
  }

  /// One company's earlier roles against the role it takes now (DEM-4).
  void check_roles(const EligibilityRule& rule, const Company& company, const std::string& now,
                   const std::string& field) {
    for (const auto& earlier : company.earlier) {
      const auto entry = std::find_if(
          program_.participation.begin(), program_.participation.end(),
          [&](const ParticipationEntry& e) { return e.earlier == earlier.role && e.now == now; });
      if (entry == program_.participation.end() || entry->allowed == "yes") continue;
      const std::string who = company.name.empty() ? company.ubn : company.name;
      if (entry->allowed == "different_product") {
        if (earlier.product == application_.product.name) {
          refuse(rule,
                 reason_or(rule,
                           who + " was " + earlier.role + " in " + std::to_string(earlier.year) +
                               " with the same target "
                               "product '" +
                               earlier.product + "'; as " + now + " only with a different product"),
                 field);
        }
        continue;
      }
      refuse(rule,
             reason_or(rule, who + " was " + earlier.role + " in " + std::to_string(earlier.year) +
                                 " and may not now be " + now),
             field);
    }
  }

  void check_participation(const EligibilityRule& rule) {
    if (application_.mode.empty()) return;
    check_roles(rule, application_.factory, application_.mode, "factory.earlier");
    for (std::size_t idx = 0; idx < application_.satellites.size(); ++idx) {
      check_roles(rule, application_.satellites[idx], "satellite",
                  "satellites." + std::to_string(idx) + ".earlier");
    }
  }

  void check_min_satellites(const EligibilityRule& rule) {
    const Mode* mode = program_.find_mode(application_.mode);
    const int needed = mode && mode->min_satellites > 0 ? mode->min_satellites : rule.min;
    const auto count = static_cast<int>(application_.satellites.size());
    if (count < needed) {
      refuse(rule,
             reason_or(rule, std::to_string(count) + " satellite factories; at least " +
                                 std::to_string(needed)),
             "satellites", ErrorCode::program_satellites_below_minimum);
    }
  }

  void check_satellites(const EligibilityRule& rule) {
    for (std::size_t idx = 0; idx < application_.satellites.size(); ++idx) {
      const Company& satellite = application_.satellites[idx];
      const std::string field = "satellites." + std::to_string(idx);
      const std::string who = satellite.name.empty() ? field : satellite.name;
      if (!satellite.manufacturer || satellite.trader) {
        refuse(rule,
               reason_or(rule, who + " is not a manufacturer (traders, agents and dealers "
                                     "cannot be satellites)"),
               field + ".manufacturer");
      }
      if (!satellite.in_taiwan) {
        refuse(rule, reason_or(rule, who + " is not a factory in Taiwan"), field + ".in_taiwan");
      }
      if (!satellite.first_tier) {
        refuse(rule, reason_or(rule, who + " is not a first-tier supplier of the target product"),
               field + ".first_tier");
      }
    }
  }

  void check_boundary(const EligibilityRule& rule) {
    const Mode* mode = program_.find_mode(application_.mode);
    if (!mode || mode->product_boundaries.empty()) return;
    const auto& boundary = application_.product.boundary;
    if (!contains(mode->product_boundaries, boundary)) {
      refuse(
          rule,
          reason_or(rule, "product boundary '" + boundary + "' is not allowed in mode " + mode->id),
          "product.boundary");
    }
  }

  void check_consents(const EligibilityRule& rule) {
    for (const Form* form : forms_of(program_, application_)) {
      for (const auto& field : form->fields) {
        if (field.type != FieldType::consent) continue;
        const auto found = application_.fields.find(field.key);
        const bool given = found != application_.fields.end() &&
                           found->second.kind == FieldValue::Kind::boolean &&
                           found->second.text == "true";
        if (!given) {
          result_.refusals.push_back(
              {rule.id, ErrorCode::program_consent_missing,
               form->name + " " + field.label + ": " +
                   (found == application_.fields.end() ? "not given" : "not agreed"),
               field.key, field.cite.empty() ? rule.cite : field.cite});
        }
      }
    }
  }

  void check_deadline(const EligibilityRule& rule) {
    std::vector<const Deadline*> deadlines;
    for (const auto& service_id : application_.services) {
      const Service* service = program_.find_service(service_id);
      if (service && service->deadline) deadlines.push_back(&*service->deadline);
    }
    if (deadlines.empty() && program_.application_deadline) {
      deadlines.push_back(&*program_.application_deadline);
    }
    for (const Deadline* deadline : deadlines) {
      if (is_late(application_.submitted, *deadline)) {
        result_.refusals.push_back(
            {rule.id, ErrorCode::program_after_deadline,
             "submitted " + application_.submitted.to_string() + ", after the deadline: " +
                 (deadline->at.has_time() ? "before " : "on or before ") + deadline->at.to_string(),
             "submitted", deadline->cite.empty() ? rule.cite : deadline->cite});
      }
    }
  }

  const Program& program_;
  const Application& application_;
  std::vector<std::string> targets_;
  EligibilityResult result_;
};

}  // namespace

std::vector<std::string> targets_of(const Application& application) {
  std::vector<std::string> out = application.services;
  if (!application.mode.empty()) out.push_back(application.mode);
  return out;
}

bool is_late(const DateTime& submitted, const Deadline& deadline) {
  if (submitted.date != deadline.at.date) return submitted.date > deadline.at.date;
  if (!deadline.at.has_time() || !submitted.has_time()) return false;
  return submitted.minutes >= deadline.at.minutes;
}

EligibilityResult check_eligibility(const Program& program, const Application& application) {
  return Checker(program, application).run();
}

std::vector<EligibilityResult> check_eligibility(const Program& program,
                                                 const std::vector<Application>& applications) {
  std::vector<EligibilityResult> out;
  out.reserve(applications.size());
  for (const auto& application : applications)
    out.push_back(check_eligibility(program, application));
  const auto rule = std::find_if(
      program.eligibility.begin(), program.eligibility.end(),
      [](const EligibilityRule& r) { return r.kind == RuleKind::one_case_per_company; });
  if (rule == program.eligibility.end()) return out;
  // Earliest submission first (then file order): the later ones of a company are refused.
  std::vector<std::size_t> order(applications.size());
  for (std::size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& left = applications[a].submitted;
    const auto& right = applications[b].submitted;
    if (left.date != right.date) return left.date < right.date;
    return left.minutes < right.minutes;
  });
  std::map<std::string, std::string> first_of;
  for (std::size_t idx : order) {
    const Application& application = applications[idx];
    if (!applies(rule->scope, targets_of(application)) || application.factory.ubn.empty()) continue;
    const auto [it, inserted] = first_of.emplace(application.factory.ubn, application.id);
    if (!inserted) {
      out[idx].refusals.push_back({rule->id, ErrorCode::program_ineligible,
                                   (rule->reason.empty() ? std::string() : rule->reason + " (") +
                                       "company " + application.factory.ubn +
                                       " already applied with " + it->second +
                                       (rule->reason.empty() ? "" : ")"),
                                   "factory.ubn", rule->cite});
    }
  }
  return out;
}

}  // namespace cl::program
