// PACT 3.0.0 released ↔ 2024-12 draft property names (io/pact_names.hpp).
#include "io/pact_names.hpp"

namespace cl::io {

PactNaming pact_naming(const nlohmann::json& document) {
  if (!document.is_object()) return PactNaming::draft_2024_12;
  const auto pcf = document.find("pcf");
  if (pcf == document.end() || !pcf->is_object()) return PactNaming::draft_2024_12;
  for (const auto& rename : kPactRenames) {
    if (pcf->contains(rename.released)) return PactNaming::released_3_0;
  }
  return PactNaming::draft_2024_12;
}

nlohmann::json pact_to_draft_names(const nlohmann::json& document) {
  if (pact_naming(document) != PactNaming::released_3_0) return document;
  nlohmann::json out = document;
  auto& pcf = out["pcf"];
  for (const auto& rename : kPactRenames) {
    const auto found = pcf.find(rename.released);
    if (found == pcf.end()) continue;
    if (!pcf.contains(rename.draft)) pcf[rename.draft] = *found;
    pcf.erase(rename.released);
  }
  return out;
}

std::string pact_name_in(const nlohmann::json& pcf, std::string_view draft_name) {
  const char* fallback = nullptr;
  for (const auto& rename : kPactRenames) {
    if (draft_name != rename.draft) continue;
    if (pcf.is_object() && pcf.contains(rename.released)) return rename.released;
    if (fallback == nullptr) fallback = rename.released;
  }
  return fallback != nullptr ? fallback : std::string(draft_name);
}

}  // namespace cl::io
