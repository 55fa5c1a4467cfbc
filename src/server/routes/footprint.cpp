// Product footprint studies of an organization (issue 7, CFP-1 to CFP-6):
//
//   GET    /api/v1/orgs/{org}/footprint-studies     the organization's studies (no documents)
//   POST   /api/v1/orgs/{org}/footprint-studies     the study document as the body → 201
//   GET    /api/v1/footprint-studies/{id}           the study with its document
//   PUT    /api/v1/footprint-studies/{id}           the document as the body replaces it
//   DELETE /api/v1/footprint-studies/{id}           → 204 (409 once it has supply requests)
//   GET    /api/v1/footprint-studies/{id}/result    computed by the core: per declared unit, per
//          stage, per line, per gas, hot spots, DQR and primary data share, and which suppliers'
//          footprints came through the supply chain
//   GET    /api/v1/footprint-studies/{id}/montecarlo?n=1000&seed=1&draws=false   the uncertainty
//          by Monte Carlo (core/footprint/montecarlo): mean, SD, percentiles, per stage, and the
//          draws when asked; n at most kMaxServerDraws (422 above), so it stays within a request
//   GET    /api/v1/footprint-studies/{id}/pact      the PACT v3 ProductFootprint (io/pact),
//          validated (io/pact_validate) before it is sent, as a download
//   GET    /api/v1/footprint-studies/{id}/compare?with={other}   two studies side by side
//   GET    /api/v1/footprint-studies/{id}/report?format=pdf|html&lang=zh-TW|en   the study
//          report (io/footprint_report_html, wording from the profile; PDF by io/pdf)
//
// The document is docs/formats/footprint-study.md in JSON (why, for the audit row: X-Reason); it
// is read as the CLI reads a file
// before it is stored (422 listing every problem). Studies are footprints (auth ResourceKind
// footprint): a factory or a supplier on its own organization, an assigned consultant prepares.
#include "server/routes/footprint.hpp"

#include <algorithm>
#include <ctime>
#include <limits>

#include <sodium.h>

#include "core/footprint/montecarlo.hpp"
#include "io/factor_loader.hpp"
#include "io/footprint_montecarlo_writer.hpp"
#include "io/footprint_reader.hpp"
#include "io/footprint_report_html.hpp"
#include "io/footprint_writer.hpp"
#include "io/pact.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

/// Diagnostics of the reader or the core without file and row (they would name the trial text,
/// not the request).
Diagnostics without_file(const Diagnostics& diagnostics) {
  Diagnostics out;
  for (const auto& item : diagnostics.items()) {
    RecordRef where = item.where;
    where.file.clear();
    where.row = 0;
    if (item.severity == Severity::error) {
      out.error(item.code, item.message, where);
    } else {
      out.warning(item.code, item.message, where);
    }
  }
  return out;
}

std::vector<footprint::Profile> profiles(const ApiState& state) {
  const std::string data_dir =
      state.config.data_dir.empty() ? io::default_data_dir() : state.config.data_dir;
  Diagnostics diagnostics;
  auto loaded = io::read_footprint_profiles(io::footprint_profiles_path(data_dir), diagnostics);
  if (!loaded) throw ApiError{500, loaded.error(), {}};
  return std::move(*loaded);
}

/// The body is the study document itself (so a study file is sent as it is); why, for the audit
/// row, comes in the X-Reason header.
json document_body(const RequestContext& context) {
  return json_body(context);
}

json study_json(const store::FootprintStudyRecord& study, bool with_document) {
  return store::to_json(study, with_document);
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, owned_by(ResourceKind::organization, organization.id), Action::read,
                 ResourceKind::footprint, organization.id, "footprint studies");
  json items = json::array();
  const auto studies = unwrap(store::list_studies(*db, organization.id));
  for (const auto& study : studies) items.push_back(study_json(study, false));
  send_json(context.res, 200, {{"items", std::move(items)}, {"total", studies.size()}});
}

void create_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, owned_by(ResourceKind::organization, organization.id), Action::create,
                 ResourceKind::footprint, organization.id, "footprint studies");
  store::FootprintStudyRecord study;
  study.organization_id = organization.id;
  study.document = document_body(context);
  check_study_document(study.document);
  study.pact_id = make_uuid();
  const auto saved = unwrap(store::create_study(*db, actor_of(context), std::move(study)));
  context.res.set_header("Location", "/api/v1/footprint-studies/" + std::to_string(saved.id));
  send_json(context.res, 201, study_json(saved, true));
}

