#include "core/program/intake.hpp"

#include <algorithm>
#include <tuple>

namespace cl::program {
namespace {

std::optional<bool> fact(const Application& application, const std::string& name) {
  const Company& factory = application.factory;
  if (name == "sme") return factory.sme;
  if (name == "supply_chain_member") return factory.supply_chain_member;
  if (name == "cbam_affected") return factory.cbam_affected;
  if (name == "mid_sized") return factory.mid_sized;
  if (name == "first_batch_emitter") return factory.first_batch_emitter;
  if (name == "earlier_offset_experience") return application.offset.earlier_offset_experience;
  if (name == "site_first_batch") return application.offset.site_first_batch;
  if (name == "renewable_power") return application.offset.renewable_power;
  if (name == "completed_course") return application.completed_course;
  return std::nullopt;
}

bool holds(const PriorityCondition& condition, const Application& application) {
  if (!condition.stage_in.empty()) {
    return std::find(condition.stage_in.begin(), condition.stage_in.end(), application.stage) !=
           condition.stage_in.end();
  }
  return fact(application, condition.fact).value_or(false) == condition.value;
}

bool matches(const PriorityClass& priority_class, const Application& application) {
  const bool all = std::all_of(priority_class.all_of.begin(), priority_class.all_of.end(),
                               [&](const auto& c) { return holds(c, application); });
  const bool any = priority_class.any_of.empty() ||
                   std::any_of(priority_class.any_of.begin(), priority_class.any_of.end(),
                               [&](const auto& c) { return holds(c, application); });
  return all && any;
}

bool earlier(const DateTime& left, const DateTime& right) {
  if (left.date != right.date) return left.date < right.date;
  return left.minutes < right.minutes;
}

}  // namespace

std::string_view intake_status_id(IntakeStatus status) {
  switch (status) {
    case IntakeStatus::accepted:
      return "accepted";
    case IntakeStatus::waiting:
      return "waiting";
    case IntakeStatus::awaiting_documents:
      return "awaiting_documents";
    case IntakeStatus::withdrawn:
      return "withdrawn";
    case IntakeStatus::refused:
      return "refused";
  }
  return "";
}

std::pair<int, std::string> priority_of(const Program& program, const std::string& service,
                                        const Application& application) {
  for (const auto& rule : program.priority) {
    if (std::find(rule.services.begin(), rule.services.end(), service) == rule.services.end()) {
      continue;
    }
    for (std::size_t idx = 0; idx < rule.classes.size(); ++idx) {
      if (matches(rule.classes[idx], application)) {
        return {static_cast<int>(idx) + 1, rule.classes[idx].name};
      }
    }
    return {static_cast<int>(rule.classes.size()) + 1, "others"};
  }
  return {1, "first come"};
}

Date request_due(const Program& program, const DocumentRequest& request) {
  return request.due ? *request.due : add_days(request.requested, program.default_request_days);
}

std::vector<ServiceIntake> allocate(const Program& program,
                                    const std::vector<Application>& applications,
                                    const std::vector<EligibilityResult>& checks,
                                    const Date& as_of) {
  std::vector<ServiceIntake> out;
  for (const auto& service : program.services) {
    ServiceIntake intake{service.id, service.quota, 0, {}};
    std::vector<std::pair<IntakeEntry, const Application*>> candidates;
    std::vector<IntakeEntry> others;
    for (std::size_t idx = 0; idx < applications.size(); ++idx) {
      const Application& application = applications[idx];
      const auto& services = application.services;
      if (std::find(services.begin(), services.end(), service.id) == services.end()) continue;
      IntakeEntry entry;
      entry.application = application.id;
      std::tie(entry.priority, entry.priority_name) = priority_of(program, service.id, application);
      if (idx < checks.size() && !checks[idx].eligible()) {
        entry.status = IntakeStatus::refused;
        entry.reason = checks[idx].refusals.front().reason;
        others.push_back(entry);
        continue;
      }
      std::optional<Date> open_due;
      bool withdrawn = false;
      for (const auto& request : application.requests) {
        const Date due = request_due(program, request);
        if (request.received && *request.received <= due) continue;
        if (as_of > due || request.received) {
          withdrawn = true;
          entry.reason = "documents requested " + request.requested.to_string() + " (" +
                         request.document + ") not completed by " + due.to_string() +
                         ": counted as withdrawn";
          break;
        }
        if (!open_due || due < *open_due) open_due = due;
        entry.reason = "waiting for " + request.document + " until " + due.to_string();
      }
      if (withdrawn) {
        entry.status = IntakeStatus::withdrawn;
        others.push_back(entry);
      } else if (open_due) {
        entry.status = IntakeStatus::awaiting_documents;
        entry.documents_due = open_due;
        others.push_back(entry);
      } else if (idx < checks.size() && !checks[idx].complete()) {
        entry.status = IntakeStatus::awaiting_documents;
        entry.reason = "incomplete: " + checks[idx].incomplete.front().reason +
                       "; request the missing documents";
        others.push_back(entry);
      } else {
        candidates.emplace_back(entry, &application);
      }
    }
    // Places already given first (in the order given), then priority class, then first come.
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& left, const auto& right) {
      const Application& a = *left.second;
      const Application& b = *right.second;
      if (a.accepted_on.has_value() != b.accepted_on.has_value()) return a.accepted_on.has_value();
      if (a.accepted_on && b.accepted_on && *a.accepted_on != *b.accepted_on) {
        return *a.accepted_on < *b.accepted_on;
      }
      if (left.first.priority != right.first.priority) {
        return left.first.priority < right.first.priority;
      }
      if (earlier(a.submitted, b.submitted) || earlier(b.submitted, a.submitted)) {
        return earlier(a.submitted, b.submitted);
      }
      return a.id < b.id;
    });
    int waiting = 0;
    for (auto& [entry, application] : candidates) {
      const bool has_place = !service.quota || intake.accepted < *service.quota;
      if (application->accepted_on || has_place) {
        entry.status = IntakeStatus::accepted;
        entry.position = ++intake.accepted;
        if (application->accepted_on)
          entry.reason = "accepted " + application->accepted_on->to_string();
      } else {
        entry.status = IntakeStatus::waiting;
        entry.position = ++waiting;
        entry.reason = "quota of " + std::to_string(*service.quota) + " full";
      }
      intake.entries.push_back(entry);
    }
    std::stable_sort(others.begin(), others.end(), [](const IntakeEntry& a, const IntakeEntry& b) {
      return a.status < b.status;
    });
    intake.entries.insert(intake.entries.end(), others.begin(), others.end());
    out.push_back(std::move(intake));
  }
  return out;
}

}  // namespace cl::program
