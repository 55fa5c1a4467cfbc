#include "core/program/ledger.hpp"

#include <algorithm>
#include <set>

namespace cl::program {
namespace {

std::string ntd(long amount) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  for (auto pos = static_cast<long>(digits.size()) - 3; pos > 0; pos -= 3) {
    digits.insert(static_cast<std::size_t>(pos), ",");
  }
  return std::string(amount < 0 ? "-" : "") + "NT$" + digits;
}

}  // namespace

Result<void> check_cost_items(const FundingResult& funding, const std::vector<CostItem>& items) {
  if (items.empty()) {
    return fail(ErrorCode::parse_bad_value,
                "the approved plan lists its cost items (會計科目), e.g. "
                "[{\"id\": \"personnel\", \"name\": \"人事費\", \"budget\": 300000}]",
                {.field = "cost_items"});
  }
  std::set<std::string> seen;
  long sum = 0;
  for (std::size_t idx = 0; idx < items.size(); ++idx) {
    const auto& item = items[idx];
    const std::string field = "cost_items[" + std::to_string(idx) + "]";
    if (item.id.empty()) {
      return fail(ErrorCode::parse_bad_value, field + " has no id", {.field = field + ".id"});
    }
    if (!seen.insert(item.id).second) {
      return fail(ErrorCode::parse_bad_value,
                  "cost item '" + item.id + "' is listed twice; list each cost item once",
                  {.field = field + ".id"});
    }
    if (item.budget_ntd < 0) {
      return fail(ErrorCode::parse_bad_value,
                  "cost item '" + item.id + "' has a negative budget " + ntd(item.budget_ntd),
                  {.field = field + ".budget"});
    }
    sum += item.budget_ntd;
  }
  if (sum != funding.total) {
    return fail(ErrorCode::program_over_budget,
                "the cost items add up to " + ntd(sum) + " but the case's funds are " +
                    ntd(funding.total) + " (government " + ntd(funding.government) + " + own " +
                    ntd(funding.own) + "); budget every dollar of the approved plan once (" +
                    funding.cite + ")",
                {.field = "cost_items"});
  }
  return {};
}

Result<std::pair<long, long>> check_expense(const FundingResult& funding,
                                            const std::vector<CostItem>& items, const Spent& spent,
                                            const std::string& item, long amount_ntd) {
  if (amount_ntd <= 0) {
    return fail(ErrorCode::parse_bad_value,
                "amount " + std::to_string(amount_ntd) +
                    " is not an expense: give the amount in whole NT$, more than 0",
                {.field = "amount"});
  }
  const auto found = std::find_if(items.begin(), items.end(), [&item](const CostItem& candidate) {
    return candidate.id == item;
  });
  if (found == items.end()) {
    std::string ids;
    for (const auto& candidate : items) ids += (ids.empty() ? "" : ", ") + candidate.id;
    return fail(ErrorCode::parse_bad_value,
                "cost item '" + item + "' is not in the approved plan; book it on one of " + ids +
                    " (seed 004 伍.五: 經費科目應與申請計畫書上所列一致)",
                {.field = "cost_item"});
  }
  const auto by_item = spent.by_item.find(item);
  const long item_spent = by_item == spent.by_item.end() ? 0 : by_item->second;
  const long item_left = found->budget_ntd - item_spent;
  if (amount_ntd > item_left) {
    return fail(ErrorCode::program_over_budget,
                "an expense of " + ntd(amount_ntd) + " exceeds what is left of cost item '" +
                    found->id + "' (" + found->name + "): " + ntd(item_left) + " of " +
                    ntd(found->budget_ntd) + "; book less or request a budget change first",
                {.field = "cost_item"});
  }
  const auto split = split_expense(funding, amount_ntd);
  const long government_left = funding.government - spent.government;
  if (split.first > government_left) {
    return fail(ErrorCode::program_over_budget,
                "the government part " + ntd(split.first) + " of this expense exceeds the " +
                    ntd(government_left) + " of government funds left (of " +
                    ntd(funding.government) + ", " + funding.cite + ")",
                {.field = "government"});
  }
  const long own_left = funding.own - spent.own;
  if (split.second > own_left) {
    return fail(ErrorCode::program_over_budget,
                "the own-funds part " + ntd(split.second) + " of this expense exceeds the " +
                    ntd(own_left) + " of own funds left (of " + ntd(funding.own) + ")",
                {.field = "own"});
  }
  return split;
}

Result<const ChangeLimit*> check_change(const Program& program, const std::string& mode,
                                        const std::string& change_id, const Date& date,
                                        int earlier) {
  const ChangeLimit* limit = nullptr;
  std::string kinds;
  for (const auto& change : program.changes) {
    const bool for_mode =
        change.modes.empty() ||
        std::find(change.modes.begin(), change.modes.end(), mode) != change.modes.end();
    if (!for_mode) continue;
    kinds += (kinds.empty() ? "" : ", ") + change.id;
    if (change.id == change_id) limit = &change;
  }
  if (limit == nullptr) {
    return fail(ErrorCode::parse_bad_value,
                "'" + change_id + "' is not a change a " + mode + " case of " + program.id +
                    " may request; kinds: " + kinds,
                {.field = "kind"});
  }
  if (limit->max_per_case <= 0) {
    return fail(ErrorCode::program_change_refused,
                limit->what + ": no change allowed (" + limit->cite + ")", {.field = "kind"});
  }
  if (limit->by && date > *limit->by) {
    return fail(ErrorCode::program_after_deadline,
                limit->what + " must be made by " + limit->by->to_string() + "; " +
                    date.to_string() + " is too late (" + limit->cite + ")",
                {.field = "date"});
  }
  if (earlier >= limit->max_per_case) {
    return fail(ErrorCode::program_change_refused,
                limit->what + ": at most " + std::to_string(limit->max_per_case) +
                    " per case and this case already has " + std::to_string(earlier) + " (" +
                    limit->cite + ")",
                {.field = "kind"});
  }
  return limit;
}

}  // namespace cl::program
