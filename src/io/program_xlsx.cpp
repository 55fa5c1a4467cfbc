// The program office's workbooks: the filled application form and the review's result table.
#include "io/program_xlsx.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace cl::io {
namespace {

using program::Application;
using program::FieldValue;

tl::unexpected<Error> write_failed(const std::string& path, std::string_view reason) {
  return fail(ErrorCode::io_write_failed,
              fmt::format("could not write the workbook '{}': {}; check that the folder exists "
                          "and is writable",
                          path, reason),
              {.file = path});
}

/// A workbook written to `path` + a temporary suffix and renamed into place when complete.
class Workbook {
 public:
  explicit Workbook(std::string path) : path_(std::move(path)), temp_(path_ + ".tmp-carbonledger") {
    book_ = workbook_new(temp_.c_str());
    if (book_ == nullptr) return;
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_bg_color(header_, 0xDDEBF7);
    wrap_ = workbook_add_format(book_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    std::error_code ignored;
    if (std::filesystem::is_regular_file(temp_, ignored)) std::filesystem::remove(temp_, ignored);
  }

  bool started() const { return book_ != nullptr; }
  lxw_worksheet* sheet(const std::string& name) {
    return workbook_add_worksheet(book_, name.substr(0, 93).c_str());  // 31 CJK chars at most
  }
  void text(lxw_worksheet* sheet, int row, int col, const std::string& value, bool head = false) {
    check(worksheet_write_string(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                 value.c_str(), head ? header_ : wrap_));
  }
  void number(lxw_worksheet* sheet, int row, int col, double value) {
    check(worksheet_write_number(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                 value, nullptr));
  }
  void width(lxw_worksheet* sheet, int col, double chars) {
    check(worksheet_set_column(sheet, static_cast<lxw_col_t>(col), static_cast<lxw_col_t>(col),
                               chars, nullptr));
  }
  Result<void> close() {
    const lxw_error closed = workbook_close(book_);
    book_ = nullptr;
    if (status_ == LXW_NO_ERROR) status_ = closed;
    if (status_ != LXW_NO_ERROR) return write_failed(path_, lxw_strerror(status_));
    std::error_code renamed;
    std::filesystem::rename(temp_, path_, renamed);
    if (renamed)
      return write_failed(path_, "renaming the finished file failed: " + renamed.message());
    return {};
  }

 private:
  void check(lxw_error error) {
    if (status_ == LXW_NO_ERROR) status_ = error;
  }
  std::string path_;
  std::string temp_;
  lxw_workbook* book_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* wrap_ = nullptr;
  lxw_error status_ = LXW_NO_ERROR;
};

/// The scalars directly under `key` (a map's members or a list's items), in key order.
std::vector<std::string> children(const Application& application, const std::string& key) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::string prefix = key + ".";
  for (auto it = application.fields.lower_bound(prefix);
       it != application.fields.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const std::string rest = it->first.substr(prefix.size());
    if (rest.find('.') != std::string::npos) continue;
    found.emplace_back(rest, form_value(application, it->first));
  }
  // List items by their number, not as text ("10" after "9").
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
    return a.first < b.first;
  });
  std::vector<std::string> out;
  for (auto& [name, value] : found) {
    if (!value.empty()) out.push_back(std::move(value));
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

}  // namespace

std::string form_value(const Application& application, const std::string& key) {
  const auto found = application.fields.find(key);
  if (found == application.fields.end()) return "";
  const FieldValue& value = found->second;
  switch (value.kind) {
    case FieldValue::Kind::list:
      return joined(children(application, key), "; ");
    case FieldValue::Kind::map:
      return joined(children(application, key), " ");
    case FieldValue::Kind::null:
      return "";
    default:
      return value.text;
  }
}

