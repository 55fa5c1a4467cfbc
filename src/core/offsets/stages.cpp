#include "core/offsets/stages.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace cl::offsets {
namespace {

using namespace std::string_view_literals;

struct StageInfo {
  Stage stage;
  std::string_view id;
  std::string_view title;
};

constexpr std::array kStages = {
    StageInfo{Stage::feasibility, "feasibility"sv,
              "開發及可行性評估 development and feasibility"sv},
    StageInfo{Stage::plan, "plan"sv, "計畫書製備 project plan"sv},
    StageInfo{Stage::validation, "validation"sv, "確證 validation"sv},
    StageInfo{Stage::registration, "registration"sv, "註冊 registration"sv},
    StageInfo{Stage::monitoring_report, "monitoring_report"sv, "監測報告書 monitoring report"sv},
    StageInfo{Stage::verification, "verification"sv, "查證 verification"sv},
    StageInfo{Stage::credit_application, "credit_application"sv, "額度申請 credit application"sv},
    StageInfo{Stage::issued, "issued"sv, "額度核發 credits issued"sv},
};

std::string list_of(const std::vector<Stage>& stages) {
  std::string out;
  for (Stage stage : stages) out += (out.empty() ? "" : " or ") + std::string(stage_id(stage));
  return out;
}

}  // namespace

std::string_view stage_id(Stage stage) {
  for (const auto& info : kStages) {
    if (info.stage == stage) return info.id;
  }
  return "unknown";
}

std::string_view stage_title(Stage stage) {
  for (const auto& info : kStages) {
    if (info.stage == stage) return info.title;
  }
  return "unknown";
}

std::optional<Stage> find_stage(std::string_view id) {
  for (const auto& info : kStages) {
    if (info.id == id) return info.stage;
  }
  return std::nullopt;
}

std::vector<Stage> next_stages(std::optional<Stage> current, bool skips_validation) {
  if (!current) return {Stage::feasibility};
  switch (*current) {
    case Stage::feasibility:
      return {Stage::plan};
    case Stage::plan:
      if (skips_validation) return {Stage::validation, Stage::registration};
      return {Stage::validation};
    case Stage::validation:
      return {Stage::registration};
    case Stage::registration:
      return {Stage::monitoring_report};
    case Stage::monitoring_report:
      return {Stage::verification};
    case Stage::verification:
      return {Stage::credit_application};
    case Stage::credit_application:
      return {Stage::issued};
    case Stage::issued:
      return {Stage::monitoring_report};
  }
  return {};
}

Result<void> check_transition(std::optional<Stage> current, const std::optional<Date>& last_date,
                              const StageRecord& next, bool skips_validation,
                              const RecordRef& where) {
  const auto allowed = next_stages(current, skips_validation);
  if (std::find(allowed.begin(), allowed.end(), next.stage) == allowed.end()) {
    return fail(ErrorCode::offsets_stage,
                "stage " + std::string(stage_id(next.stage)) + " cannot follow " +
                    (current ? std::string(stage_id(*current)) : std::string("the start")) +
                    "; the next stage must be " + list_of(allowed),
                where);
  }
  if (last_date && next.date < *last_date) {
    return fail(ErrorCode::offsets_stage,
                "stage " + std::string(stage_id(next.stage)) + " is dated " +
                    next.date.to_string() + ", before the previous stage (" +
                    last_date->to_string() + "); stages happen in order",
                where);
  }
  if (next.responsible.empty()) {
    return fail(
        ErrorCode::offsets_stage,
        "stage " + std::string(stage_id(next.stage)) + " needs the responsible party (responsible)",
        where);
  }
  if (next.stage != Stage::feasibility && next.documents.empty()) {
    return fail(ErrorCode::offsets_stage,
                "stage " + std::string(stage_id(next.stage)) +
                    " needs at least one document (e.g. " + std::string(stage_title(next.stage)) +
                    ")",
                where);
  }
  return {};
}

Result<std::optional<Stage>> check_history(const std::vector<StageRecord>& history,
                                           bool skips_validation, const RecordRef& where) {
  std::optional<Stage> current;
  std::optional<Date> last_date;
  for (std::size_t idx = 0; idx < history.size(); ++idx) {
    RecordRef at = history[idx].where.empty() ? where : history[idx].where;
    at.field = "stages[" + std::to_string(idx) + "]";
    if (at.record.empty()) at.record = where.record;
    if (auto ok = check_transition(current, last_date, history[idx], skips_validation, at); !ok) {
      return tl::unexpected(ok.error());
    }
    current = history[idx].stage;
    last_date = history[idx].date;
  }
  return current;
}

}  // namespace cl::offsets
