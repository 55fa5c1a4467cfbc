#include "core/program/schedule.hpp"

#include <algorithm>

namespace cl::program {
namespace {

bool for_mode(const std::vector<std::string>& modes, const std::string& mode) {
  return modes.empty() || std::find(modes.begin(), modes.end(), mode) != modes.end();
}

std::string offset_text(int months, int days) {
  std::string out;
  if (months != 0) {
    out += (months > 0 ? " + " : " − ") + std::to_string(std::abs(months)) +
           (std::abs(months) == 1 ? " month" : " months");
  }
  if (days != 0) {
    out += (days > 0 ? " + " : " − ") + std::to_string(std::abs(days)) +
           (std::abs(days) == 1 ? " day" : " days");
  }
  return out;
}

Date shifted(const Date& date, const DueRule& rule) {
  return add_days(add_months(date, rule.months), rule.days);
}

class Scheduler {
 public:
  Scheduler(const Program& program, const ScheduleInput& input)
      : program_(program), input_(input) {}

  Result<std::vector<ScheduledDuty>> run() {
    if (auto problem = check(); !problem) return tl::unexpected(problem.error());
    std::vector<ScheduledDuty> out;
    for (const auto& duty : program_.duties) {
      if (!for_mode(duty.modes, input_.mode)) continue;
      if (duty.every_years > 0) {
        for (int year = 1; year <= std::max(1, duty.min_count); ++year) {
          ScheduledDuty entry = base(duty);
          entry.subject = "year " + std::to_string(year);
          entry.min_count = 1;
          if (program_.execution_end) {
            entry.due = add_months(*program_.execution_end, 12 * duty.every_years * year);
            entry.rule = "end of the program (" + program_.execution_end->to_string() + ") + " +
                         std::to_string(duty.every_years * year) + " year(s)";
          } else {
            entry.rule = std::to_string(duty.every_years * year) +
                         " year(s) after the program ends (the definition gives no end date)";
          }
          out.push_back(entry);
        }
        continue;
      }
      ScheduledDuty entry = base(duty);
      due_of(duty, entry);
      if (duty.per_satellite) {
        for (int idx = 1; idx <= input_.satellites; ++idx) {
          ScheduledDuty copy = entry;
          copy.subject = "satellite " + std::to_string(idx);
          out.push_back(copy);
        }
      } else {
        out.push_back(entry);
      }
    }
    for (const auto& change : program_.changes) {
      if (!for_mode(change.modes, input_.mode)) continue;
      ScheduledDuty entry;
      entry.id = change.id;
      entry.title = change.what;
      entry.due = change.by;
      entry.rule = "at most " + std::to_string(change.max_per_case) + " per case" +
                   (change.by ? ", by " + change.by->to_string() : "");
      entry.cite = change.cite;
      out.push_back(entry);
    }
    return out;
  }

 private:
  Result<void> check() const {
    const Mode* mode = program_.find_mode(input_.mode);
    if (!mode && !program_.find_service(input_.mode)) {
      std::string ids;
      for (const auto& item : program_.modes) ids += (ids.empty() ? "" : ", ") + item.id;
      for (const auto& item : program_.services) ids += (ids.empty() ? "" : ", ") + item.id;
      return fail(ErrorCode::program_ineligible,
                  "program " + program_.id + " has no mode or service '" + input_.mode +
                      "'; choose one of " + ids,
                  {.field = "--mode"});
    }
    if (mode && mode->min_satellites > 0 && input_.satellites < mode->min_satellites) {
      return fail(ErrorCode::program_satellites_below_minimum,
                  std::to_string(input_.satellites) + " satellites; mode " + mode->id +
                      " needs at least " + std::to_string(mode->min_satellites) + " (" +
                      mode->cite + ")",
                  {.field = "--satellites"});
    }
    if (program_.execution_end && input_.approved > *program_.execution_end) {
      return fail(ErrorCode::program_after_deadline,
                  "approval " + input_.approved.to_string() + " is after the end of execution " +
                      program_.execution_end->to_string(),
                  {.field = "--approved"});
    }
    if (input_.kickoff && *input_.kickoff < input_.approved) {
      return fail(ErrorCode::parse_bad_value,
                  "kickoff " + input_.kickoff->to_string() + " is before the approval " +
                      input_.approved.to_string(),
                  {.field = "--kickoff"});
    }
    return {};
  }

  ScheduledDuty base(const Duty& duty) const {
    ScheduledDuty entry;
    entry.id = duty.id;
    entry.title = duty.title;
    entry.min_count = duty.min_count;
    entry.min_hours = duty.min_hours;
    entry.min_participants = duty.min_participants;
    entry.evidence = duty.evidence;
    entry.cite = duty.cite;
    return entry;
  }

  /// The kickoff's date: as given, else the kickoff duty's due date.
  std::optional<Date> kickoff() const {
    if (input_.kickoff) return input_.kickoff;
    for (const auto& duty : program_.duties) {
      if (duty.id == "kickoff" && duty.due.anchor == DueAnchor::approval) {
        return shifted(input_.approved, duty.due);
      }
    }
    return std::nullopt;
  }

  void due_of(const Duty& duty, ScheduledDuty& entry) const {
    const DueRule& rule = duty.due;
    const auto& end = program_.execution_end;
    if (duty.every_days > 0) {
      if (end) {
        entry.occurrences = static_cast<int>(days_between(input_.approved, *end) / duty.every_days);
        entry.due = add_days(input_.approved, duty.every_days);
        entry.rule = "every " + std::to_string(duty.every_days) + " days from approval to " +
                     end->to_string() + " (first due)";
      } else {
        entry.rule = "every " + std::to_string(duty.every_days) + " days from approval";
      }
      return;
    }
    const std::string offset = offset_text(rule.months, rule.days);
    switch (rule.anchor) {
      case DueAnchor::approval:
        entry.due = shifted(input_.approved, rule);
        entry.rule = "approval" + offset;
        return;
      case DueAnchor::kickoff:
        if (const auto date = kickoff()) {
          entry.due = shifted(*date, rule);
          entry.rule =
              (input_.kickoff ? "kickoff " + date->to_string() : "latest kickoff") + offset;
        } else {
          entry.rule = "kickoff" + offset + " (no kickoff date)";
        }
        return;
      case DueAnchor::execution_end:
      case DueAnchor::program_end:
        if (end) {
          entry.due = shifted(*end, rule);
          entry.rule = "end of execution" + offset;
        } else {
          entry.rule = "end of execution" + offset + " (the definition gives no end date)";
        }
        return;
      case DueAnchor::midpoint:
        if (end) {
          const long half = days_between(input_.approved, *end) / 2;
          entry.due = shifted(add_days(input_.approved, half), rule);
          entry.rule = "from the midpoint of execution (approval + " + std::to_string(half) +
                       " days)" + offset;
        } else {
          entry.rule = "after half of the work (the definition gives no end date)";
        }
        return;
      case DueAnchor::fixed:
        entry.due = rule.fixed;
        entry.rule = "fixed date";
        return;
    }
  }

  const Program& program_;
  const ScheduleInput& input_;
};

}  // namespace

Result<std::vector<ScheduledDuty>> schedule_duties(const Program& program,
                                                   const ScheduleInput& input) {
  return Scheduler(program, input).run();
}

}  // namespace cl::program
