// What the footprint-study routes (footprint.cpp) and the supply-chain routes (supply_chain.cpp)
// share: loading a study the caller may act on, and computing it with the core: the stored
// document, read as `footprint compute` reads a file, with the footprints its suppliers shared
// and the central factory accepted put in place of the document's entries of the same key
// (primary data, with the supplier's DQR and date). The server never computes a footprint itself.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/footprint/compute.hpp"
#include "server/api.hpp"
#include "server/auth/authorize.hpp"
#include "server/router.hpp"
#include "store/database.hpp"
#include "store/footprint.hpp"

namespace cl::server {

/// A study's resource for authorization: a footprint owned by its organization.
auth::Resource study_resource(const store::FootprintStudyRecord& study);

/// The study of path parameter `param`, checked for `action` (404 when it may not be read).
store::FootprintStudyRecord study_for(store::Database& db, const RequestContext& context,
                                      auth::Action action, const std::string& param = "id");

/// 422 naming the member unless `document` is a study the reader accepts, without references to
/// files (`background`, a supplier's `pact`): in the server, a supplier's footprint comes through
/// the supply chain.
void check_study_document(const nlohmann::json& document);

struct ComputedFootprint {
  footprint::Study study;
  footprint::Profile profile;
  footprint::FootprintResult result;
  /// supplier key → the request whose accepted footprint the study used
  std::map<std::string, std::int64_t> from_chain;
};

/// The study computed with its accepted supply-chain footprints; 422 listing every problem.
ComputedFootprint compute_study(store::Database& db, const ApiState& state,
                                const store::FootprintStudyRecord& record);

/// Two computed studies side by side (b − a): totals, stages, gases, primary data and DQR of
/// each; `first`/`second` name them (a version of a study is the study's record with that
/// version's document).
nlohmann::json compare_json(const store::FootprintStudyRecord& first, const ComputedFootprint& a,
                            const store::FootprintStudyRecord& second, const ComputedFootprint& b);

/// A random UUID v4 (PACT document ids).
std::string make_uuid();

/// Now, ISO 8601 UTC to the second ("2025-03-01T08:00:00Z"), as PACT's `created` is written.
std::string now_pact();

}  // namespace cl::server
