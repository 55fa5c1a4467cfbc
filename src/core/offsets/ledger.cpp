#include "core/offsets/ledger.hpp"

#include "core/offsets/date.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/offsets/project.hpp"

namespace cl::offsets {
namespace {

using namespace std::string_view_literals;

constexpr std::array kPurposes = {
    std::pair{UsePurpose::excess_emissions, "excess_emissions"sv},
    std::pair{UsePurpose::eia_increment, "eia_increment"sv},
    std::pair{UsePurpose::voluntary, "voluntary"sv},
};

std::string range_text(const SerialRange& range) {
  return range.first == range.last ? std::to_string(range.first)
                                   : std::to_string(range.first) + "-" + std::to_string(range.last);
}

}  // namespace

std::string_view credit_status_id(CreditStatus status) {
  switch (status) {
    case CreditStatus::active:
      return "active";
    case CreditStatus::used:
      return "used";
    case CreditStatus::retired:
      return "retired";
  }
  return "unknown";
}

std::string_view use_purpose_id(UsePurpose purpose) {
  for (const auto& [value, id] : kPurposes) {
    if (value == purpose) return id;
  }
  return "unknown";
}

std::optional<UsePurpose> find_use_purpose(std::string_view id) {
  for (const auto& [value, candidate] : kPurposes) {
    if (candidate == id) return value;
  }
  return std::nullopt;
}

Result<void> CreditLedger::add_verified(const VerifiedReduction& verified) {
  if (!std::isfinite(verified.reduction_t) || verified.reduction_t < 0.0) {
    return fail(ErrorCode::offsets_credit,
                "the verified reduction of " + verified.project + " period " + verified.period +
                    " must be a number ≥ 0 t CO2e",
                {.field = "reduction_t", .record = verified.project});
  }
  for (const auto& item : verified_) {
    if (item.project == verified.project && item.period == verified.period) {
      return fail(ErrorCode::offsets_credit,
                  "the reduction of " + verified.project + " period " + verified.period +
                      " is already recorded; a period is verified once",
                  {.field = "period", .record = verified.project});
    }
  }
  verified_.push_back(verified);
  return {};
}

std::uint64_t CreditLedger::issued_for(const std::string& project,
                                       const std::string& period) const {
  const auto found = issued_.find({project, period});
  return found == issued_.end() ? 0 : found->second;
}

Result<SerialRange> CreditLedger::issue(const std::string& project, const std::string& period,
                                        const std::string& holder, std::uint64_t quantity) {
  ++events_;
  const RecordRef where{.field = "issue", .record = project};
  const auto verified = std::find_if(verified_.begin(), verified_.end(), [&](const auto& item) {
    return item.project == project && item.period == period;
  });
  if (verified == verified_.end()) {
    return fail(ErrorCode::offsets_credit,
                "no verified reduction of " + project + " for period " + period +
                    "; credits are issued only after verification (查證)",
                where);
  }
  if (quantity == 0) {
    return fail(ErrorCode::offsets_credit, "an issuance needs a quantity of at least 1 t CO2e",
                where);
  }
  const auto cap = static_cast<std::uint64_t>(credits_of(verified->reduction_t));
  const std::uint64_t already = issued_for(project, period);
  if (already + quantity > cap) {
    return fail(ErrorCode::offsets_credit,
                "issuing " + std::to_string(quantity) + " credits for " + project + " period " +
                    period + " would make " + std::to_string(already + quantity) +
                    ", more than the verified reduction allows (" + std::to_string(cap) +
                    " whole t CO2e of " + format_number(verified->reduction_t) + ")",
                where);
  }
  const SerialRange range{next_serial_, next_serial_ + quantity - 1};
  next_serial_ += quantity;
  issued_[{project, period}] = already + quantity;
  blocks_.push_back(
      {range, project, period, holder, CreditStatus::active, std::nullopt, {}, events_});
  return range;
}

void CreditLedger::split_at(std::uint64_t serial) {
  for (std::size_t idx = 0; idx < blocks_.size(); ++idx) {
    auto& block = blocks_[idx];
    if (block.serials.first < serial && serial <= block.serials.last) {
      CreditBlock tail = block;
      tail.serials.first = serial;
      block.serials.last = serial - 1;
      blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(idx) + 1, tail);
      return;
    }
  }
}

