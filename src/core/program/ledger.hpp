// A case's funding ledger and its change requests (DEM-7, DEM-9; seed 004 伍.二–三, 陸.三):
// the cost items of the approved plan (會計科目, "經費科目應與申請計畫書上所列一致"), every
// expense checked against the remaining budget of its cost item and of each fund before it is
// booked, and every change request checked against the definition's change limits (kind, count
// per case, date). The seed names no cost items of its own (it refers to the bureau's
// 會計科目說明), so the cost items are the approved plan's, entered by the office with the funding
// record.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/program/date.hpp"
#include "core/program/definition.hpp"
#include "core/program/funding.hpp"

namespace cl::program {

struct CostItem {
  std::string id;    ///< e.g. personnel, travel
  std::string name;  ///< as in the approved plan, e.g. 人事費
  long budget_ntd = 0;
};

/// The cost items as approved: ids non-empty and unique, budgets ≥ 0, adding up to the case's
/// total funds (government + own). program.over_budget (field cost_items) when they do not add
/// up; parse.bad_value for an empty or repeated id or a negative budget.
Result<void> check_cost_items(const FundingResult& funding, const std::vector<CostItem>& items);

/// What the ledger has booked so far.
struct Spent {
  long government = 0;
  long own = 0;
  std::map<std::string, long> by_item;  ///< cost item id → amount (both funds)
};

/// The split (government, own) of a new expense of `amount_ntd` on `item`, after checking it:
/// parse.bad_value (field amount) unless positive; parse.bad_value (field cost_item) for a cost
/// item not approved; program.over_budget naming cost_item, government or own when the expense
/// would take that budget below zero. Nothing is booked here.
Result<std::pair<long, long>> check_expense(const FundingResult& funding,
                                            const std::vector<CostItem>& items, const Spent& spent,
                                            const std::string& item, long amount_ntd);

/// May a change of kind `change_id` (a ChangeLimit id of the definition) be made on `date` for a
/// case of `mode` that already has `earlier` changes of that kind (pending or approved)?
/// parse.bad_value (field kind) for a kind the definition does not know or one not for the
/// mode; program.after_deadline (field date) after the limit's date; program.change_refused
/// (field kind) when the count per case is used up (a kind with 0 never changes). The message
/// cites the rule.
Result<const ChangeLimit*> check_change(const Program& program, const std::string& mode,
                                        const std::string& change_id, const Date& date,
                                        int earlier);

}  // namespace cl::program
