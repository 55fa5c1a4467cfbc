// The simple register (簡易碳盤查清冊) that the 2023 SME low-carbon guidance program asks each
// factory to complete (seed 000, 服務內容 (4)): one sheet a factory without a specialist can read.
// Basic data, then one row per source (facility, source, scope, activity in the factor's unit,
// the factor and its source, t CO2e, share, records), then the totals by scope and the grand
// total, then the data-quality grade and the uncertainty of the total. Masses in tonnes.
#include <fmt/format.h>

#include "io/register_sheets.hpp"

namespace cl::io::register_detail {

void write_simple_register(const RegisterContext& context) {
  const auto& inventory = context.inventory;
  const auto& result = context.result;
  const auto& formats = context.formats;
  SheetWriter sheet(context, "簡易碳盤查清冊");
  sheet.title(sheet_title(context, "簡易碳盤查清冊 Simple GHG inventory register"));
  sheet.section("基本資料 Basic data");
  sheet.row({"事業名稱 Organization", inventory.organization.name});
  sheet.row({"統一編號 Tax id", or_dash(inventory.organization.tax_id)});
  sheet.row({"盤查年度 Year", year_with_roc(inventory.year)});
  sheet.row({"GWP", result.gwp_set});

  sheet.section("排放源 Emission sources");
  sheet.header({{"廠區", "Facility", 8},
                {"排放源", "Source", 30},
                {"範疇", "Scope", 7},
                {"活動數據", "Activity", 16},
                {"單位", "Unit", 12},
                {"排放係數", "Factor", 34},
                {"係數來源", "Factor source", 44},
                {"排放量 (公噸CO2e)", "t CO2e", 14},
                {"占比", "Share", 9},
                {"紀錄筆數", "Records", 9}});
  for (const auto& line : result.sources) {
    const auto& source = inventory.sources[line.source];
    const auto* factor = factor_of(result, line.factor_id);
    sheet.row({source.facility, source.id + " " + source.name,
               Cell(inventory::scope_of_category(source.category), formats.integer),
               Cell(line.activity, formats.activity),
               factor != nullptr ? unit_label(factor->per) : "—", line.factor_id,
               factor != nullptr ? provenance_label(factor->provenance) : "—",
               Cell(tonnes(line.co2e_kg), formats.tonnes),
               Cell(share_of(line.co2e_kg, result.total_co2e_kg), formats.share),
               Cell(line.record_count, formats.integer)});
  }

  sheet.section("總量 Totals");
  sheet.row({"範疇一 Scope 1", "", "", "", "", "", "",
             Cell(tonnes(result.scope_co2e_kg[0]), formats.tonnes)});
  sheet.row({"範疇二 Scope 2 (location-based)", "", "", "", "", "", "",
             Cell(tonnes(result.scope_co2e_kg[1]), formats.tonnes)});
  sheet.row({"範疇三 Scope 3 (categories 3–6)", "", "", "", "", "", "",
             Cell(tonnes(result.scope_co2e_kg[2]), formats.tonnes)});
  sheet.row({"總排放量 Total", "", "", "", "", "", "",
             Cell(tonnes(result.total_co2e_kg), formats.total_tonnes)});
  sheet.row({"數據品質等級 Data-quality grade", "", "", "", "", "", "",
             Cell(result.quality_grade, formats.integer)});
  sheet.row({"不確定性 Uncertainty (95 %, ±)", "", "", "", "", "", "",
             Cell(std::max(result.uncertainty.lower, result.uncertainty.upper), formats.percent)});
}

}  // namespace cl::io::register_detail
