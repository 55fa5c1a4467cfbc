// Reads the CBAM side of CarbonLedger: the operator's communication input (JSON, see
// docs/formats/cbam.md), the CBAM goods of Annex I (data/cbam/goods.yaml) and the default values
// with their mark-ups (data/cbam/default-values.yaml). Every missing or malformed field is a
// Diagnostic naming the file, line and field; reading goes on so that one run lists them all.
#pragma once

#include <optional>
#include <string>

#include "core/cbam/model.hpp"
#include "core/common/diagnostic.hpp"

namespace cl::io {

struct CbamInput {
  cbam::Communication communication;
  /// The inventory whose sources the processes share (`inventory`), resolved against the
  /// input file's folder; empty when the input lists its sources itself.
  std::string inventory_path;
};

/// Reads a communication input; the first error when there is any (all are in `diagnostics`).
Result<CbamInput> read_cbam_input(const std::string& path, Diagnostics& diagnostics);
/// `has_inventory`: the sources come from an inventory the caller has (the server's stored one),
/// so the text must not name an `inventory` file and may list no `sources`.
Result<CbamInput> parse_cbam_input(const std::string& text, const std::string& file,
                                   Diagnostics& diagnostics, bool has_inventory = false);

/// data/cbam/goods.yaml and data/cbam/default-values.yaml under `data_dir`.
Result<cbam::GoodsCatalogue> read_cbam_goods(const std::string& path, Diagnostics& diagnostics);
Result<cbam::DefaultTable> read_cbam_defaults(const std::string& path, Diagnostics& diagnostics);

}  // namespace cl::io
