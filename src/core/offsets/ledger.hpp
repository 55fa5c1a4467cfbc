// The credit ledger (減量額度帳): credits are issued against a verified reduction, transferred
// between holders, used against excess emissions (超額量) or environmental-impact-assessment
// increments (環評增量抵換, OFS-5) or for voluntary claims, and retired. Every credit is one
// tonne with a serial number, so "a credit is used at most once" is exact: a used or retired
// credit can never move or be used again (offsets.credit_used), and the credits issued for a
// project's period never exceed floor(verified reduction) (offsets.credit).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"

namespace cl::offsets {

enum class CreditStatus { active, used, retired };
enum class UsePurpose { excess_emissions, eia_increment, voluntary };

std::string_view credit_status_id(CreditStatus status);
std::string_view use_purpose_id(UsePurpose purpose);
std::optional<UsePurpose> find_use_purpose(std::string_view id);

struct SerialRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  ///< inclusive
  std::uint64_t size() const { return last - first + 1; }
};

struct CreditBlock {
  SerialRange serials;
  std::string project;
  std::string period;
  std::string holder;
  CreditStatus status = CreditStatus::active;
  std::optional<UsePurpose> purpose;
  std::string reference;  ///< the permit, EIA case or claim the credits were used for
  std::size_t event = 0;  ///< the issue/transfer/use/retire that last changed it (1-based)
};

struct VerifiedReduction {
  std::string project;
  std::string period;
  double reduction_t = 0.0;
  std::string verification;  ///< the verification statement (查證報告)
};

struct HolderBalance {
  double active = 0;
  double used = 0;
  double retired = 0;
};

/// Which credits an operation takes: a serial range, or the holder's lowest active serials
/// (optionally of one project).
struct Selection {
  std::optional<SerialRange> serials;
  std::uint64_t quantity = 0;
  std::string project;
};

class CreditLedger {
 public:
  /// offsets.credit for a repeated project/period or a negative reduction.
  Result<void> add_verified(const VerifiedReduction& verified);
  /// New serials for `holder`; offsets.credit when no verified reduction is recorded for the
  /// period or the credits would exceed floor(reduction) together with those already issued.
  Result<SerialRange> issue(const std::string& project, const std::string& period,
                            const std::string& holder, std::uint64_t quantity);
  Result<void> transfer(const std::string& from, const std::string& to, const Selection& which);
  Result<void> use(const std::string& holder, const Selection& which, UsePurpose purpose,
                   const std::string& reference);
  Result<void> retire(const std::string& holder, const Selection& which,
                      const std::string& reference);

  const std::vector<CreditBlock>& blocks() const { return blocks_; }
  const std::vector<VerifiedReduction>& verified() const { return verified_; }
  std::uint64_t issued_total() const { return next_serial_ - 1; }
  std::uint64_t issued_for(const std::string& project, const std::string& period) const;
  std::map<std::string, HolderBalance> balances() const;
  std::size_t events() const { return events_; }

 private:
  Result<std::vector<std::size_t>> select(const std::string& holder, const Selection& which,
                                          std::string_view action);
  void split_at(std::uint64_t serial);  ///< makes `serial` the first of a block

  std::vector<CreditBlock> blocks_;  ///< sorted by first serial, disjoint, covering all issued
  std::vector<VerifiedReduction> verified_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> issued_;
  std::uint64_t next_serial_ = 1;
  std::size_t events_ = 0;
};

}  // namespace cl::offsets
