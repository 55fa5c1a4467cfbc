// The e-mail of the supply chain (issue 7, DEM-2): the central factory's invitation to a
// first-tier supplier (the join link and the code) and its reminders (the date it is due by),
// each in Traditional Chinese and then English in one message (the supplier's language is not
// known before it joins; Taiwanese factories read both), queued in the outbox (store/mail.hpp) in
// the transaction of the invitation or reminder. The mail worker (outbox_worker.hpp) sends it.
#pragma once

#include <optional>
#include <string>

#include "server/api.hpp"
#include "store/footprint.hpp"
#include "store/mail.hpp"

namespace cl::server {

struct SupplyMailFacts {
  std::string customer;      ///< the central factory's name
  std::string product;       ///< the study's product
  std::string link_base;     ///< "https://carbon.example.com/" (the browser app's address)
  std::string due_date;      ///< YYYY-MM-DD; empty: none said (invitations)
  std::string from;          ///< the From mailbox
  std::string message_host;  ///< the right side of the Message-ID
};

/// The join link a supplier opens: {link_base}#/supply/join/{code} (web/src/routes.ts).
std::string join_link(const std::string& link_base, const std::string& code);

/// The mail for `kind` ("invitation" or "reminder") of `request`, ready to queue; nullopt when
/// the request's contact is not an e-mail address (the link is then handed over by other means).
std::optional<store::OutboxMail> supply_mail(const std::string& kind,
                                             const store::SupplyRequest& request,
                                             const SupplyMailFacts& facts);

/// "2026年12月20日（民國115年）" style date for the Chinese text: Gregorian with the ROC year.
std::string zh_date(const std::string& iso_date);

/// True for text that looks like one e-mail address (name@domain, no spaces or brackets).
bool is_mail_address(const std::string& text);

}  // namespace cl::server
