// E-mail messages as RFC 5322 text (issue 7: supplier invitations and reminders).
//
// The message is UTF-8 throughout: MIME-Version 1.0, Content-Type text/plain; charset=UTF-8 and
// Content-Transfer-Encoding base64 (RFC 2045 §6.8, lines of 76 characters), so Chinese text
// passes any 7-bit relay and no body line can be taken for the SMTP end-of-data dot. Header
// text beyond ASCII (the subject, display names) is written as RFC 2047 encoded words
// (=?UTF-8?B?…?=, each at most 68 characters, split only between whole UTF-8 characters, folded
// onto continuation lines). Lines end in CRLF.
#pragma once

#include <string>
#include <string_view>

namespace cl::io {

struct MailMessage {
  std::string from;        ///< "CarbonLedger <noreply@example.com>" or a bare address
  std::string to;          ///< a bare address
  std::string subject;     ///< UTF-8
  std::string body;        ///< UTF-8, '\n' line ends (CRLF in the message)
  std::string date;        ///< RFC 5322 date-time, e.g. "Sun, 06 Dec 2026 10:00:00 +0000"
  std::string message_id;  ///< "<id@host>"
};

/// The whole message: headers, an empty line, the base64 body; CRLF line ends.
std::string format_mail(const MailMessage& message);

/// RFC 2047 B encoding of a header value: ASCII printable text as it is, anything else as
/// encoded words of at most 75 characters joined by CRLF + space (folding).
std::string encode_header_text(std::string_view text);

/// A display name and address ("Name <a@b>") with the name encoded when it is not ASCII.
std::string encode_mailbox(std::string_view mailbox);

/// The address of a mailbox: the part between < and > when there is one, else the whole text.
std::string mailbox_address(std::string_view mailbox);

/// RFC 4648 base64 (standard alphabet, padded), no line breaks.
std::string base64_encode(std::string_view bytes);

/// RFC 5322 §3.3 date-time in UTC of a Unix time: "Sun, 06 Dec 2026 10:00:00 +0000".
std::string rfc5322_date(long long unix_seconds);

}  // namespace cl::io
