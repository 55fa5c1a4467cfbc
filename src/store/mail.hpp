// The mail outbox (issue 7): every e-mail the server sends, written in the transaction of what
// caused it (a supplier invitation or reminder), sent afterwards by the mail worker
// (server/outbox_worker.hpp). A mail is queued until sent; a failed attempt records its error and
// is tried again at next_attempt_at until the attempts are used up, then it is failed. A mail's
// failure never undoes what caused it. Without a mail server (serve without --smtp) mails stay
// queued: the outbox is then the record of what would have been sent.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct OutboxMail {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;  ///< the sender's organization (the central factory)
  std::optional<std::int64_t> supply_request_id;
  std::string kind;               ///< invitation | reminder
  std::string recipient;          ///< the address (RCPT TO)
  std::string subject;            ///< as the reader sees it (UTF-8, not encoded)
  std::string message;            ///< the whole RFC 5322 message, CRLF line ends
  std::string status = "queued";  ///< queued | sent | failed
  std::int64_t attempts = 0;
  std::string last_error;
  std::string next_attempt_at;  ///< ISO 8601 UTC; the worker sends queued mail due by now
  std::string sent_at;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

/// The stored members; the message only with `with_message`.
nlohmann::json to_json(const OutboxMail& mail, bool with_message = false);

/// Queues a mail (status queued, due now). Joins the caller's transaction when there is one, so
/// the mail is kept exactly when what caused it is. store.invalid naming the member for a
/// recipient that is not an address or an empty message.
Result<OutboxMail> queue_mail(Database& db, const Actor& actor, OutboxMail mail);

/// Queued mail due at `now` (ISO 8601), oldest first, at most `limit`.
Result<std::vector<OutboxMail>> due_mail(Database& db, const std::string& now, int limit);

/// A successful delivery: sent, attempts + 1, sent_at now.
Result<void> mark_mail_sent(Database& db, std::int64_t id);

/// A failed attempt: attempts + 1 and the error; queued again at `retry_at`, or failed when
/// this was attempt `max_attempts`.
Result<OutboxMail> mark_mail_failed(Database& db, std::int64_t id, const std::string& error,
                                    int max_attempts, const std::string& retry_at);

/// The mail of a supply request, oldest first.
Result<std::vector<OutboxMail>> mail_of_request(Database& db, std::int64_t request_id);

/// The newest mail of each supply request of a study (request id → mail).
Result<std::map<std::int64_t, OutboxMail>> latest_mail_of_study(Database& db,
                                                                std::int64_t study_id);

}  // namespace cl::store
