// The versions of a footprint study (issue 7: "a comparison of two studies or two versions"):
//
//   GET /api/v1/footprint-studies/{id}/versions            every saved state, oldest first, with
//       who saved it, when, why, and its total per declared unit
//   GET /api/v1/footprint-studies/{id}/versions/{n}        version n with its document
//   GET /api/v1/footprint-studies/{id}/versions/{n}/compare  version n (a) against the study as it
//       is now (b): the answer of /compare
//
// Versions are not a second copy of the studies: they are read from the audit trail, which keeps
// every create and update of a study with the whole document and cannot be rewritten unnoticed
// (`carbonledger audit verify`). A version is computed as the study is now computed: with the
// supply-chain footprints accepted today.
#include <string>

#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/footprint.hpp"
#include "server/routes/store_routes.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

/// Version `n` of the path's study, or 404 naming the version.
store::StudyVersion version_of(const std::vector<store::StudyVersion>& versions,
                               std::int64_t number, std::int64_t study_id) {
  if (number < 1 || number > static_cast<std::int64_t>(versions.size())) {
    throw_error(404, ErrorCode::store_not_found,
                "footprint study " + std::to_string(study_id) + " has no version " +
                    std::to_string(number) + " (it has " + std::to_string(versions.size()) +
                    "); list them with GET /api/v1/footprint-studies/" + std::to_string(study_id) +
                    "/versions",
                {.field = "n"});
  }
  return versions[static_cast<std::size_t>(number - 1)];
}

json version_json(const store::StudyVersion& version) {
  return {{"version", version.number}, {"audit_seq", version.audit_seq},
          {"at", version.at},          {"actor", version.actor},
          {"action", version.action},  {"reason", version.reason}};
}

/// The study's record with the document of `version` (what compute_study reads).
store::FootprintStudyRecord as_of(store::FootprintStudyRecord record,
                                  const store::StudyVersion& version) {
  record.document = version.document;
  return record;
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::read);
  const auto versions = unwrap(store::list_study_versions(*db, study.id));
  json items = json::array();
  for (const auto& version : versions) {
    auto item = version_json(version);
    // A saved document was accepted when it was saved; one the core refuses today (a profile
    // since changed) is listed with its reason instead of a total.
    try {
      const auto computed = compute_study(*db, state, as_of(study, version));
      item["total_kg_co2e"] = computed.result.total;
      item["declared_unit"] = computed.study.declared_unit;
    } catch (const ApiError& error) {
      item["total_kg_co2e"] = nullptr;
      item["problem"] = error.error.message;
    }
    items.push_back(std::move(item));
  }
  send_json(context.res, 200, {{"study_id", study.id}, {"items", std::move(items)}});
}

void get_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::read);
  const auto version = version_of(unwrap(store::list_study_versions(*db, study.id)),
                                  path_id(context, "n"), study.id);
  auto out = version_json(version);
  out["study_id"] = study.id;
  out["document"] = version.document;
  send_json(context.res, 200, out);
}

void compare_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto study = study_for(*db, context, Action::read);
  const auto versions = unwrap(store::list_study_versions(*db, study.id));
  const auto version = version_of(versions, path_id(context, "n"), study.id);
  const auto then = as_of(study, version);
  auto out =
      compare_json(then, compute_study(*db, state, then), study, compute_study(*db, state, study));
  out["a"]["version"] = version.number;
  out["b"]["version"] = versions.size();
  send_json(context.res, 200, out);
}

}  // namespace

void add_footprint_version_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/footprint-studies/{id}/versions",
        "every saved version of a study (from the audit trail) with its total", list_route);
  route("GET", "/footprint-studies/{id}/versions/{n}", "one version of a study with its document",
        get_route);
  route("GET", "/footprint-studies/{id}/versions/{n}/compare",
        "a version of a study against the study as it is now", compare_route);
}

}  // namespace cl::server
