// Reads an openLCA JSON-LD package (olca-schema 2, https://greendelta.github.io/olca-schema; the
// zip that openLCA's Export → JSON-LD writes, or the folder it unpacks to) into an lca::Problem:
// unit_groups/ and flow_properties/ give every unit's conversion factor, flows/ the flows with
// their reference unit, processes/ the processes with their exchanges (each amount converted to
// the flow's reference unit; the quantitative reference; defaultProvider as the exchange's
// provider; avoided products; the default allocation's factors; uncertainty), lcia_methods/ and
// lcia_categories/ the characterization factors of the chosen method or category, each per the
// flow's reference unit. Every problem names the file inside the package and the field
// (`kettle.zip:processes/3f2a….json: exchanges[2].flow.@id`); reading goes on so that one run
// lists them all, and nothing is returned unless there is no error. The olca-schema 1 names of
// the renamed fields (`input`, `quantitativeReference`, `referenceUnit`, …) are read too.
#pragma once

#include <string>

#include "core/common/diagnostic.hpp"
#include "core/lca/problem.hpp"
#include "io/package.hpp"

namespace cl::io {

/// Which LCIA categories become the problem's methods (one lca::Method per category, its id the
/// category's @id). Both empty: every category of the package.
struct LciaSelection {
  std::string method;    ///< an ImpactMethod's name (any case) or @id: only its categories
  std::string category;  ///< an ImpactCategory's name (any case) or @id
};

/// True when the package looks like JSON-LD: an olca-schema.json, or .json files in processes/.
bool is_jsonld_package(const Package& package);

Result<lca::Problem> read_jsonld_package(Package& package, const LciaSelection& selection,
                                         Diagnostics& diagnostics);
/// Opens `path` (zip or folder) and reads it.
Result<lca::Problem> read_jsonld(const std::string& path, const LciaSelection& selection,
                                 Diagnostics& diagnostics);

/// The unit names of the CarbonLedger registry for openLCA's reference data names
/// ("t*km" → "tkm", "Item(s)" → "item"); other names pass through.
std::string carbonledger_unit_name(const std::string& olca_name);

}  // namespace cl::io
