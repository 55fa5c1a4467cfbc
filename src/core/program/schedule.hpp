// Execution duties of a case with their due dates, from the approval date (DEM-6, DEM-7,
// APP-5; seed 004 參 and 陸, seed 000 注意事項): each duty of the definition that applies to the
// mode or service, with its minimum (count, hours, participants), the evidence it needs, and a
// due date from its rule: after the approval or the kickoff, at the midpoint or the end of
// execution, on a fixed date, or yearly after the program ends. A duty per satellite is listed
// once per satellite.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/program/definition.hpp"

namespace cl::program {

struct ScheduleInput {
  Date approved;
  std::string mode;  ///< a mode or a service id
  int satellites = 0;
  std::optional<Date> kickoff;  ///< the kickoff's date when set (the invitation counts back)
};

struct ScheduledDuty {
  std::string id;
  std::string title;
  std::string subject;  ///< "satellite 2", "year 1", or empty
  std::optional<Date> due;
  std::string rule;  ///< the due rule in words, e.g. "approval + 1 month"
  int min_count = 0;
  double min_hours = 0;
  int min_participants = 0;
  int occurrences = 0;  ///< for a recurring duty: how many fall in the execution period
  std::vector<std::string> evidence;
  std::string cite;
};

Result<std::vector<ScheduledDuty>> schedule_duties(const Program& program,
                                                   const ScheduleInput& input);

}  // namespace cl::program
