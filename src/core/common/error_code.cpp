#include "core/common/error_code.hpp"

#include <array>
#include <utility>

namespace cl {
namespace {

constexpr std::array kCodes = {
    std::pair{ErrorCode::io_not_found, "io.not_found"},
    std::pair{ErrorCode::io_read_failed, "io.read_failed"},
    std::pair{ErrorCode::io_write_failed, "io.write_failed"},
    std::pair{ErrorCode::io_too_large, "io.too_large"},
    std::pair{ErrorCode::io_not_xlsx, "io.not_xlsx"},
    std::pair{ErrorCode::parse_syntax, "parse.syntax"},
    std::pair{ErrorCode::parse_missing_field, "parse.missing_field"},
    std::pair{ErrorCode::parse_bad_value, "parse.bad_value"},
    std::pair{ErrorCode::parse_unknown_field, "parse.unknown_field"},
    std::pair{ErrorCode::unit_unknown, "unit.unknown"},
    std::pair{ErrorCode::unit_mismatch, "unit.mismatch"},
    std::pair{ErrorCode::factor_not_found, "factor.not_found"},
    std::pair{ErrorCode::factor_invalid, "factor.invalid"},
    std::pair{ErrorCode::gas_unknown, "gas.unknown"},
    std::pair{ErrorCode::gwp_set_unknown, "gwp.set_unknown"},
    std::pair{ErrorCode::gwp_missing, "gwp.missing"},
    std::pair{ErrorCode::blend_invalid, "blend.invalid"},
    std::pair{ErrorCode::inventory_duplicate_id, "inventory.duplicate_id"},
    std::pair{ErrorCode::inventory_unknown_facility, "inventory.unknown_facility"},
    std::pair{ErrorCode::inventory_unknown_source, "inventory.unknown_source"},
    std::pair{ErrorCode::inventory_negative_amount, "inventory.negative_amount"},
    std::pair{ErrorCode::inventory_bad_period, "inventory.bad_period"},
    std::pair{ErrorCode::inventory_missing_month, "inventory.missing_month"},
    std::pair{ErrorCode::inventory_leak_rate_outside_range, "inventory.leak_rate_outside_range"},
    std::pair{ErrorCode::inventory_quality_grade, "inventory.quality_grade"},
    std::pair{ErrorCode::inventory_source_type, "inventory.source_type"},
    std::pair{ErrorCode::inventory_market_instrument, "inventory.market_instrument"},
    std::pair{ErrorCode::inventory_empty, "inventory.empty"},
    std::pair{ErrorCode::lca_unknown_flow, "lca.unknown_flow"},
    std::pair{ErrorCode::lca_unknown_process, "lca.unknown_process"},
    std::pair{ErrorCode::lca_unknown_method, "lca.unknown_method"},
    std::pair{ErrorCode::lca_reference, "lca.reference"},
    std::pair{ErrorCode::lca_no_provider, "lca.no_provider"},
    std::pair{ErrorCode::lca_ambiguous_provider, "lca.ambiguous_provider"},
    std::pair{ErrorCode::lca_allocation, "lca.allocation"},
    std::pair{ErrorCode::lca_not_product, "lca.not_product"},
    std::pair{ErrorCode::lca_singular, "lca.singular"},
    std::pair{ErrorCode::lca_ill_conditioned, "lca.ill_conditioned"},
    std::pair{ErrorCode::lca_not_converged, "lca.not_converged"},
    std::pair{ErrorCode::cbam_not_cbam_good, "cbam.not_cbam_good"},
    std::pair{ErrorCode::cbam_production, "cbam.production"},
    std::pair{ErrorCode::cbam_precursor_data, "cbam.precursor_data"},
    std::pair{ErrorCode::cbam_unknown_reference, "cbam.unknown_reference"},
    std::pair{ErrorCode::cbam_attribution, "cbam.attribution"},
    std::pair{ErrorCode::cbam_precursor_cycle, "cbam.precursor_cycle"},
    std::pair{ErrorCode::carbonfee_rules, "carbonfee.rules"},
    std::pair{ErrorCode::carbonfee_input, "carbonfee.input"},
    std::pair{ErrorCode::offsets_method, "offsets.method"},
    std::pair{ErrorCode::offsets_not_applicable, "offsets.not_applicable"},
    std::pair{ErrorCode::offsets_scale_limit, "offsets.scale_limit"},
    std::pair{ErrorCode::offsets_additionality, "offsets.additionality"},
    std::pair{ErrorCode::offsets_inclusion, "offsets.inclusion"},
    std::pair{ErrorCode::offsets_sample_too_small, "offsets.sample_too_small"},
    std::pair{ErrorCode::offsets_stage, "offsets.stage"},
    std::pair{ErrorCode::offsets_grid_data, "offsets.grid_data"},
    std::pair{ErrorCode::offsets_credit, "offsets.credit"},
    std::pair{ErrorCode::offsets_credit_used, "offsets.credit_used"},
    std::pair{ErrorCode::footprint_profile, "footprint.profile"},
    std::pair{ErrorCode::footprint_invalid, "footprint.invalid"},
    std::pair{ErrorCode::footprint_stage_missing, "footprint.stage_missing"},
    std::pair{ErrorCode::footprint_shares, "footprint.shares"},
    std::pair{ErrorCode::footprint_supplier_unit, "footprint.supplier_unit"},
    std::pair{ErrorCode::footprint_unlinked, "footprint.unlinked"},
    std::pair{ErrorCode::footprint_reference, "footprint.reference"},
    std::pair{ErrorCode::footprint_cutoff, "footprint.cutoff"},
    std::pair{ErrorCode::footprint_allocation, "footprint.allocation"},
    std::pair{ErrorCode::pact_invalid, "pact.invalid"},
    std::pair{ErrorCode::pact_remote, "pact.remote"},
    std::pair{ErrorCode::mail_failed, "mail.failed"},
    std::pair{ErrorCode::store_bad_url, "store.bad_url"},
    std::pair{ErrorCode::store_open_failed, "store.open_failed"},
    std::pair{ErrorCode::store_query_failed, "store.query_failed"},
    std::pair{ErrorCode::store_not_migrated, "store.not_migrated"},
    std::pair{ErrorCode::store_schema_too_new, "store.schema_too_new"},
    std::pair{ErrorCode::store_not_found, "store.not_found"},
    std::pair{ErrorCode::store_conflict, "store.conflict"},
    std::pair{ErrorCode::store_invalid, "store.invalid"},
    std::pair{ErrorCode::store_frozen, "store.frozen"},
    std::pair{ErrorCode::store_audit_broken, "store.audit_broken"},
    std::pair{ErrorCode::store_evidence_type, "store.evidence_type"},
    std::pair{ErrorCode::store_evidence_too_large, "store.evidence_too_large"},
    std::pair{ErrorCode::store_not_empty, "store.not_empty"},
    std::pair{ErrorCode::auth_required, "auth.required"},
    std::pair{ErrorCode::auth_invalid_credentials, "auth.invalid_credentials"},
    std::pair{ErrorCode::auth_forbidden, "auth.forbidden"},
    std::pair{ErrorCode::auth_csrf, "auth.csrf"},
    std::pair{ErrorCode::auth_rate_limited, "auth.rate_limited"},
    std::pair{ErrorCode::auth_weak_password, "auth.weak_password"},
    std::pair{ErrorCode::http_not_found, "http.not_found"},
    std::pair{ErrorCode::http_method_not_allowed, "http.method_not_allowed"},
    std::pair{ErrorCode::http_unsupported_media_type, "http.unsupported_media_type"},
    std::pair{ErrorCode::program_definition, "program.definition"},
    std::pair{ErrorCode::program_ubn_invalid, "program.ubn_invalid"},
    std::pair{ErrorCode::program_ineligible, "program.ineligible"},
    std::pair{ErrorCode::program_consent_missing, "program.consent_missing"},
    std::pair{ErrorCode::program_after_deadline, "program.after_deadline"},
    std::pair{ErrorCode::program_incomplete, "program.incomplete"},
    std::pair{ErrorCode::program_score_out_of_range, "program.score_out_of_range"},
    std::pair{ErrorCode::program_quorum, "program.quorum"},
    std::pair{ErrorCode::program_review_invalid, "program.review_invalid"},
    std::pair{ErrorCode::program_lots_needed, "program.lots_needed"},
    std::pair{ErrorCode::program_satellites_below_minimum, "program.satellites_below_minimum"},
    std::pair{ErrorCode::program_over_budget, "program.over_budget"},
    std::pair{ErrorCode::program_change_refused, "program.change_refused"},
    std::pair{ErrorCode::cli_usage, "cli.usage"},
    std::pair{ErrorCode::internal, "internal"},
};

constexpr auto make_all() {
  std::array<ErrorCode, kCodes.size()> all{};
  for (std::size_t idx = 0; idx < kCodes.size(); ++idx) all[idx] = kCodes[idx].first;
  return all;
}
constexpr auto kAll = make_all();

}  // namespace

std::string_view code_id(ErrorCode code) {
  for (const auto& [candidate, id] : kCodes) {
    if (candidate == code) return id;
  }
  return "internal";
}

std::span<const ErrorCode> all_error_codes() {
  return kAll;
}

std::optional<ErrorCode> find_error_code(std::string_view id) {
  for (const auto& [code, candidate] : kCodes) {
    if (candidate == id) return code;
  }
  return std::nullopt;
}

}  // namespace cl