Result<void> write_application_xlsx(const program::Program& program, const Application& application,
                                    const std::string& service, const std::string& path) {
  Workbook book(path);
  if (!book.started()) return write_failed(path, "libxlsxwriter could not start a workbook");
  std::vector<std::string> forms;
  if (const auto* item = program.find_service(service)) forms = item->forms;
  if (const auto* mode = program.find_mode(service)) forms = mode->forms;
  for (const auto& form_id : forms) {
    const auto* form = program.find_form(form_id);
    if (form == nullptr) continue;
    auto* sheet = book.sheet(form->name.substr(0, form->name.find(' ')));
    book.width(sheet, 0, 44);
    book.width(sheet, 1, 60);
    book.text(sheet, 0, 0, program.name, true);
    book.text(sheet, 0, 1, form->name, true);
    book.text(sheet, 1, 0, "申請編號 Application");
    book.text(sheet, 1, 1, application.id);
    book.text(sheet, 2, 0, "申請項目 Service");
    const auto* applied = program.find_service(service);
    book.text(sheet, 2, 1, applied != nullptr ? applied->name : service);
    book.text(sheet, 3, 0, "收件時間 Submitted");
    book.text(sheet, 3, 1, application.submitted.to_string());
    book.text(sheet, 5, 0, "欄位 Field", true);
    book.text(sheet, 5, 1, "填寫內容 Value", true);
    int row = 6;
    for (const auto& field : form->fields) {
      book.text(sheet, row, 0, field.label);
      std::string value = form_value(application, field.key);
      if (field.type == program::FieldType::consent || field.type == program::FieldType::boolean) {
        value = value == "true" ? "是 (yes)" : value == "false" ? "否 (no)" : value;
      }
      book.text(sheet, row, 1, value);
      ++row;
    }
  }
  return book.close();
}

Result<void> write_ranking_xlsx(const program::Program& program, const program::Meeting& meeting,
                                const program::ReviewResult& result,
                                const std::map<std::string, std::string>& names,
                                const std::string& path) {
  Workbook book(path);
  if (!book.started()) return write_failed(path, "libxlsxwriter could not start a workbook");
  for (const auto& mode : result.modes) {
    const auto* definition = program.find_mode(mode.mode);
    auto* sheet = book.sheet(mode.mode);
    book.text(sheet, 0, 0, program.name, true);
    book.text(sheet, 1, 0,
              fmt::format("{} — 審查會議 {} (委員 {} 人，出席 {} 人)",
                          definition != nullptr ? definition->name : mode.mode,
                          meeting.date.to_string(), result.committee, result.attending));
    const std::vector<std::string> heads = {
        "序位 Position",           "申請案 Application", "申請廠商 Applicant",  "名次總和 Rank sum",
        "第一名次數 First places", "總分 Total score",   "決定依據 Decided by", "合格 Qualified"};
    for (std::size_t col = 0; col < heads.size(); ++col) {
      book.text(sheet, 3, static_cast<int>(col), heads[col], true);
      book.width(sheet, static_cast<int>(col), col == 2 ? 30 : 14);
    }
    for (std::size_t idx = 0; idx < meeting.attending.size(); ++idx) {
      const int col = static_cast<int>(heads.size() + idx * 2);
      book.text(sheet, 3, col, meeting.attending[idx] + " 總分", true);
      book.text(sheet, 3, col + 1, meeting.attending[idx] + " 名次", true);
    }
    int row = 4;
    const auto write = [&](const program::RankedApplication& item) {
      if (item.position > 0) book.number(sheet, row, 0, item.position);
      book.text(sheet, row, 1, item.id);
      const auto name = names.find(item.id);
      book.text(sheet, row, 2, name != names.end() ? name->second : "");
      book.number(sheet, row, 3, item.rank_sum);
      book.number(sheet, row, 4, item.first_places);
      book.number(sheet, row, 5, item.total_score);
      book.text(sheet, row, 6, item.decided_by);
      book.text(sheet, row, 7, item.qualified ? "合格" : "不合格");
      for (std::size_t idx = 0; idx < item.marks.size(); ++idx) {
        const int col = static_cast<int>(heads.size() + idx * 2);
        book.number(sheet, row, col, item.marks[idx].total);
        book.number(sheet, row, col + 1, item.marks[idx].given_rank);
      }
      ++row;
    };
    for (const auto& item : mode.qualified) write(item);
    for (const auto& item : mode.not_qualified) write(item);
  }
  return book.close();
}

