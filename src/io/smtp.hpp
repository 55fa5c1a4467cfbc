// Sending one e-mail over SMTP with libcurl (Debian libcurl4-openssl-dev): libcurl speaks SMTP,
// SMTPS and STARTTLS, authenticates (PLAIN, LOGIN, CRAM-MD5 … as the server offers) and does the
// dot-stuffing of the DATA phase, so no SMTP is written by hand here.
//
// `smtp://host:port` upgrades to TLS with STARTTLS when the server offers it and, when a user is
// given, requires it (credentials never go in clear); `smtps://host:port` is TLS from the start.
#pragma once

#include <chrono>
#include <string>

#include "core/common/result.hpp"

namespace cl::io {

struct SmtpServer {
  std::string url;  ///< smtp://host:port or smtps://host:port
  std::string user;
  std::string password;
  std::chrono::seconds timeout{30};
};

/// Sends `message` (RFC 5322 text, CRLF line ends) from envelope address `from` to `to`.
/// mail.failed with libcurl's reason and the server's last reply code on failure (the server
/// refused, could not be reached, authentication failed …).
Result<void> send_smtp(const SmtpServer& server, const std::string& from, const std::string& to,
                       const std::string& message);

/// True for an smtp:// or smtps:// URL with a host.
bool is_smtp_url(const std::string& url);

}  // namespace cl::io
