// Internal to the HTML reports (report_html.cpp, reduction_report_html.cpp), not part of the io
// API: a phrase in two languages, a writer that builds the document in the report's language,
// the shared print style and cover, and the number formats the reports use.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/inventory/model.hpp"
#include "io/report_html.hpp"

namespace cl::io::html {

/// One phrase in the report's two languages.
struct Text {
  const char* zh;
  const char* en;
};

class Writer {
 public:
  explicit Writer(const ReportOptions& options) : zh_(options.lang != "en") {}

  const char* operator()(Text text) const { return zh_ ? text.zh : text.en; }
  bool zh() const { return zh_; }

  void raw(std::string_view html) { out_ += html; }
  void heading(int level, Text text);
  void paragraph(const std::string& html) { out_ += "<p>" + html + "</p>\n"; }
  void table_start(std::initializer_list<Text> columns, const char* id);
  /// The first `text_cells` cells as text, the rest right-aligned numbers.
  void row(std::initializer_list<std::string> cells, std::size_t text_cells = 1,
           const char* css_class = nullptr);
  /// Every cell as text.
  void text_row(std::initializer_list<std::string> cells);
  void table_end() { out_ += "</tbody></table>\n"; }

  std::string take() { return std::move(out_); }

 private:
  bool zh_;
  std::string out_;
};

/// The head (title, print style for A4 with Noto CJK), then the cover's heading and the
/// organization's names; the caller adds its own cover lines and then end_cover().
void begin_document(Writer& w, const inventory::Organization& org, Text title);
/// The generation date (when given) and the end of the cover.
void end_cover(Writer& w, const ReportOptions& options);

/// Thousands separators in the integer part of `text` ("1234567.5" → "1,234,567.5").
std::string grouped(std::string text);
/// kg → t with three decimals and thousands separators: 3741416.78 → "3,741.417".
std::string tonnes(double kg);
/// A fraction as a percentage with one decimal: 0.2683 → "26.8 %".
std::string percent(double share);
/// "2024（民國113年）" in zh-TW, "2024 (ROC 113)" in English.
std::string year_label(const Writer& w, int year);
/// "S01 緊急發電機", the English name in English when the source has one, escaped.
std::string source_name(const Writer& w, const inventory::Source& source);

}  // namespace cl::io::html
