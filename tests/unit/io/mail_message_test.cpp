// RFC 5322 messages (io/mail_message.hpp). Expected base64 from RFC 4648 §10's test vectors and,
// for UTF-8 text, Python's base64.b64encode of the same bytes (a peer implementation).
#include "io/mail_message.hpp"

#include <gtest/gtest.h>

namespace cl::io {
namespace {

TEST(MailMessageTest, Base64IsRfc4648) {
  // RFC 4648 §10.
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(MailMessageTest, AsciiHeaderTextStaysAsItIs) {
  EXPECT_EQ(encode_header_text("Footprint data request"), "Footprint data request");
  // "=?" would start an encoded word: encoded instead.
  EXPECT_EQ(encode_header_text("a=?b"), "=?UTF-8?B?YT0/Yg==?=");
}

TEST(MailMessageTest, Utf8HeaderTextIsSplitIntoWordsOfWholeCharacters) {
  // 碳 is U+78B3, UTF-8 E7 A2 B3, base64 "56Kz".
  EXPECT_EQ(encode_header_text("碳"), "=?UTF-8?B?56Kz?=");
  // 110 bytes → words of at most 42 bytes, never splitting a character (the third word starts
  // with the 3-byte "–"): Python, base64 of the byte slices [0,42), [42,84), [84,110).
  EXPECT_EQ(encode_header_text("碳足跡資料邀請 Footprint data request: 大發螺絲工業股份有限公司 – "
                               "SWCH10A wire rod 8.5 mm"),
            "=?UTF-8?B?56Kz6Laz6Leh6LOH5paZ6YKA6KuLIEZvb3RwcmludCBkYXRhIHJlcXVl?=\r\n"
            " =?UTF-8?B?c3Q6IOWkp+eZvOieuue1suW3pealreiCoeS7veaciemZkOWFrOWPuCA=?=\r\n"
            " =?UTF-8?B?4oCTIFNXQ0gxMEEgd2lyZSByb2QgOC41IG1t?=");
}

TEST(MailMessageTest, MailboxesAndDates) {
  EXPECT_EQ(mailbox_address("碳帳本 <noreply@carbon.test>"), "noreply@carbon.test");
  EXPECT_EQ(mailbox_address("a@b.test"), "a@b.test");
  EXPECT_EQ(encode_mailbox("碳帳本 <noreply@carbon.test>"),
            "=?UTF-8?B?56Kz5biz5pys?= <noreply@carbon.test>");
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  // 2026-12-06 10:00:00 UTC = 1796551200 (20793 days × 86400 + 36000).
  EXPECT_EQ(rfc5322_date(1796551200), "Sun, 06 Dec 2026 10:00:00 +0000");
}

TEST(MailMessageTest, TheMessageHasItsHeadersAndABase64Body) {
  MailMessage message;
  message.from = "CarbonLedger <noreply@carbon.test>";
  message.to = "sales@liansteel.test";
  message.subject = "Hello";
  message.body = "line one\nline two\n";
  message.date = "Thu, 01 Jan 1970 00:00:00 +0000";
  message.message_id = "<1@carbon.test>";
  // The body with CRLF line ends, base64: "bGluZSBvbmUNCmxpbmUgdHdvDQo=" (Python).
  EXPECT_EQ(format_mail(message),
            "From: CarbonLedger <noreply@carbon.test>\r\n"
            "To: sales@liansteel.test\r\n"
            "Subject: Hello\r\n"
            "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
            "Message-ID: <1@carbon.test>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "\r\n"
            "bGluZSBvbmUNCmxpbmUgdHdvDQo=\r\n");
}

}  // namespace
}  // namespace cl::io
