// Stable error codes. Each enumerator has a string id (`unit.mismatch`) that appears in CLI
// output, JSON errors and tests; ids never change once released. Listed by domain, like
// bw2calc's errors.py. Every code is triggered by at least one test (tests/unit/core/common).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace cl {

enum class ErrorCode {
  // input files and syntax
  io_not_found,
  io_read_failed,
  io_write_failed,
  io_too_large,
  parse_syntax,
  parse_missing_field,
  parse_bad_value,
  parse_unknown_field,
  // units
  unit_unknown,
  unit_mismatch,
  // factor library
  factor_not_found,
  factor_invalid,
  gas_unknown,
  gwp_set_unknown,
  gwp_missing,
  blend_invalid,
  // inventory
  inventory_duplicate_id,
  inventory_unknown_facility,
  inventory_unknown_source,
  inventory_negative_amount,
  inventory_bad_period,
  inventory_missing_month,
  inventory_leak_rate_outside_range,
  inventory_quality_grade,
  inventory_source_type,
  inventory_market_instrument,
  inventory_empty,
  // life-cycle matrix engine
  lca_unknown_flow,
  lca_unknown_process,
  lca_unknown_method,
  lca_reference,
  lca_no_provider,
  lca_ambiguous_provider,
  lca_allocation,
  lca_not_product,
  lca_singular,
  lca_ill_conditioned,
  lca_not_converged,
  // command line
  cli_usage,
  internal,
};

/// The stable string id, e.g. "unit.mismatch".
std::string_view code_id(ErrorCode code);

/// Every code, for documentation and the test that each one is triggered.
std::span<const ErrorCode> all_error_codes();

/// Looks up a code by its string id.
std::optional<ErrorCode> find_error_code(std::string_view id);

}  // namespace cl