Result<void> write_follow_up_xlsx(const program::Program& program, const nlohmann::json& report,
                                  const std::string& path) {
  Workbook book(path);
  if (!book.started()) return write_failed(path, "libxlsxwriter could not start a workbook");
  auto* summary = book.sheet("彙總 Summary");
  book.width(summary, 0, 30);
  for (int col = 1; col <= 5; ++col) book.width(summary, col, 18);
  book.text(summary, 0, 0, program.name, true);
  book.text(summary, 1, 0,
            fmt::format("成效追蹤 Follow-up · {} · {}", report.value("as_of", ""),
                        program.follow_up_cite));
  book.text(summary, 3, 0, "年度 Year after the program", true);
  book.text(summary, 3, 1, "應填報案件 Cases due", true);
  book.text(summary, 3, 2, "已填報案件 Cases reported", true);
  book.text(summary, 3, 3, "減量 Reductions (t CO2e)", true);
  book.text(summary, 3, 4, "排放量 Emissions (t CO2e)", true);
  int row = 4;
  for (const auto& year : report.value("by_year", nlohmann::json::array())) {
    book.number(summary, row, 0, year.value("year", 0));
    book.number(summary, row, 1, year.value("due", 0));
    book.number(summary, row, 2, year.value("reported", 0));
    book.number(summary, row, 3, year.value("reduction_t", 0.0));
    book.number(summary, row, 4, year.value("emissions_t", 0.0));
    ++row;
  }
  book.text(summary, row, 0, "合計 Total", true);
  book.number(summary, row, 3, report.value("total_reduction_t", 0.0));
  row += 2;
  book.text(summary, row, 0, "服務/模式 Service or mode", true);
  book.text(summary, row, 1, "年度 Year", true);
  book.text(summary, row, 2, "應填報 Due", true);
  book.text(summary, row, 3, "已填報 Reported", true);
  book.text(summary, row, 4, "減量 Reductions (t CO2e)", true);
  ++row;
  for (const auto& service : report.value("by_service", nlohmann::json::array())) {
    for (const auto& year : service.value("years", nlohmann::json::array())) {
      book.text(summary, row, 0, service.value("name", service.value("service", "")));
      book.number(summary, row, 1, year.value("year", 0));
      book.number(summary, row, 2, year.value("due", 0));
      book.number(summary, row, 3, year.value("reported", 0));
      book.number(summary, row, 4, year.value("reduction_t", 0.0));
      ++row;
    }
  }
  auto* cases = book.sheet("案件 Cases");
  const std::vector<std::string> heads = {"申請案 Application",
                                          "廠商 Applicant",
                                          "服務/模式 Service",
                                          "年度 Year",
                                          "應填報日 Due",
                                          "填報日 Reported on",
                                          "排放量 Emissions (t CO2e)",
                                          "減量 Reductions (t CO2e)",
                                          "減量措施 Measures",
                                          "產品碳足跡更新 Footprint updated",
                                          "產品碳足跡 Footprint (kg CO2e)"};
  for (std::size_t col = 0; col < heads.size(); ++col) {
    book.text(cases, 0, static_cast<int>(col), heads[col], true);
    book.width(cases, static_cast<int>(col), col == 1 || col == 8 ? 30 : 14);
  }
  row = 1;
  for (const auto& item : report.value("rows", nlohmann::json::array())) {
    book.number(cases, row, 0, static_cast<double>(item.value("application_id", 0)));
    book.text(cases, row, 1, item.value("applicant", ""));
    book.text(cases, row, 2, item.value("service", ""));
    book.number(cases, row, 3, item.value("year", 0));
    book.text(cases, row, 4, item["due"].is_string() ? item["due"].get<std::string>() : "");
    book.text(cases, row, 5, item.value("reported_on", ""));
    book.number(cases, row, 6, item.value("emissions_t", 0.0));
    book.number(cases, row, 7, item.value("reduction_t", 0.0));
    book.text(cases, row, 8, item.value("measures", ""));
    book.text(cases, row, 9, item.value("footprint_updated", false) ? "是 (yes)" : "否 (no)");
    if (item.contains("footprint_kg") && item["footprint_kg"].is_number()) {
      book.number(cases, row, 10, item["footprint_kg"].get<double>());
    }
    ++row;
  }
  return book.close();
}

}  // namespace cl::io