void get_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, study_json(study_for(*db, context, Action::read), true));
}

void update_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::update);
  auto document = document_body(context);
  check_study_document(document);
  send_json(
      context.res, 200,
      study_json(unwrap(store::update_study(*db, actor_of(context), study.id, std::move(document))),
                 true));
}

void delete_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::remove);
  unwrap(store::delete_study(*db, actor_of(context), study.id));
  context.res.status = 204;
}

void result_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto record = study_for(*db, context, Action::read);
  const auto computed = compute_study(*db, state, record);
  auto out = io::footprint_json(computed.study, computed.profile, computed.result);
  out["study_id"] = record.id;
  out["unitary_amount"] = computed.study.unitary_amount;
  json suppliers = json::array();
  for (const auto& supplier : computed.study.suppliers) {
    const auto chain = computed.from_chain.find(supplier.id);
    json item = {{"id", supplier.id},
                 {"supplier", supplier.supplier},
                 {"part", supplier.part},
                 {"declared_unit", supplier.declared_unit},
                 {"pcf", supplier.pcf_excluding_biogenic},
                 {"unitary_amount", supplier.unitary_amount},
                 {"date", supplier.date},
                 {"country", supplier.country},
                 {"source", chain == computed.from_chain.end() ? "document" : "supply_chain"}};
    if (chain != computed.from_chain.end()) item["request_id"] = chain->second;
    if (supplier.primary_data_share) item["primary_data_share"] = *supplier.primary_data_share;
    if (supplier.dqr) {
      item["dqr"] = {{"technological", supplier.dqr->technological},
                     {"temporal", supplier.dqr->temporal},
                     {"geographical", supplier.dqr->geographical},
                     {"completeness", supplier.dqr->completeness},
                     {"reliability", supplier.dqr->reliability}};
    }
    suppliers.push_back(std::move(item));
  }
  out["suppliers"] = std::move(suppliers);
  out["warnings"] = diagnostics_json(without_file(computed.result.warnings));
  send_json(context.res, 200, out);
}

/// Draws one request may ask for: 20,000 draws of a study of a few dozen lines take well under a
/// second, far inside the request timeout; the CLI takes up to footprint::kMaxDraws.
constexpr std::int64_t kMaxServerDraws = 20000;

void montecarlo_route(ApiState& state, RequestContext& context) {
  const auto draws = query_int(context, "n", 1000, 1, std::numeric_limits<std::int64_t>::max());
  if (draws > kMaxServerDraws) {
    throw_error(422, ErrorCode::parse_bad_value,
                "n is " + std::to_string(draws) + " draws; the server runs at most " +
                    std::to_string(kMaxServerDraws) +
                    " per request (use `carbonledger footprint montecarlo` for more)",
                {.field = "n"});
  }
  footprint::MonteCarloOptions options;
  options.draws = static_cast<std::size_t>(draws);
  options.seed = static_cast<std::uint64_t>(
      query_int(context, "seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
  options.keep_draws = query(context, "draws", "false", {"true", "false"}) == "true";
  options.threads = 1;
  auto db = lease(state);
  const auto record = study_for(*db, context, Action::read);
  const auto computed = compute_study(*db, state, record);
  Diagnostics diagnostics;
  auto result = footprint::montecarlo(computed.study, computed.profile, nullptr, nullptr, options,
                                      diagnostics);
  if (!result) {
    if (!diagnostics.has_errors()) diagnostics.add(result.error());
    throw_diagnostics(without_file(diagnostics), "study " + record.code);
  }
  auto out = io::footprint_montecarlo_json(computed.study, *result);
  out["study_id"] = record.id;
  send_json(context.res, 200, out);
}

void pact_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto record = study_for(*db, context, Action::read);
  const auto computed = compute_study(*db, state, record);
  const auto document =
      io::pact_from_study(computed.study, computed.profile, computed.result,
                          {record.pact_id.empty() ? make_uuid() : record.pact_id, now_pact()});
  const auto problems = io::validate_pact(document);
  if (!problems.empty()) {
    Diagnostics diagnostics;
    for (const auto& problem : problems) {
      diagnostics.error(ErrorCode::pact_invalid, problem.path + ": " + problem.message,
                        {.field = problem.path});
    }
    throw_diagnostics(diagnostics, "the PACT document of study " + record.code);
  }
  context.res.set_header("Content-Disposition",
                         "attachment; filename=\"pact-" + std::to_string(record.id) + ".json\"");
  send_json(context.res, 200, document);
}

/// Two studies side by side (two products, or two versions of one): totals, stages, gases, primary
/// data and DQR of each, and the differences (b − a, kg CO2e per declared unit). Both must be
/// readable; a study the caller may not read is 404 like a missing one.
void compare_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto first = study_for(*db, context, Action::read);
  const auto other_id = query_int(context, "with", 0, 1, std::numeric_limits<std::int64_t>::max());
  if (other_id == 0) {
    throw_error(400, ErrorCode::parse_missing_field,
                "name the study to compare with: ?with=<study id>", {.field = "with"});
  }
  auto second = found(store::get_study(*db, other_id), ResourceKind::footprint);
  require(context, Action::read, study_resource(second));
  send_json(context.res, 200,
            compare_json(first, compute_study(*db, state, first), second,
                         compute_study(*db, state, second)));
}

