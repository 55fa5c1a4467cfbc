#include "core/common/provenance.hpp"

namespace cl {

std::string Provenance::to_string() const {
  std::string out = document;
  if (!table.empty()) out += ", " + table;
  if (!version.empty()) out += ", version " + version;
  const std::string year_text = std::to_string(year);
  if (year > 0 && version.find(year_text) == std::string::npos) out += " (" + year_text + ")";
  return out;
}

std::string_view verification_id(Verification verification) {
  switch (verification) {
    case Verification::verified:
      return "verified";
    case Verification::secondary:
      return "secondary";
    case Verification::unverified:
      return "unverified";
  }
  return "unverified";
}

}  // namespace cl
