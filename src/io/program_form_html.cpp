#include "io/program_form_html.hpp"

#include <fmt/format.h>

#include <cctype>

#include "io/html_document.hpp"
#include "io/program_xlsx.hpp"

namespace cl::io {

std::string english_label(const std::string& field_id) {
  if (field_id.size() <= 3) {
    std::string out = field_id;
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }
  // Word by word; the abbreviations the definitions use stay upper case.
  std::string out;
  std::string word;
  const auto flush = [&out, &word] {
    if (word.empty()) return;
    if (word == "ubn" || word == "ccc" || word == "ceo" || word == "co2") {
      for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    out += (out.empty() ? "" : " ") + word;
    word.clear();
  };
  for (const char c : field_id) {
    if (c == '_' || c == '.') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string application_form_html(const program::Program& program,
                                  const program::Application& application,
                                  const std::string& service,
                                  const ApplicationFormOptions& options) {
  ReportOptions report;
  report.lang = "zh-TW";
  report.generated_on = options.generated;
  html::Writer w(report);
  inventory::Organization org;
  org.name = options.applicant;
  html::begin_document(w, org, {"申請表 (Application form)", "Application form"});
  w.paragraph(html_escape(program.name));
  const auto* applied = program.find_service(service);
  const auto* mode = program.find_mode(service);
  const std::string service_name = applied != nullptr ? applied->name
                                   : mode != nullptr  ? mode->name
                                                      : service;
  w.paragraph(fmt::format("申請編號 Application {} · 申請項目 Service {} · 收件時間 Submitted {}",
                          html_escape(application.id), html_escape(service_name),
                          html_escape(application.submitted.to_string())));
  html::end_cover(w, report);
  std::vector<std::string> forms;
  if (applied != nullptr) forms = applied->forms;
  if (mode != nullptr) forms = mode->forms;
  for (const auto& form_id : forms) {
    const auto* form = program.find_form(form_id);
    if (form == nullptr) continue;
    w.raw(fmt::format("<h2>{}</h2>\n", html_escape(form->name)));
    w.table_start({{"欄位 Field", "Field"}, {"填寫內容 Value", "Value"}}, form->id.c_str());
    for (const auto& field : form->fields) {
      std::string value = form_value(application, field.key);
      if (field.type == program::FieldType::consent || field.type == program::FieldType::boolean) {
        value = value == "true" ? "是 (yes)" : value == "false" ? "否 (no)" : value;
      }
      w.text_row({html_escape(field.label) + " <span class=\"muted\">" +
                      html_escape(english_label(field.id)) + "</span>",
                  html_escape(value)});
    }
    w.table_end();
    if (!form->cite.empty()) {
      w.raw("<p class=\"muted\">" + html_escape(form->cite) + "</p>\n");
    }
  }
  w.raw("</body></html>\n");
  return w.take();
}

}  // namespace cl::io
