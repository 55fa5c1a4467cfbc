// The life of an offset project (OFS-4): development and feasibility → project plan (計畫書) →
// validation (確證) → registration with the authority (註冊) → monitoring report (監測報告書) →
// verification (查證) → credit application (額度申請) → credits issued (核發). After issuance
// the next monitoring period starts again at the monitoring report. A mature method whose
// registration needs no third-party validation (successor regime, reference §8) may go from
// the plan straight to registration. Every stage names its responsible party and date; every
// stage after feasibility needs at least one document. Anything else is offsets.stage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "core/offsets/date.hpp"

namespace cl::offsets {

enum class Stage {
  feasibility,
  plan,
  validation,
  registration,
  monitoring_report,
  verification,
  credit_application,
  issued,
};

struct StageRecord {
  Stage stage = Stage::feasibility;
  Date date;
  std::string responsible;             ///< the party responsible: consultant, verifier, MOENV ...
  std::vector<std::string> documents;  ///< document names or references
  std::string note;
  RecordRef where;  ///< where the record is written (file, line), for errors
};

std::string_view stage_id(Stage stage);
/// "計畫書製備 project plan".
std::string_view stage_title(Stage stage);
std::optional<Stage> find_stage(std::string_view id);

/// The stages that may follow `current` (the first stage when there is none yet).
std::vector<Stage> next_stages(std::optional<Stage> current, bool skips_validation);

/// One step: offsets.stage when `next` may not follow `current`, when its date is before the
/// previous one, or when it lacks a responsible party or a required document.
Result<void> check_transition(std::optional<Stage> current, const std::optional<Date>& last_date,
                              const StageRecord& next, bool skips_validation,
                              const RecordRef& where);

/// A whole history, in order; the stage reached.
Result<std::optional<Stage>> check_history(const std::vector<StageRecord>& history,
                                           bool skips_validation, const RecordRef& where);

}  // namespace cl::offsets