Result<std::vector<std::size_t>> CreditLedger::select(const std::string& holder,
                                                      const Selection& which,
                                                      std::string_view action) {
  const RecordRef where{.field = std::string(action), .record = holder};
  SerialRange range;
  if (which.serials) {
    range = *which.serials;
    if (range.first == 0 || range.last < range.first || range.last >= next_serial_) {
      return fail(ErrorCode::offsets_credit,
                  "serials " + range_text(range) + " are not issued credits (issued: 1-" +
                      std::to_string(next_serial_ - 1) + ")",
                  where);
    }
  } else {
    // The holder's lowest active serials, of one project when named.
    if (which.quantity == 0) {
      return fail(ErrorCode::offsets_credit, "give serials or a quantity of at least 1", where);
    }
    std::uint64_t remaining = which.quantity;
    std::vector<SerialRange> picks;
    for (const auto& block : blocks_) {
      if (remaining == 0) break;
      if (block.holder != holder || block.status != CreditStatus::active) continue;
      if (!which.project.empty() && block.project != which.project) continue;
      const std::uint64_t take = std::min(remaining, block.serials.size());
      picks.push_back({block.serials.first, block.serials.first + take - 1});
      remaining -= take;
    }
    if (remaining > 0) {
      return fail(
          ErrorCode::offsets_credit,
          holder + " holds " + std::to_string(which.quantity - remaining) + " active credits" +
              (which.project.empty() ? std::string() : " of " + which.project) +
              ", fewer than the " + std::to_string(which.quantity) + " to " + std::string(action),
          where);
    }
    std::vector<std::size_t> out;
    for (const auto& pick : picks) {
      split_at(pick.first);
      split_at(pick.last + 1);
    }
    for (std::size_t idx = 0; idx < blocks_.size(); ++idx) {
      for (const auto& pick : picks) {
        if (blocks_[idx].serials.first >= pick.first && blocks_[idx].serials.last <= pick.last) {
          out.push_back(idx);
        }
      }
    }
    return out;
  }
  // Check the whole range before changing anything, so a refused operation changes nothing.
  for (const auto& block : blocks_) {
    if (block.serials.last < range.first || block.serials.first > range.last) continue;
    const SerialRange overlap{std::max(block.serials.first, range.first),
                              std::min(block.serials.last, range.last)};
    if (block.status != CreditStatus::active) {
      return fail(ErrorCode::offsets_credit_used,
                  "credit serials " + range_text(overlap) + " were already " +
                      std::string(credit_status_id(block.status)) +
                      (block.purpose ? " against " + std::string(use_purpose_id(*block.purpose))
                                     : std::string()) +
                      " (event " + std::to_string(block.event) + ") and cannot be " +
                      std::string(action) + "d; a credit is used or retired once",
                  where);
    }
    if (block.holder != holder) {
      return fail(
          ErrorCode::offsets_credit,
          "credits " + range_text(overlap) + " are held by " + block.holder + ", not " + holder,
          where);
    }
    if (!which.project.empty() && block.project != which.project) {
      return fail(ErrorCode::offsets_credit,
                  "credits " + range_text(overlap) + " are of project " + block.project + ", not " +
                      which.project,
                  where);
    }
  }
  split_at(range.first);
  split_at(range.last + 1);
  std::vector<std::size_t> out;
  for (std::size_t idx = 0; idx < blocks_.size(); ++idx) {
    if (blocks_[idx].serials.first >= range.first && blocks_[idx].serials.last <= range.last) {
      out.push_back(idx);
    }
  }
  return out;
}

Result<void> CreditLedger::transfer(const std::string& from, const std::string& to,
                                    const Selection& which) {
  ++events_;
  if (to.empty() || to == from) {
    return fail(ErrorCode::offsets_credit, "a transfer needs another holder to receive it",
                {.field = "to", .record = from});
  }
  auto picked = select(from, which, "transfer");
  if (!picked) return tl::unexpected(picked.error());
  for (std::size_t idx : *picked) {
    blocks_[idx].holder = to;
    blocks_[idx].event = events_;
  }
  return {};
}

Result<void> CreditLedger::use(const std::string& holder, const Selection& which,
                               UsePurpose purpose, const std::string& reference) {
  ++events_;
  auto picked = select(holder, which, "use");
  if (!picked) return tl::unexpected(picked.error());
  for (std::size_t idx : *picked) {
    blocks_[idx].status = CreditStatus::used;
    blocks_[idx].purpose = purpose;
    blocks_[idx].reference = reference;
    blocks_[idx].event = events_;
  }
  return {};
}

Result<void> CreditLedger::retire(const std::string& holder, const Selection& which,
                                  const std::string& reference) {
  ++events_;
  auto picked = select(holder, which, "retire");
  if (!picked) return tl::unexpected(picked.error());
  for (std::size_t idx : *picked) {
    blocks_[idx].status = CreditStatus::retired;
    blocks_[idx].reference = reference;
    blocks_[idx].event = events_;
  }
  return {};
}

std::map<std::string, HolderBalance> CreditLedger::balances() const {
  std::map<std::string, HolderBalance> out;
  for (const auto& block : blocks_) {
    auto& balance = out[block.holder];
    const auto size = static_cast<double>(block.serials.size());
    switch (block.status) {
      case CreditStatus::active:
        balance.active += size;
        break;
      case CreditStatus::used:
        balance.used += size;
        break;
      case CreditStatus::retired:
        balance.retired += size;
        break;
    }
  }
  return out;
}

}  // namespace cl::offsets
