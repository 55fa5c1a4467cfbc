#include "io/program_writer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "io/csv.hpp"

namespace cl::io {
namespace {

using namespace cl::program;

std::string score_text(double value) {
  if (std::fabs(value - std::round(value)) < 1e-9) return fmt::format("{}", std::lround(value));
  return fmt::format("{:.2f}", value);
}

std::string ntd(long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out.push_back(',');
    out.push_back(digits[idx]);
  }
  return (value < 0 ? "-NT$" : "NT$") + out;
}

nlohmann::json finding_json(const Finding& finding) {
  return {{"rule", finding.rule},
          {"code", std::string(code_id(finding.code))},
          {"reason", finding.reason},
          {"field", finding.field},
          {"cite", finding.cite}};
}

std::string mode_name(const Program& program, const std::string& id) {
  const Mode* mode = program.find_mode(id);
  return mode ? mode->name : id;
}

}  // namespace

std::string render_program_summary(const Program& program) {
  std::string out = fmt::format("{}: {} ({})\n", program.id, program.name, program.year);
  out += fmt::format("  source: {}\n", program.source);
  for (const auto& service : program.services) {
    out += fmt::format("  service {}: quota {}, fee {}\n", service.id,
                       service.quota ? std::to_string(*service.quota) : "-",
                       service.fee_ntd ? ntd(*service.fee_ntd) : "-");
  }
  for (const auto& mode : program.modes) {
    out += fmt::format("  mode {}: government {}, own funds at least {}, satellites at least {}\n",
                       mode.id, ntd(mode.funding.government_ntd), ntd(mode.funding.own_min_ntd),
                       mode.min_satellites);
  }
  out += fmt::format(
      "  {} form(s), {} eligibility rule(s), {} priority rule(s), {} rubric(s), "
      "{} duty rule(s), {} change limit(s)\n",
      program.forms.size(), program.eligibility.size(), program.priority.size(),
      program.review.rubrics.size(), program.duties.size(), program.changes.size());
  return out;
}

std::string render_check_table(const std::vector<EligibilityResult>& results) {
  std::string out;
  for (const auto& result : results) {
    const char* verdict = !result.eligible()   ? "refused"
                          : !result.complete() ? "eligible, incomplete"
                                               : "eligible";
    out += fmt::format("{}: {}\n", result.application, verdict);
    for (const auto& finding : result.refusals) {
      out += fmt::format("  refused     {}  {}: {}\n              [{}]\n", code_id(finding.code),
                         finding.field, finding.reason, finding.cite);
    }
    for (const auto& finding : result.incomplete) {
      out += fmt::format("  incomplete  {}  {}: {}\n", code_id(finding.code), finding.field,
                         finding.reason);
    }
  }
  return out;
}

nlohmann::json check_json(const std::vector<EligibilityResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& result : results) {
    nlohmann::json refusals = nlohmann::json::array();
    nlohmann::json incomplete = nlohmann::json::array();
    for (const auto& finding : result.refusals) refusals.push_back(finding_json(finding));
    for (const auto& finding : result.incomplete) incomplete.push_back(finding_json(finding));
    out.push_back({{"application", result.application},
                   {"eligible", result.eligible()},
                   {"complete", result.complete()},
                   {"refusals", refusals},
                   {"incomplete", incomplete}});
  }
  return out;
}

std::string render_intake_table(const std::vector<ServiceIntake>& intake) {
  std::string out;
  for (const auto& service : intake) {
    if (service.entries.empty()) continue;
    out += fmt::format("{}: {} accepted of {}\n", service.service, service.accepted,
                       service.quota ? std::to_string(*service.quota) : "no quota");
    for (const auto& entry : service.entries) {
      out += fmt::format("  {:<18} {:<12} {:>4}  priority {} ({}){}\n",
                         intake_status_id(entry.status), entry.application,
                         entry.position > 0 ? std::to_string(entry.position) : "-", entry.priority,
                         entry.priority_name, entry.reason.empty() ? "" : "  " + entry.reason);
    }
  }
  return out;
}

nlohmann::json intake_json(const std::vector<ServiceIntake>& intake) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& service : intake) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& entry : service.entries) {
      entries.push_back(
          {{"application", entry.application},
           {"status", std::string(intake_status_id(entry.status))},
           {"position", entry.position},
           {"priority", entry.priority},
           {"priority_name", entry.priority_name},
           {"reason", entry.reason},
           {"documents_due", entry.documents_due ? nlohmann::json(entry.documents_due->to_string())
                                                 : nlohmann::json()}});
    }
    out.push_back({{"service", service.service},
                   {"quota", service.quota ? nlohmann::json(*service.quota) : nlohmann::json()},
                   {"accepted", service.accepted},
                   {"entries", entries}});
  }
  return out;
}

