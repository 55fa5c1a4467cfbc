// Eligibility of applications, rule by rule (APP-3, DEM-1 to DEM-4): every refusal is reported,
// each with the rule, the reason in the seed's terms, the field it is about and the citation.
// Missing or malformed form fields make an application incomplete (a request for documents,
// APP-4 / 柒.二.(一)), not refused.
#pragma once

#include <string>
#include <vector>

#include "core/common/error_code.hpp"
#include "core/program/application.hpp"
#include "core/program/definition.hpp"

namespace cl::program {

struct Finding {
  std::string rule;  ///< the rule's id in the definition, or "form:<form id>"
  ErrorCode code = ErrorCode::program_ineligible;
  std::string reason;
  std::string field;  ///< dotted path in the application, when about one field
  std::string cite;
};

struct EligibilityResult {
  std::string application;
  std::vector<Finding> refusals;    ///< each one alone makes the application ineligible
  std::vector<Finding> incomplete;  ///< to be requested from the applicant
  bool eligible() const { return refusals.empty(); }
  bool complete() const { return incomplete.empty(); }
};

/// The services and mode an application is for (the scope ids its rules are matched against).
std::vector<std::string> targets_of(const Application& application);

/// True when submitted after the deadline ("on or before the day", or "before the time").
bool is_late(const DateTime& submitted, const Deadline& deadline);

/// Checks one application against every rule of the program that applies to it.
EligibilityResult check_eligibility(const Program& program, const Application& application);

/// Checks a batch: each application alone, then the rules across applications (one case per
/// company: a later application of a company that already applied is refused).
std::vector<EligibilityResult> check_eligibility(const Program& program,
                                                 const std::vector<Application>& applications);

}  // namespace cl::program
