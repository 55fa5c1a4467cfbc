#include "io/cbam_writer.hpp"

#include <filesystem>
#include <system_error>
#include <variant>

#include <fmt/format.h>
#include <xlsxwriter.h>

namespace cl::io {
namespace {

using cbam::format_cn;

std::string parameters_text(const cbam::Process& process) {
  std::string out;
  for (const auto& parameter : process.parameters) {
    out += (out.empty() ? "" : "; ") + parameter.name + ": " + parameter.value;
  }
  return out;
}

std::string electricity_source(const cbam::Communication& c, const cbam::Process& process) {
  std::string out;
  for (const auto& attribution : process.attributions) {
    for (const auto& source : c.sources) {
      if (source.id != attribution.source || source.electricity_mwh <= 0) continue;
      const std::string text = source.factor_source.empty() ? source.id : source.factor_source;
      if (out.find(text) == std::string::npos) out += (out.empty() ? "" : "; ") + text;
    }
  }
  return out;
}

/// The carbon prices covering a good: those listing its CN code (or a prefix of it), or all
/// goods when a price lists none.
std::vector<std::size_t> prices_for(const cbam::Communication& c, const std::string& cn_code) {
  std::vector<std::size_t> out;
  for (std::size_t idx = 0; idx < c.carbon_prices.size(); ++idx) {
    const auto& codes = c.carbon_prices[idx].cn_codes;
    bool is_covered = codes.empty();
    for (const auto& code : codes) is_covered = is_covered || cn_code.rfind(code, 0) == 0;
    if (is_covered) out.push_back(idx);
  }
  return out;
}

std::string data_type(double default_share) {
  if (default_share <= 0) return "actual";
  return fmt::format("default values {:.1f} %", default_share * 100);
}

nlohmann::ordered_json provenance_json(const Provenance& source) {
  return {{"document", source.to_string()},
          {"url", source.url},
          {"verification", verification_id(source.verification)}};
}

// --- xlsx ---------------------------------------------------------------------------------------

using CellValue = std::variant<std::monostate, std::string, double>;

class Sheet {
 public:
  Sheet(lxw_workbook* book, const char* name, lxw_format* header, lxw_format* number,
        lxw_error& status)
      : sheet_(workbook_add_worksheet(book, name)),
        header_(header),
        number_(number),
        status_(status) {
    if (sheet_ == nullptr) check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
  }
  void widths(std::initializer_list<double> widths) {
    lxw_col_t col = 0;
    for (const double width : widths) {
      if (sheet_ != nullptr) check(worksheet_set_column(sheet_, col, col, width, nullptr));
      ++col;
    }
  }
  void row(const std::vector<CellValue>& cells, bool is_header = false) {
    for (std::size_t idx = 0; idx < cells.size() && sheet_ != nullptr; ++idx) {
      const auto col = static_cast<lxw_col_t>(idx);
      if (const auto* text = std::get_if<std::string>(&cells[idx])) {
        check(worksheet_write_string(sheet_, row_, col, text->c_str(),
                                     is_header ? header_ : nullptr));
      } else if (const auto* value = std::get_if<double>(&cells[idx])) {
        check(worksheet_write_number(sheet_, row_, col, *value, number_));
      }
    }
    ++row_;
  }
  void skip(lxw_row_t rows = 1) { row_ += rows; }
  void skip_to(lxw_row_t row) { row_ = row; }

 private:
  void check(lxw_error error) {
    if (error != LXW_NO_ERROR && status_ == LXW_NO_ERROR) status_ = error;
  }
  lxw_worksheet* sheet_;
  lxw_format* header_;
  lxw_format* number_;
  lxw_error& status_;
  lxw_row_t row_ = 0;
};

struct Book {
  const cbam::Communication& c;
  const cbam::CommunicationResult& result;
  const cbam::GoodsCatalogue& catalogue;
  lxw_workbook* book;
  lxw_format* header;
  lxw_format* number;
  lxw_error& status;