void report_route(ApiState& state, RequestContext& context) {
  const auto format = query(context, "format", "pdf", {"pdf", "html"});
  io::ReportOptions options;
  options.lang = query(context, "lang", "zh-TW", {"zh-TW", "en"});
  options.generated_on = taiwan_today();
  // The connection goes back to the pool before Chromium prints.
  const auto [code, html] = [&] {
    auto db = lease(state);
    const auto record = study_for(*db, context, Action::read);
    const auto computed = compute_study(*db, state, record);
    return std::pair{record.code, io::render_footprint_report_html(computed.study, computed.profile,
                                                                   computed.result, options)};
  }();
  send_document(state, context, format, html, "footprint-report-" + code + "-" + options.lang);
}

}  // namespace

auth::Resource study_resource(const store::FootprintStudyRecord& study) {
  return owned_by(ResourceKind::footprint, study.organization_id);
}

store::FootprintStudyRecord study_for(store::Database& db, const RequestContext& context,
                                      Action action, const std::string& param) {
  auto study = found(store::get_study(db, path_id(context, param)), ResourceKind::footprint);
  require(context, Action::read, study_resource(study));
  require(context, action, study_resource(study));
  return study;
}

void check_study_document(const json& document) {
  if (document.contains("background")) {
    throw_error(422, ErrorCode::parse_bad_value,
                "\"background\" names a file; the server keeps no background files: link lines "
                "to emission factors, or compute the study with `carbonledger footprint compute`",
                {.field = "document.background"});
  }
  for (const auto& supplier : document.value("suppliers", json::array())) {
    if (supplier.is_object() && supplier.contains("pact")) {
      throw_error(422, ErrorCode::parse_bad_value,
                  "supplier " + supplier.value("id", json("?")).dump() +
                      " names a PACT file; in the server a supplier's footprint comes through the "
                      "supply chain (invite the supplier) or is written inline",
                  {.field = "document.suppliers.pact"});
    }
  }
  Diagnostics diagnostics;
  auto loaded = io::parse_footprint_study(document.dump(), "document", diagnostics);
  if (!loaded || diagnostics.has_errors()) {
    throw_diagnostics(without_file(diagnostics), "the study document");
  }
}

