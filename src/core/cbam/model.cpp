#include "core/cbam/model.hpp"

#include <cctype>

namespace cl::cbam {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string normalize_cn(std::string_view cn_code) {
  std::string out;
  for (const char c : cn_code) {
    if (c != ' ' && c != '.') out.push_back(c);
  }
  return out;
}

std::string format_cn(std::string_view cn_code) {
  const std::string digits = normalize_cn(cn_code);
  if (digits.size() <= 4) return digits;
  std::string out = digits.substr(0, 4);
  for (std::size_t pos = 4; pos < digits.size(); pos += 2) out += " " + digits.substr(pos, 2);
  return out;
}

const GoodsEntry* GoodsCatalogue::find(std::string_view cn_code) const {
  const std::string code = normalize_cn(cn_code);
  const GoodsEntry* best = nullptr;
  for (const auto& entry : entries_) {
    if (entry.cn_code.empty() || !starts_with(code, entry.cn_code)) continue;
    bool is_excluded = false;
    for (const auto& excluded : entry.excludes) {
      is_excluded = is_excluded || starts_with(code, excluded);
    }
    if (is_excluded) continue;
    if (best == nullptr || entry.cn_code.size() > best->cn_code.size()) best = &entry;
  }
  return best;
}

const DefaultValue* DefaultTable::find(std::string_view cn_code, std::string_view country,
                                       int year) const {
  const std::string code = normalize_cn(cn_code);
  for (const std::string_view wanted : {country, std::string_view("*")}) {
    const DefaultValue* best = nullptr;
    for (const auto& value : values) {
      if (value.country != wanted || !starts_with(code, value.cn_code)) continue;
      if ((value.from_year != 0 && year < value.from_year) ||
          (value.to_year != 0 && year > value.to_year)) {
        continue;
      }
      if (best == nullptr || value.cn_code.size() > best->cn_code.size()) best = &value;
    }
    if (best != nullptr) return best;
  }
  return nullptr;
}

const MarkUp* DefaultTable::markup_for(int year) const {
  const MarkUp* best = nullptr;
  for (const auto& markup : markups) {
    if (markup.year <= year && (best == nullptr || markup.year > best->year)) best = &markup;
  }
  return best;
}

}  // namespace cl::cbam
