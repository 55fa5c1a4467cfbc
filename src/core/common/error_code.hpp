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
  io_not_xlsx,
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
  // CBAM embedded emissions (src/core/cbam)
  cbam_not_cbam_good,
  cbam_production,
  cbam_precursor_data,
  cbam_unknown_reference,
  cbam_attribution,
  cbam_precursor_cycle,
  // carbon fee estimate (src/core/carbonfee)
  carbonfee_rules,
  carbonfee_input,
  // offset projects (src/core/offsets)
  offsets_method,
  offsets_not_applicable,
  offsets_scale_limit,
  offsets_additionality,
  offsets_inclusion,
  offsets_sample_too_small,
  offsets_stage,
  offsets_grid_data,
  offsets_credit,
  offsets_credit_used,
  // product footprints (src/core/footprint) and PACT exchange (src/io/pact)
  footprint_profile,
  footprint_invalid,
  footprint_stage_missing,
  footprint_shares,
  footprint_supplier_unit,
  footprint_unlinked,
  footprint_reference,
  footprint_cutoff,
  footprint_allocation,
  pact_invalid,
  pact_remote,  ///< another host's PACT API failed or answered with an error
  mail_failed,  ///< the mail server could not be reached or refused a mail (io/smtp.hpp)
  // storage (src/store)
  store_bad_url,
  store_open_failed,
  store_query_failed,
  store_not_migrated,
  store_schema_too_new,
  store_not_found,
  store_conflict,
  store_invalid,
  store_frozen,
  store_audit_broken,
  store_evidence_type,
  store_evidence_too_large,
  store_not_empty,
  // accounts (src/server/auth)
  auth_required,
  auth_invalid_credentials,
  auth_forbidden,
  auth_csrf,
  auth_rate_limited,
  auth_weak_password,
  // HTTP server (src/server)
  http_not_found,
  http_method_not_allowed,
  http_unsupported_media_type,
  // funding programs (src/core/program)
  program_definition,
  program_ubn_invalid,
  program_ineligible,
  program_consent_missing,
  program_after_deadline,
  program_incomplete,
  program_score_out_of_range,
  program_quorum,
  program_review_invalid,
  program_lots_needed,
  program_satellites_below_minimum,
  program_over_budget,
  program_change_refused,
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