ComputedFootprint compute_study(store::Database& db, const ApiState& state,
                                const store::FootprintStudyRecord& record) {
  Diagnostics diagnostics;
  auto loaded = io::parse_footprint_study(record.document.dump(), "document", diagnostics);
  if (!loaded) throw_diagnostics(without_file(diagnostics), "the study document");
  ComputedFootprint out;
  out.study = std::move(loaded->study);
  // The footprints the central factory accepted replace the document's entries of their key.
  for (const auto& request : unwrap(store::list_requests(db, record.id))) {
    if (request.status != "accepted" || request.footprint.is_null()) continue;
    auto supplier =
        io::supplier_from_pact(request.footprint, request.supplier_key,
                               "supply request " + std::to_string(request.id), diagnostics);
    if (!supplier) continue;  // listed in diagnostics
    auto same = std::find_if(out.study.suppliers.begin(), out.study.suppliers.end(),
                             [&](const auto& item) { return item.id == request.supplier_key; });
    if (same == out.study.suppliers.end()) {
      out.study.suppliers.push_back(std::move(*supplier));
    } else {
      *same = std::move(*supplier);
    }
    out.from_chain[request.supplier_key] = request.id;
  }
  if (diagnostics.has_errors()) throw_diagnostics(without_file(diagnostics), "the study");
  const auto all = profiles(state);
  auto profile = io::find_profile(all, out.study.profile, {.field = "profile"});
  if (!profile) throw ApiError{422, profile.error(), {}};
  out.profile = std::move(*profile);
  Diagnostics study_diagnostics;
  auto result = footprint::compute_footprint(out.study, out.profile, nullptr, study_diagnostics);
  if (!result) throw_diagnostics(without_file(study_diagnostics), "study " + record.code);
  out.result = std::move(*result);
  return out;
}

json compare_json(const store::FootprintStudyRecord& first, const ComputedFootprint& a,
                  const store::FootprintStudyRecord& second, const ComputedFootprint& b) {
  const auto summary = [](const store::FootprintStudyRecord& record, const ComputedFootprint& c) {
    json out = {
        {"study_id", record.id},           {"code", record.code},
        {"product", c.study.product_name}, {"declared_unit", c.study.declared_unit},
        {"total_kg_co2e", c.result.total}, {"primary_data_share", c.result.primary_data_share},
        {"gases", c.result.gases}};
    if (c.result.quality) out["dqr_technological"] = c.result.quality->dqr.technological;
    return out;
  };
  const auto stage_of = [](const ComputedFootprint& c, footprint::Stage stage) {
    for (const auto& item : c.result.stages) {
      if (item.stage == stage) return item.emissions;
    }
    return 0.0;
  };
  json stages = json::array();
  for (const auto stage : footprint::kAllStages) {
    const double in_a = stage_of(a, stage), in_b = stage_of(b, stage);
    if (in_a == 0.0 && in_b == 0.0) continue;
    stages.push_back({{"stage", footprint::stage_id(stage)},
                      {"a", in_a},
                      {"b", in_b},
                      {"difference", in_b - in_a}});
  }
  json out = {{"a", summary(first, a)},
              {"b", summary(second, b)},
              {"stages", std::move(stages)},
              {"difference_kg_co2e", b.result.total - a.result.total},
              {"same_declared_unit", a.study.declared_unit == b.study.declared_unit}};
  if (a.result.total != 0.0) {
    out["difference_percent"] = 100.0 * (b.result.total - a.result.total) / a.result.total;
  }
  return out;
}

std::string make_uuid() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  const std::string text(hex);
  return text.substr(0, 8) + "-" + text.substr(8, 4) + "-" + text.substr(12, 4) + "-" +
         text.substr(16, 4) + "-" + text.substr(20);
}

std::string now_pact() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void add_footprint_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/orgs/{org}/footprint-studies", "an organization's product footprint studies",
        list_route);
  route("POST", "/orgs/{org}/footprint-studies", "a product footprint study (its document)",
        create_route);
  route("GET", "/footprint-studies/{id}", "a footprint study with its document", get_route);
  route("PUT", "/footprint-studies/{id}", "replace a footprint study's document", update_route);
  route("DELETE", "/footprint-studies/{id}", "remove a footprint study without supply requests",
        delete_route);
  route("GET", "/footprint-studies/{id}/result",
        "the study computed: per declared unit, stage, line and gas, hot spots, data quality",
        result_route);
  route("GET", "/footprint-studies/{id}/montecarlo",
        "the study's uncertainty by Monte Carlo: mean, SD, percentiles, per stage (n ≤ 20000)",
        montecarlo_route);
  route("GET", "/footprint-studies/{id}/pact",
        "the study's PACT v3 ProductFootprint, validated, as a download", pact_route);
  route("GET", "/footprint-studies/{id}/compare",
        "two studies side by side: totals, stages, gases, data quality and the differences",
        compare_route);
  route("GET", "/footprint-studies/{id}/report",
        "the study report the profile asks for (PDF or HTML, zh-TW or en)", report_route);
}

}  // namespace cl::server