std::string render_ranking_table(const Program& program, const Meeting& meeting,
                                 const ReviewResult& result) {
  std::string out = fmt::format(
      "{} technical review {}: committee {}, attending {} (quorum: at least half, {})\n",
      program.id, meeting.date.to_string(), result.committee, result.attending,
      (result.committee + 1) / 2);
  out += fmt::format(
      "qualified: more than half of the attending reviewers ({} of {}) give {} or "
      "more\n",
      result.attending / 2 + 1, result.attending, program.review.pass_score);
  for (const auto& mode : result.modes) {
    if (mode.qualified.empty() && mode.not_qualified.empty()) continue;
    out += fmt::format("\n{} ({})\n", mode.mode, mode_name(program, mode.mode));
    std::string reviewers;
    for (const auto& reviewer : meeting.attending) reviewers += fmt::format(" {:>11}", reviewer);
    out += fmt::format("{:>4}  {:<12} {:>4} {:>4} {:>6} {:>8} {:>6} {:>7}  {:<13}{}\n", "pos",
                       "application", "sat", "pts", "passes", "rank_sum", "firsts", "total",
                       "decided_by", reviewers);
    for (const auto& item : mode.qualified) {
      std::string marks;
      for (const auto& mark : item.marks) {
        marks += fmt::format(" {:>11}", fmt::format("{}/r{}({})", score_text(mark.total),
                                                    mark.qualified_rank, mark.given_rank));
      }
      out += fmt::format("{:>4}  {:<12} {:>4} {:>4} {:>6} {:>8} {:>6} {:>7}  {:<13}{}\n",
                         item.decided_by == "unresolved" ? "=" + std::to_string(item.position)
                                                         : std::to_string(item.position),
                         item.id, item.satellites, item.satellite_points, item.passes,
                         item.rank_sum, item.first_places, score_text(item.total_score),
                         item.decided_by.empty() ? "-" : item.decided_by, marks);
    }
    if (mode.qualified.empty()) out += "  (no qualified application)\n";
    for (const auto& item : mode.not_qualified) {
      out += fmt::format(
          "   -  {:<12} not qualified: {} of {} reviewers gave {} or more; total {}\n", item.id,
          item.passes, result.attending, program.review.pass_score, score_text(item.total_score));
    }
    if (mode.has_unresolved_tie) {
      out +=
          "  '=': tied on rank sum, first places and total score; draw lots and record them "
          "under lots:\n";
    }
  }
  out += "\ncells: total score/rank among the qualified(rank as given)\n";
  return out;
}

nlohmann::json ranking_json(const Program& program, const Meeting& meeting,
                            const ReviewResult& result) {
  nlohmann::json modes = nlohmann::json::array();
  const auto item_json = [](const RankedApplication& item) {
    nlohmann::json marks = nlohmann::json::array();
    for (const auto& mark : item.marks) {
      marks.push_back({{"reviewer", mark.reviewer},
                       {"total", mark.total},
                       {"passes", mark.passes},
                       {"given_rank", mark.given_rank},
                       {"qualified_rank", mark.qualified_rank}});
    }
    return nlohmann::json{{"application", item.id},
                          {"guidance_unit", item.guidance_unit},
                          {"satellites", item.satellites},
                          {"satellite_points", item.satellite_points},
                          {"passes", item.passes},
                          {"qualified", item.qualified},
                          {"position", item.position},
                          {"rank_sum", item.rank_sum},
                          {"first_places", item.first_places},
                          {"total_score", item.total_score},
                          {"decided_by", item.decided_by},
                          {"marks", marks}};
  };
  for (const auto& mode : result.modes) {
    nlohmann::json qualified = nlohmann::json::array();
    nlohmann::json not_qualified = nlohmann::json::array();
    for (const auto& item : mode.qualified) qualified.push_back(item_json(item));
    for (const auto& item : mode.not_qualified) not_qualified.push_back(item_json(item));
    modes.push_back({{"mode", mode.mode},
                     {"unresolved_tie", mode.has_unresolved_tie},
                     {"qualified", qualified},
                     {"not_qualified", not_qualified}});
  }
  nlohmann::json lots = nlohmann::json::array();
  for (const auto& drawing : meeting.lots) {
    lots.push_back({{"mode", drawing.mode},
                    {"order", drawing.order},
                    {"drawn_by", drawing.drawn_by},
                    {"witnessed_by", drawing.witnessed_by}});
  }
  return {{"program", program.id},
          {"date", meeting.date.to_string()},
          {"committee", result.committee},
          {"attending", meeting.attending},
          {"pass_score", program.review.pass_score},
          {"lots", lots},
          {"modes", modes}};
}

