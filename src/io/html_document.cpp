#include "io/html_document.hpp"

#include <fmt/format.h>

namespace cl::io::html {
namespace {

constexpr const char* kStyle = R"(<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Noto Sans", sans-serif; font-size: 10.5pt;
       color: #1b1f23; line-height: 1.45; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 16pt 0 6pt;
     border-bottom: 1px solid #8aa; padding-bottom: 2pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; page-break-inside: auto; }
th, td { border: 1px solid #bcc; padding: 3pt 5pt; vertical-align: top; }
th { background: #eef3f3; text-align: left; } td.num { text-align: right; white-space: nowrap; }
tr.totals td { font-weight: bold; background: #f6f8f8; }
.cover { margin-bottom: 14pt; } .muted { color: #567; font-size: 9pt; }
.total { font-size: 15pt; font-weight: bold; }
</style>
)";

}  // namespace

void Writer::heading(int level, Text text) {
  out_ += fmt::format("<h{0}>{1}</h{0}>\n", level, (*this)(text));
}

void Writer::table_start(std::initializer_list<Text> columns, const char* id) {
  out_ += fmt::format("<table id=\"{}\"><thead><tr>", id);
  for (const auto& column : columns) out_ += fmt::format("<th>{}</th>", (*this)(column));
  out_ += "</tr></thead><tbody>\n";
}

void Writer::row(std::initializer_list<std::string> cells, std::size_t text_cells,
                 const char* css_class) {
  out_ += css_class == nullptr ? "<tr>" : fmt::format("<tr class=\"{}\">", css_class);
  std::size_t index = 0;
  for (const auto& cell : cells) {
    out_ += index++ < text_cells ? "<td>" : "<td class=\"num\">";
    out_ += cell;
    out_ += "</td>";
  }
  out_ += "</tr>\n";
}

void Writer::text_row(std::initializer_list<std::string> cells) {
  out_ += "<tr>";
  for (const auto& cell : cells) out_ += "<td>" + cell + "</td>";
  out_ += "</tr>\n";
}

void begin_document(Writer& w, const inventory::Organization& org, Text title) {
  w.raw(
      fmt::format("<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} "
                  "{}</title>\n",
                  w.zh() ? "zh-TW" : "en", html_escape(org.name), w(title)));
  w.raw(kStyle);
  w.raw("</head><body>\n<div class=\"cover\">\n");
  w.raw(fmt::format("<h1>{}</h1>\n", w(title)));
  w.paragraph(fmt::format("<strong>{}</strong>{}", html_escape(org.name),
                          org.name_en.empty() ? "" : " · " + html_escape(org.name_en)));
}

void end_cover(Writer& w, const ReportOptions& options) {
  if (!options.generated_on.empty()) {
    w.raw(fmt::format("<p class=\"muted\">{} {} · CarbonLedger</p>\n",
                      w({"產製日期", "Generated on"}), html_escape(options.generated_on)));
  }
  w.raw("</div>\n");
}

std::string grouped(std::string text) {
  const auto dot = text.find('.');
  const auto end = static_cast<long>(dot == std::string::npos ? text.size() : dot);
  for (auto i = end - 3; i > (text[0] == '-' ? 1 : 0); i -= 3) {
    text.insert(static_cast<std::size_t>(i), ",");
  }
  return text;
}

std::string tonnes(double kg) {
  return grouped(fmt::format("{:.3f}", kg / 1000.0));
}

std::string percent(double share) {
  return fmt::format("{:.1f} %", share * 100.0);
}

std::string year_label(const Writer& w, int year) {
  return w.zh() ? fmt::format("{}（民國{}年）", year, year - 1911)
                : fmt::format("{} (ROC {})", year, year - 1911);
}

std::string source_name(const Writer& w, const inventory::Source& source) {
  const auto& name = (!w.zh() && !source.name_en.empty()) ? source.name_en : source.name;
  return html_escape(source.id + " " + name);
}

}  // namespace cl::io::html
