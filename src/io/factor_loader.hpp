// Fills a FactorLibrary from the data folder (data/gases.yaml, data/gwp/*.yaml,
// data/blends.yaml, data/leak-rates.yaml, data/factors/*.yaml) and from users' own factor files
// in the same schema (data/README.md).
#pragma once

#include <string>

#include "core/common/diagnostic.hpp"
#include "core/factors/library.hpp"

namespace cl::io {

struct LoadedLibrary {
  factors::FactorLibrary library;
  Diagnostics diagnostics;
};

/// Loads the whole data folder. Diagnostics name each file and line; the library holds what
/// could be read.
LoadedLibrary load_library(const std::string& data_dir);

/// Adds the factors of one factor-table file (data/factors schema) to a library.
void load_factor_table(const std::string& path, factors::FactorLibrary& library,
                       Diagnostics& diagnostics);

/// The data folder: $CARBONLEDGER_DATA if set, else the folder this build was configured with.
std::string default_data_dir();

}  // namespace cl::io
