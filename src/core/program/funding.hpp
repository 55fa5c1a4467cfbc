// Funding per case (DEM-5, DEM-9, seed 004 貳.五 and 陸.三.3.(2)): government funds and the
// factory's own funds by mode; each satellite dropped after signing deducts a fixed amount of
// government funds, and a central-satellite case never goes below its minimum of satellites
// (added satellites earn points at review but no more funds). Both funds sit in one ledger and
// every expense is split between them in the approved proportion. Fees of the 2023 services
// (APP-2) come with the service.
#pragma once

#include <optional>
#include <string>

#include "core/common/result.hpp"
#include "core/program/definition.hpp"

namespace cl::program {

struct FundingInput {
  std::string mode;
  int satellites_signed = 0;    ///< satellites in the signed plan
  int satellites_now = 0;       ///< satellites after changes
  std::optional<long> own_ntd;  ///< the factory's own funds as budgeted; default the minimum
};

struct FundingResult {
  std::string mode;
  long government_base = 0;
  int dropped = 0;
  long deduction = 0;
  long government = 0;  ///< after deductions
  long own_min = 0;
  long own = 0;
  long total = 0;
  double government_share = 0;  ///< of every expense (DEM-9)
  std::string cite;
};

Result<FundingResult> fund_case(const Program& program, const FundingInput& input);

/// An expense split in the approved proportion; the government part rounded to the NT$ (half
/// up), the own part the rest, so the two always add up to the expense.
std::pair<long, long> split_expense(const FundingResult& funding, long expense_ntd);

}  // namespace cl::program
