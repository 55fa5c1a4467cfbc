// Supply-chain mail texts (server/supply_mail.hpp).
#include "server/supply_mail.hpp"

#include <sodium.h>

#include <chrono>

#include <fmt/format.h>

#include "io/mail_message.hpp"

namespace cl::server {
namespace {

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

std::string invitation_body(const store::SupplyRequest& request, const SupplyMailFacts& facts,
                            const std::string& link) {
  std::string zh = fmt::format(
      "{} 您好：\n\n{} 邀請貴公司提供「{}」的產品碳足跡（用於 {} 的碳足跡研究）。\n"
      "請開啟以下連結加入，或登入 CarbonLedger 後在「供應商」頁輸入邀請碼：\n\n{}\n\n邀請碼：{}\n",
      request.supplier_name, facts.customer, request.part, facts.product, link,
      request.invite_code);
  std::string en = fmt::format(
      "Dear {},\n\n{} invites your company to share the product carbon footprint of \"{}\" "
      "(for its footprint study of {}).\nOpen this link to join, or log in to CarbonLedger and "
      "enter the invitation code on the Supplier page:\n\n{}\n\nInvitation code: {}\n",
      request.supplier_name, facts.customer, request.part, facts.product, link,
      request.invite_code);
  if (!facts.due_date.empty()) {
    zh += "請於 " + zh_date(facts.due_date) + " 前提供。\n";
    en += "Please share it by " + facts.due_date + ".\n";
  }
  return zh + "\n-- \n" + en;
}

std::string reminder_body(const store::SupplyRequest& request, const SupplyMailFacts& facts,
                          const std::string& link) {
  const bool joined = request.status != "invited";
  const std::string where = joined ? facts.link_base + "#/supply" : link;
  std::string zh = fmt::format(
      "{} 您好：\n\n提醒您：{} 仍在等待貴公司提供「{}」的產品碳足跡（用於 {}），"
      "請於 {} 前提供。\n{}\n\n{}\n",
      request.supplier_name, facts.customer, request.part, facts.product, zh_date(facts.due_date),
      joined ? "請登入 CarbonLedger 的「供應商」頁分享："
             : "請開啟以下連結加入（邀請碼 " + request.invite_code + "）：",
      where);
  if (request.status == "needs_correction" && !request.note.empty()) {
    zh += "需修正之處：" + request.note + "\n";
  }
  std::string en = fmt::format(
      "Dear {},\n\nA reminder: {} is still waiting for the product carbon footprint of \"{}\" "
      "(for {}) from your company, due by {}.\n{}\n\n{}\n",
      request.supplier_name, facts.customer, request.part, facts.product, facts.due_date,
      joined ? "Log in to CarbonLedger and share it on the Supplier page:"
             : "Open this link to join (invitation code " + request.invite_code + "):",
      where);
  if (request.status == "needs_correction" && !request.note.empty()) {
    en += "What to correct: " + request.note + "\n";
  }
  return zh + "\n-- \n" + en;
}

}  // namespace

bool is_mail_address(const std::string& text) {
  const auto at = text.find('@');
  return at != std::string::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string::npos &&
         text.find_first_of(" \t\r\n<>,;()\"") == std::string::npos;
}

std::string join_link(const std::string& link_base, const std::string& code) {
  return link_base + "#/supply/join/" + code;
}

std::string zh_date(const std::string& iso_date) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (std::sscanf(iso_date.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) return iso_date;
  return fmt::format("{}年{}月{}日（民國{}年）", year, month, day, year - 1911);
}

std::optional<store::OutboxMail> supply_mail(const std::string& kind,
                                             const store::SupplyRequest& request,
                                             const SupplyMailFacts& facts) {
  if (!is_mail_address(request.contact)) return std::nullopt;
  const auto link = join_link(facts.link_base, request.invite_code);
  store::OutboxMail mail;
  mail.organization_id = request.organization_id;
  mail.supply_request_id = request.id;
  mail.kind = kind;
  mail.recipient = request.contact;
  io::MailMessage message;
  if (kind == "invitation") {
    mail.subject =
        fmt::format("碳足跡資料邀請 Footprint data request: {} – {}", facts.customer, request.part);
    message.body = invitation_body(request, facts, link);
  } else {
    mail.subject = fmt::format("碳足跡資料提醒 Footprint reminder: {} – {}（{}）", facts.customer,
                               request.part, facts.due_date);
    message.body = reminder_body(request, facts, link);
  }
  message.from = facts.from;
  message.to = request.contact;
  message.subject = mail.subject;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  message.date = io::rfc5322_date(now);
  message.message_id = "<" + random_hex(16) + "@" + facts.message_host + ">";
  mail.message = io::format_mail(message);
  return mail;
}

}  // namespace cl::server