  Sheet sheet(const char* name) const { return Sheet(book, name, header, number, status); }
};

// Summary_Communication: rows 1–14 installation and period (label in A, value in B), row 16 the
// goods header, one good per row from row 17 (1-based rows, docs/formats/cbam.md).
constexpr lxw_row_t kGoodsHeaderRow = 15;  // 0-based

void write_installation_block(Sheet& sheet, const cbam::Communication& c) {
  const auto& i = c.installation;
  sheet.row(
      {std::string("CBAM communication to reporting declarants (operator's emissions data)")});
  sheet.skip();
  sheet.row({std::string("Installation name"), i.name});
  sheet.row({std::string("Installation name (local)"), i.name_local});
  sheet.row({std::string("Street, number"), i.address});
  sheet.row({std::string("City"), i.city});
  sheet.row({std::string("Country"), i.country});
  sheet.row({std::string("UN/LOCODE"), i.unlocode});
  sheet.row({std::string("Latitude of main emission source"), i.latitude});
  sheet.row({std::string("Longitude of main emission source"), i.longitude});
  sheet.row({std::string("Reporting period start"), c.period.start});
  sheet.row({std::string("Reporting period end"), c.period.end});
  sheet.row({std::string("Operator"), i.operator_name});
  sheet.row({std::string("Verifier"), i.verifier.empty() ? std::string("—") : i.verifier});
}

void write_summary(const Book& b) {
  Sheet sheet = b.sheet("Summary_Communication");
  sheet.widths({14, 30, 24, 22, 12, 14, 14, 14, 14, 14, 14, 40, 18, 30, 28, 14, 10});
  write_installation_block(sheet, b.c);
  sheet.skip_to(kGoodsHeaderRow);
  sheet.row({std::string("CN code"), std::string("Goods"), std::string("Aggregated goods category"),
             std::string("Production route"), std::string("Production process"),
             std::string("Production (t)"), std::string("SEE direct (tCO2e/t)"),
             std::string("SEE indirect (tCO2e/t)"), std::string("SEE total (tCO2e/t)"),
             std::string("Electricity (MWh/t)"), std::string("Electricity EF (tCO2e/MWh)"),
             std::string("Source of electricity EF"), std::string("Share from default values"),
             std::string("Qualifying parameters"), std::string("Carbon price due"),
             std::string("Carbon price (per tCO2e)"), std::string("Currency")},
            true);
  for (const auto& p : b.result.processes) {
    const auto& process = b.c.processes[p.process];
    for (const auto& good : process.goods) {
      std::vector<CellValue> row = {format_cn(good.cn_code),
                                    good.name,
                                    p.category,
                                    process.route,
                                    process.id,
                                    good.tonnes,
                                    p.see_direct,
                                    p.see_indirect,
                                    p.see_total(),
                                    p.electricity_per_t(),
                                    p.electricity_factor,
                                    electricity_source(b.c, process),
                                    p.default_share,
                                    parameters_text(process)};
      const auto prices = prices_for(b.c, good.cn_code);
      if (!prices.empty()) {
        const auto& price = b.c.carbon_prices[prices.front()];
        row.insert(row.end(), {price.instrument, b.result.carbon_prices[prices.front()].per_t_co2e,
                               price.currency});
      }
      sheet.row(row);
    }
  }
}

void write_installation_data(const Book& b) {
  Sheet sheet = b.sheet("A_InstData");
  sheet.widths({30, 40, 24, 24, 14, 14});
  write_installation_block(sheet, b.c);
  sheet.skip();
  sheet.row({std::string("Aggregated goods categories and production routes")}, true);
  sheet.row({std::string("Process"), std::string("Name"), std::string("Aggregated goods category"),
             std::string("Route"), std::string("CN codes")},
            true);
  for (const auto& p : b.result.processes) {
    const auto& process = b.c.processes[p.process];
    std::string codes;
    for (const auto& good : process.goods)
      codes += (codes.empty() ? "" : ", ") + format_cn(good.cn_code);
    sheet.row({process.id, process.name, p.category, process.route, codes});
  }
}

void write_processes(const Book& b) {
  Sheet sheet = b.sheet("D_Processes");
  sheet.widths({12, 30, 14, 16, 16, 14, 16, 16, 16, 16, 16, 14, 14, 14});
  sheet.row({std::string("Process"), std::string("Name"), std::string("Production (t)"),
             std::string("Attributed direct (tCO2e)"), std::string("Electricity (MWh)"),
             std::string("Electricity EF (tCO2e/MWh)"), std::string("Attributed indirect (tCO2e)"),
             std::string("Precursors direct (tCO2e)"), std::string("Precursors indirect (tCO2e)"),
             std::string("Embedded direct (tCO2e)"), std::string("Embedded indirect (tCO2e)"),
             std::string("SEE direct (tCO2e/t)"), std::string("SEE indirect (tCO2e/t)"),
             std::string("Share from default values")},
            true);
  for (const auto& p : b.result.processes) {
    const auto& process = b.c.processes[p.process];
    sheet.row({process.id, process.name, p.production_t, p.attributed_direct_t, p.electricity_mwh,
               p.electricity_factor, p.attributed_indirect_t, p.precursor_direct_t,
               p.precursor_indirect_t, p.embedded_direct_t(), p.embedded_indirect_t(), p.see_direct,
               p.see_indirect, p.default_share});
  }
  sheet.skip();
  sheet.row({std::string("Installation total"), std::string("all sources"), CellValue{},
             b.result.installation_direct_t, CellValue{}, CellValue{},
             b.result.installation_indirect_t});
  sheet.row({std::string("Not attributed"), std::string("other products and activities"),
             CellValue{}, b.result.unattributed_direct_t, CellValue{}, CellValue{},
             b.result.unattributed_indirect_t});
}

void write_precursors(const Book& b) {
  Sheet sheet = b.sheet("E_PurchPrec");
  sheet.widths({12, 28, 12, 10, 28, 28, 8, 14, 14, 14, 14, 14, 10, 50});
  sheet.row(
      {std::string("Precursor"), std::string("Name"), std::string("CN code"), std::string("Origin"),
       std::string("Supplier"), std::string("Supplier installation"), std::string("Country"),
       std::string("Route"), std::string("Data type"), std::string("SEE direct (tCO2e/t)"),
       std::string("SEE indirect (tCO2e/t)"), std::string("Default before mark-up (direct)"),
       std::string("Mark-up"), std::string("Source of default value")},
      true);
  for (const auto& r : b.result.precursors) {
    const auto& pre = b.c.precursors[r.precursor];
    const bool is_own = pre.origin == cbam::PrecursorOrigin::own;
    std::vector<CellValue> row = {pre.id,
                                  pre.name,
                                  format_cn(pre.cn_code),
                                  std::string(is_own ? "own" : "purchased"),
                                  is_own ? std::string("process ") + pre.process : pre.supplier,
                                  pre.supplier_installation,
                                  pre.country,
                                  pre.route,
                                  std::string(cbam::data_kind_id(r.kind)),
                                  r.see_direct,
                                  r.see_indirect};
    if (r.kind == cbam::DataKind::default_value) {
      row.insert(row.end(), {r.base_direct, r.markup,
                             r.default_source ? r.default_source->to_string() : std::string()});
    }
    sheet.row(row);
  }
  sheet.skip();
  sheet.row({std::string("Consumption"), std::string("Process"), std::string("Precursor"),
             std::string("Tonnes"), std::string("Direct (tCO2e)"), std::string("Indirect (tCO2e)")},
            true);
  for (const auto& p : b.result.processes) {
    for (const auto& line : p.precursors) {
      sheet.row({CellValue{}, b.c.processes[p.process].id, b.c.precursors[line.precursor].id,
                 line.tonnes, line.direct_t, line.indirect_t});
    }
  }
}

tl::unexpected<Error> write_failed(const std::string& path, std::string_view reason,
                                   std::string_view advice) {
  return fail(ErrorCode::io_write_failed,
              fmt::format("could not write the CBAM workbook '{}': {}; {}", path, reason, advice),
              {.file = path});
}

void discard(const std::string& temp) {
  std::error_code ignored;
  if (std::filesystem::is_regular_file(temp, ignored)) std::filesystem::remove(temp, ignored);
}

}  // namespace

nlohmann::ordered_json cbam_json(const cbam::Communication& c,
                                 const cbam::CommunicationResult& result,
                                 const cbam::GoodsCatalogue& catalogue) {
  nlohmann::ordered_json out;
  out["carbonledger"] = "cbam-result/1";
  const auto& i = c.installation;
  out["installation"] = {
      {"name", i.name},         {"name_local", i.name_local}, {"address", i.address},
      {"city", i.city},         {"country", i.country},       {"unlocode", i.unlocode},
      {"latitude", i.latitude}, {"longitude", i.longitude},   {"operator", i.operator_name},
      {"verifier", i.verifier}};
  out["period"] = {
      {"start", c.period.start}, {"end", c.period.end}, {"defaults_year", c.period.default_year()}};
  auto& goods = out["goods"] = nlohmann::ordered_json::array();
  for (const auto& p : result.processes) {
    const auto& process = c.processes[p.process];
    for (const auto& good : process.goods) {
      const auto* entry = catalogue.find(good.cn_code);
      nlohmann::ordered_json row = {{"cn", format_cn(good.cn_code)},
                                    {"name", good.name},
                                    {"category", p.category},
                                    {"sector", entry ? entry->sector : ""},
                                    {"route", process.route},
                                    {"process", process.id},
                                    {"production_t", good.tonnes},
                                    {"see_direct", p.see_direct},
                                    {"see_indirect", p.see_indirect},
                                    {"see_total", p.see_total()},
                                    {"electricity_mwh_per_t", p.electricity_per_t()},
                                    {"electricity_factor", p.electricity_factor},
                                    {"electricity_factor_source", electricity_source(c, process)},
                                    {"default_share", p.default_share},
                                    {"data_type", data_type(p.default_share)},
                                    {"direct_only_in_definitive_period", p.is_direct_only}};
      auto& parameters = row["parameters"] = nlohmann::ordered_json::object();
      for (const auto& parameter : process.parameters) parameters[parameter.name] = parameter.value;
      auto& prices = row["carbon_prices"] = nlohmann::ordered_json::array();
      for (const auto idx : prices_for(c, good.cn_code))
        prices.push_back(c.carbon_prices[idx].instrument);
      goods.push_back(std::move(row));
    }
  }
  auto& processes = out["processes"] = nlohmann::ordered_json::array();
  for (const auto& p : result.processes) {
    const auto& process = c.processes[p.process];
    nlohmann::ordered_json row = {{"id", process.id},
                                  {"name", process.name},
                                  {"production_t", p.production_t},
                                  {"attributed_direct_tco2e", p.attributed_direct_t},
                                  {"electricity_mwh", p.electricity_mwh},
                                  {"attributed_indirect_tco2e", p.attributed_indirect_t},
                                  {"precursor_direct_tco2e", p.precursor_direct_t},
                                  {"precursor_indirect_tco2e", p.precursor_indirect_t},
                                  {"see_direct", p.see_direct},
                                  {"see_indirect", p.see_indirect}};
    auto& lines = row["precursors"] = nlohmann::ordered_json::array();
    for (const auto& line : p.precursors) {
      lines.push_back({{"precursor", c.precursors[line.precursor].id},
                       {"tonnes", line.tonnes},
                       {"direct_tco2e", line.direct_t},
                       {"indirect_tco2e", line.indirect_t}});
    }
    processes.push_back(std::move(row));
  }
  auto& precursors = out["precursors"] = nlohmann::ordered_json::array();
  for (const auto& r : result.precursors) {
    const auto& pre = c.precursors[r.precursor];
    nlohmann::ordered_json row = {
        {"id", pre.id},
        {"name", pre.name},
        {"cn", format_cn(pre.cn_code)},
        {"origin", pre.origin == cbam::PrecursorOrigin::own ? "own" : "purchased"},
        {"supplier", pre.supplier},
        {"country", pre.country},
        {"route", pre.route},
        {"data_type", cbam::data_kind_id(r.kind)},
        {"see_direct", r.see_direct},
        {"see_indirect", r.see_indirect}};
    if (r.kind == cbam::DataKind::default_value) {
      row["default_direct"] = r.base_direct;
      row["default_indirect"] = r.base_indirect;
      row["markup"] = r.markup;
      if (r.default_source) row["default_source"] = provenance_json(*r.default_source);
      if (r.markup_source) row["markup_source"] = provenance_json(*r.markup_source);
    }
    precursors.push_back(std::move(row));
  }
  auto& prices = out["carbon_prices"] = nlohmann::ordered_json::array();
  for (const auto& r : result.carbon_prices) {
    const auto& price = c.carbon_prices[r.price];
    nlohmann::ordered_json codes = nlohmann::ordered_json::array();
    for (const auto& code : price.cn_codes) codes.push_back(format_cn(code));
    prices.push_back({{"instrument", price.instrument},
                      {"country", price.country},
                      {"amount", price.amount},
                      {"rebate", price.rebate},
                      {"net_amount", r.net_amount},
                      {"currency", price.currency},
                      {"covered_tco2e", price.covered_emissions_t},
                      {"per_tco2e", r.per_t_co2e},
                      {"goods", codes},
                      {"note", price.note}});
  }
  out["installation_totals"] = {{"direct_tco2e", result.installation_direct_t},
                                {"indirect_tco2e", result.installation_indirect_t},
                                {"unattributed_direct_tco2e", result.unattributed_direct_t},
                                {"unattributed_indirect_tco2e", result.unattributed_indirect_t}};
  auto& warnings = out["warnings"] = nlohmann::ordered_json::array();
  for (const auto& item : result.diagnostics.items()) warnings.push_back(item.to_string());
  return out;
}

std::string render_cbam_table(const cbam::Communication& c,
                              const cbam::CommunicationResult& result) {
  const auto& i = c.installation;
  std::string out =
      fmt::format("CBAM communication: {} ({}), {} {}, UN/LOCODE {}, {:.4f}, {:.4f}\n", i.name,
                  i.name_local.empty() ? "—" : i.name_local, i.city, i.country, i.unlocode,
                  i.latitude, i.longitude);
  out += fmt::format("Reporting period {} to {}; default values of {}\n", c.period.start,
                     c.period.end, c.period.default_year());
  out += fmt::format("{:<12} {:<8} {:>12} {:>10} {:>10} {:>10} {:>9} {:>9}  {}\n", "CN code",
                     "process", "production t", "SEE dir", "SEE ind", "SEE tot", "MWh/t", "default",
                     "category");
  for (const auto& p : result.processes) {
    const auto& process = c.processes[p.process];
    for (const auto& good : process.goods) {
      out += fmt::format(
          "{:<12} {:<8} {:>12.3f} {:>10.4f} {:>10.4f} {:>10.4f} {:>9.4f} {:>8.1f}%  {}\n",
          format_cn(good.cn_code), process.id, good.tonnes, p.see_direct, p.see_indirect,
          p.see_total(), p.electricity_per_t(), p.default_share * 100, p.category);
    }
  }
  out +=
      "Processes (t CO2e): attributed direct + precursors direct / attributed indirect + "
      "precursors indirect\n";
  for (const auto& p : result.processes) {
    out += fmt::format(
        "  {:<8} {:>10.3f} + {:>10.3f} / {:>10.3f} + {:>10.3f}  over {:.3f} t; "
        "{:.3f} MWh at {:.4f} t/MWh\n",
        c.processes[p.process].id, p.attributed_direct_t, p.precursor_direct_t,
        p.attributed_indirect_t, p.precursor_indirect_t, p.production_t, p.electricity_mwh,
        p.electricity_factor);
  }
  out += "Precursors:\n";
  for (const auto& r : result.precursors) {
    const auto& pre = c.precursors[r.precursor];
    out +=
        fmt::format("  {:<12} {:<12} {:<9} SEE {:.4f} / {:.4f}  {}", pre.id, format_cn(pre.cn_code),
                    pre.origin == cbam::PrecursorOrigin::own ? "own" : "purchased", r.see_direct,
                    r.see_indirect, cbam::data_kind_id(r.kind));
    if (r.kind == cbam::DataKind::default_value) {
      out += fmt::format(" {:.4f} + {:.0f} % mark-up [{}]", r.base_direct, r.markup * 100,
                         r.default_source ? verification_id(r.default_source->verification)
                                          : std::string_view("?"));
    }
    out += "\n";
  }
  for (const auto& r : result.carbon_prices) {
    const auto& price = c.carbon_prices[r.price];
    out += fmt::format("Carbon price: {} ({}) {:.2f} {} net on {:.3f} t = {:.2f} {}/t CO2e\n",
                       price.instrument, price.country, r.net_amount, price.currency,
                       price.covered_emissions_t, r.per_t_co2e, price.currency);
  }
  out += fmt::format(
      "Installation: direct {:.3f} t, indirect {:.3f} t; not attributed to CBAM processes: "
      "direct {:.3f} t, indirect {:.3f} t\n",
      result.installation_direct_t, result.installation_indirect_t, result.unattributed_direct_t,
      result.unattributed_indirect_t);
  return out;
}

Result<void> write_cbam_xlsx(const cbam::Communication& communication,
                             const cbam::CommunicationResult& result,
                             const cbam::GoodsCatalogue& catalogue, const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code probe;
  if (!folder.empty() && !std::filesystem::is_directory(folder, probe)) {
    return write_failed(path, fmt::format("the folder '{}' does not exist", folder.string()),
                        "create it or choose another output path (--xlsx)");
  }
  const std::string temp = path + ".tmp-carbonledger";
  lxw_workbook* book = workbook_new(temp.c_str());
  if (book == nullptr) {
    return write_failed(path, "libxlsxwriter could not start a workbook",
                        "check that the folder is writable");
  }
  lxw_error status = LXW_NO_ERROR;
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_bg_color(header, 0xDDEBF7);
  lxw_format* number = workbook_add_format(book);
  format_set_num_format(number, "0.000###");
  const Book b{communication, result, catalogue, book, header, number, status};
  write_summary(b);
  write_installation_data(b);
  write_processes(b);
  write_precursors(b);
  std::string title = "CBAM communication " + communication.installation.name;
  lxw_doc_properties properties{};
  properties.title = title.data();
  workbook_set_properties(book, &properties);
  const lxw_error closed = workbook_close(book);
  if (status == LXW_NO_ERROR) status = closed;
  if (status != LXW_NO_ERROR) {
    discard(temp);
    return write_failed(path, lxw_strerror(status),
                        "check that the folder is writable and the file is not open in Excel");
  }
  std::error_code renamed;
  std::filesystem::rename(temp, path, renamed);
  if (renamed) {
    discard(temp);
    return write_failed(path, "renaming the finished file failed: " + renamed.message(),
                        "check the folder's permissions");
  }
  return {};
}

}  // namespace cl::io
