// RFC 5322 messages with RFC 2045 base64 bodies and RFC 2047 encoded words (io/mail_message.hpp).
#include "io/mail_message.hpp"

#include <ctime>

namespace cl::io {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";
/// RFC 2047 §2: an encoded word is at most 75 characters. 42 bytes of text are 56 base64
/// characters, a word of 68: "Subject: " and the first word stay within RFC 5322's 78 a line.
constexpr std::size_t kWordBytes = 42;

bool plain_ascii(std::string_view text) {
  for (const char chr : text) {
    const auto byte = static_cast<unsigned char>(chr);
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  // "=?" would read as the start of an encoded word.
  return text.find("=?") == std::string_view::npos;
}

/// The length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    const bool two = i + 1 < bytes.size();
    if (two) n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += two ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encode_header_text(std::string_view text) {
  if (plain_ascii(text)) return std::string(text);
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      const auto next = end + sequence_length(static_cast<unsigned char>(text[end]));
      if (next - start > kWordBytes) break;
      end = next;
    }
    if (end == start) end = start + 1;  // cannot happen for valid UTF-8 (4 < 42)
    if (end > text.size()) end = text.size();
    if (!out.empty()) out += "\r\n ";
    out += kWordStart;
    out += base64_encode(text.substr(start, end - start));
    out += kWordEnd;
    start = end;
  }
  return out;
}

std::string mailbox_address(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(mailbox.substr(open + 1, close - open - 1));
  }
  return std::string(mailbox);
}

std::string encode_mailbox(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  if (open == std::string_view::npos || open == 0) return std::string(mailbox);
  auto name = mailbox.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return encode_header_text(name) + " <" + mailbox_address(mailbox) + ">";
}

std::string rfc5322_date(long long unix_seconds) {
  const auto time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[64];
  // The C locale's names are RFC 5322's (day-name, month-name); strftime uses the C locale
  // unless the program changed it, which carbonledger does not.
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return text;
}

std::string format_mail(const MailMessage& message) {
  std::string out;
  out += "From: " + encode_mailbox(message.from) + "\r\n";
  out += "To: " + message.to + "\r\n";
  out += "Subject: " + encode_header_text(message.subject) + "\r\n";
  out += "Date: " + message.date + "\r\n";
  out += "Message-ID: " + message.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  std::string body;
  for (const char chr : message.body) {
    if (chr == '\n') body += '\r';
    body += chr;
  }
  const auto encoded = base64_encode(body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

}  // namespace cl::io
