// Where a number comes from: document, table, version and year, and whether the value was
// verified in the source text. Every emission factor, GWP and heating value carries one
// (DESIGN.md principle 2).
#pragma once

#include <string>

namespace cl {

enum class Verification {
  verified,    ///< [V] checked in the source text
  secondary,   ///< [S] seen in secondary sources or public code
  unverified,  ///< [U] to be checked before regulatory use
};

struct Provenance {
  std::string document;  ///< e.g. "IPCC 2006 Guidelines, Vol. 2 Energy"
  std::string table;     ///< e.g. "Table 2.3"
  std::string version;   ///< e.g. "2006" or "6.0.4"
  int year = 0;          ///< publication year
  std::string url;
  std::string note;
  Verification verification = Verification::unverified;

  /// "IPCC 2006 Guidelines, Vol. 2 Energy, Table 2.3, 2006 (2006)".
  std::string to_string() const;
};

std::string_view verification_id(Verification verification);

}  // namespace cl