std::string render_ranking_csv(const Meeting& meeting, const ReviewResult& result) {
  std::string out =
      "mode,position,application,guidance_unit,satellites,satellite_points,passes,"
      "qualified,rank_sum,first_places,total_score,decided_by";
  for (const auto& reviewer : meeting.attending) {
    out += "," + csv_escape(reviewer + " score") + "," + csv_escape(reviewer + " rank");
  }
  out += "\n";
  const auto row = [&](const std::string& mode, const RankedApplication& item) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}", csv_escape(mode),
                       item.qualified ? std::to_string(item.position) : "", csv_escape(item.id),
                       csv_escape(item.guidance_unit), item.satellites, item.satellite_points,
                       item.passes, item.qualified ? "yes" : "no",
                       item.qualified ? std::to_string(item.rank_sum) : "",
                       item.qualified ? std::to_string(item.first_places) : "",
                       score_text(item.total_score), item.decided_by);
    for (const auto& mark : item.marks) {
      out += fmt::format(",{},{}", score_text(mark.total), mark.given_rank);
    }
    out += "\n";
  };
  for (const auto& mode : result.modes) {
    for (const auto& item : mode.qualified) row(mode.mode, item);
    for (const auto& item : mode.not_qualified) row(mode.mode, item);
  }
  return out;
}

std::string render_schedule_table(const std::vector<ScheduledDuty>& duties) {
  std::string out = fmt::format("{:<10}  {:<20} {:<12} {:>5} {:>6} {:>7}  {}\n", "due", "duty",
                                "subject", "count", "hours", "people", "rule / title");
  for (const auto& duty : duties) {
    out += fmt::format(
        "{:<10}  {:<20} {:<12} {:>5} {:>6} {:>7}  {}; {}\n", duty.due ? duty.due->to_string() : "-",
        duty.id, duty.subject.empty() ? "-" : duty.subject,
        duty.occurrences > 0 ? std::to_string(duty.occurrences)
                             : (duty.min_count > 0 ? std::to_string(duty.min_count) : "-"),
        duty.min_hours > 0 ? score_text(duty.min_hours) : "-",
        duty.min_participants > 0 ? std::to_string(duty.min_participants) : "-", duty.rule,
        duty.title);
  }
  return out;
}

nlohmann::json schedule_json(const std::vector<ScheduledDuty>& duties) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& duty : duties) {
    out.push_back({{"id", duty.id},
                   {"title", duty.title},
                   {"subject", duty.subject},
                   {"due", duty.due ? nlohmann::json(duty.due->to_string()) : nlohmann::json()},
                   {"rule", duty.rule},
                   {"min_count", duty.min_count},
                   {"min_hours", duty.min_hours},
                   {"min_participants", duty.min_participants},
                   {"occurrences", duty.occurrences},
                   {"evidence", duty.evidence},
                   {"cite", duty.cite}});
  }
  return out;
}

std::string render_funding_table(const FundingResult& funding, std::optional<long> expense_ntd) {
  std::string out = fmt::format("mode {}\n", funding.mode);
  out += fmt::format("  government funds   {:>12}\n", ntd(funding.government_base));
  if (funding.dropped > 0) {
    out += fmt::format("  deduction          {:>12}  ({} satellite(s) dropped)\n",
                       ntd(-funding.deduction), funding.dropped);
    out += fmt::format("  government, net    {:>12}\n", ntd(funding.government));
  }
  out += fmt::format("  own funds          {:>12}  (at least {})\n", ntd(funding.own),
                     ntd(funding.own_min));
  out += fmt::format("  total              {:>12}\n", ntd(funding.total));
  out += fmt::format("  government share   {:>11.4f}%  of every expense\n",
                     100.0 * funding.government_share);
  if (expense_ntd) {
    const auto [government, own] = split_expense(funding, *expense_ntd);
    out += fmt::format("  expense {}: government {}, own funds {}\n", ntd(*expense_ntd),
                       ntd(government), ntd(own));
  }
  out += fmt::format("  [{}]\n", funding.cite);
  return out;
}

nlohmann::json funding_json(const FundingResult& funding, std::optional<long> expense_ntd) {
  nlohmann::json out = {{"mode", funding.mode},
                        {"government_base", funding.government_base},
                        {"dropped_satellites", funding.dropped},
                        {"deduction", funding.deduction},
                        {"government", funding.government},
                        {"own_min", funding.own_min},
                        {"own", funding.own},
                        {"total", funding.total},
                        {"government_share", funding.government_share},
                        {"cite", funding.cite}};
  if (expense_ntd) {
    const auto [government, own] = split_expense(funding, *expense_ntd);
    out["expense"] = {{"amount", *expense_ntd}, {"government", government}, {"own", own}};
  }
  return out;
}

std::string render_fee_table(const Program& program) {
  std::string out;
  for (const auto& service : program.services) {
    out += fmt::format("{:<26} quota {:>4}  fee {:>10}  {}\n", service.id,
                       service.quota ? std::to_string(*service.quota) : "-",
                       service.fee_ntd ? ntd(*service.fee_ntd) : "-", service.fee_note);
  }
  return out;
}

}  // namespace cl::io
