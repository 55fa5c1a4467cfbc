// The operator's CBAM communication out: a table for the screen, JSON, and an Excel workbook in
// the layout of the Commission's communication template (tabs A_InstData, D_Processes,
// E_PurchPrec and Summary_Communication, the tab an importer's tool reads; cell positions in
// docs/formats/cbam.md). The workbook is written to a temporary file and renamed, so a failed
// write leaves nothing.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/cbam/compute.hpp"

namespace cl::io {

nlohmann::ordered_json cbam_json(const cbam::Communication& communication,
                                 const cbam::CommunicationResult& result,
                                 const cbam::GoodsCatalogue& catalogue);
std::string render_cbam_table(const cbam::Communication& communication,
                              const cbam::CommunicationResult& result);
Result<void> write_cbam_xlsx(const cbam::Communication& communication,
                             const cbam::CommunicationResult& result,
                             const cbam::GoodsCatalogue& catalogue, const std::string& path);

}  // namespace cl::io
