// Quotas and priority (APP-2, APP-4): each service's places go to the eligible, complete
// applications, first the ones already accepted (a place once given is never taken back), then
// by priority class (the definition's classes in order, then everyone else), then first come.
// The rest wait in that order. An application with a request for missing documents waits for
// them until the request's due date; when it passes unanswered the application counts as
// withdrawn (「如經通知未完成資料補正者視同放棄」).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/program/eligibility.hpp"

namespace cl::program {

enum class IntakeStatus { accepted, waiting, awaiting_documents, withdrawn, refused };
std::string_view intake_status_id(IntakeStatus status);

struct IntakeEntry {
  std::string application;
  IntakeStatus status = IntakeStatus::waiting;
  int priority = 0;           ///< 1-based class; classes + 1 = none of them
  std::string priority_name;  ///< the class's name, or "others"
  int position = 0;           ///< place number when accepted, waiting-list number when waiting
  std::string reason;
  std::optional<Date> documents_due;
};

struct ServiceIntake {
  std::string service;
  std::optional<int> quota;
  int accepted = 0;
  std::vector<IntakeEntry> entries;  ///< accepted, then waiting, awaiting, withdrawn, refused
};

/// The application's priority class for a service (1-based) and the class name.
std::pair<int, std::string> priority_of(const Program& program, const std::string& service,
                                        const Application& application);

/// The due date of a request for missing documents.
Date request_due(const Program& program, const DocumentRequest& request);

/// Places per service as of a date. `checks` are check_eligibility(program, applications).
std::vector<ServiceIntake> allocate(const Program& program,
                                    const std::vector<Application>& applications,
                                    const std::vector<EligibilityResult>& checks,
                                    const Date& as_of);

}  // namespace cl::program
