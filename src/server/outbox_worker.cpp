// The mail worker (server/outbox_worker.hpp).
#include "server/outbox_worker.hpp"

#include <ctime>

#include "io/mail_message.hpp"
#include "io/pact_client.hpp"
#include "store/mail.hpp"
#include "store/pact.hpp"
#include "store/pact_delivery.hpp"

namespace cl::server {
namespace {

/// `delay` from now, ISO 8601 UTC as store::now_iso8601 writes it (so the texts compare).
std::string iso_after(std::chrono::seconds delay) {
  const auto when = std::chrono::system_clock::now() + delay;
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

}  // namespace

int send_due_mail(store::Database& db, const MailConfig& config) {
  if (config.smtp_url.empty()) return 0;
  auto due = store::due_mail(db, store::now_iso8601(), 50);
  if (!due) return 0;
  if (!due->empty()) db.wait_durable();  // no mail for an invitation a crash could still undo
  const io::SmtpServer server{config.smtp_url, config.user, config.password, config.timeout};
  const auto from = io::mailbox_address(config.from);
  int sent = 0;
  for (const auto& mail : *due) {
    auto result = io::send_smtp(server, from, mail.recipient, mail.message);
    if (result) {
      if (store::mark_mail_sent(db, mail.id)) ++sent;
    } else {
      const auto attempt = mail.attempts + 1;
      (void)store::mark_mail_failed(db, mail.id, result.error().message, config.max_attempts,
                                    iso_after(config.retry_delay * attempt));
    }
  }
  return sent;
}

namespace {

/// One delivery: the partner's credentials for the target, a token, the event.
Result<void> deliver(store::Database& db, const store::PactDelivery& delivery,
                     const MailConfig& config) {
  auto partner = store::find_pact_partner(db, delivery.organization_id, delivery.target);
  if (!partner) return tl::unexpected(partner.error());
  if (!*partner) {
    return fail(ErrorCode::pact_remote,
                "no PACT partner with base URL " + delivery.target +
                    ": add the client credentials that host gave you (POST /api/v1/orgs/" +
                    std::to_string(delivery.organization_id) + "/pact-partners)");
  }
  nlohmann::json body;
  for (const auto& event : store::list_pact_events(db, delivery.organization_id)
                               .value_or(std::vector<store::PactEvent>{})) {
    if (event.id == delivery.event_id) body = event.body;
  }
  if (body.is_null()) return fail(ErrorCode::store_not_found, "the answer event is gone");
  io::PactApiClient client(
      {(*partner)->base_url, (*partner)->client_id, (*partner)->client_secret, config.timeout});
  if (auto token = client.authenticate(); !token) return token;
  return client.post_event(body);
}

}  // namespace

int deliver_due_pact_events(store::Database& db, const MailConfig& config) {
  auto due = store::due_pact_deliveries(db, store::now_iso8601(), 50);
  if (!due) return 0;
  if (!due->empty()) db.wait_durable();  // nor an event for an answer not yet on disk
  int delivered = 0;
  for (const auto& delivery : *due) {
    auto result = deliver(db, delivery, config);
    if (result) {
      if (store::mark_pact_delivered(db, delivery.id)) ++delivered;
    } else {
      const auto attempt = delivery.attempts + 1;
      (void)store::mark_pact_delivery_failed(db, delivery.id, result.error().message,
                                             config.max_attempts,
                                             iso_after(config.retry_delay * attempt));
    }
  }
  return delivered;
}

OutboxWorker::OutboxWorker(std::string db_url, MailConfig config, Note note)
    : db_url_(std::move(db_url)), config_(std::move(config)), note_(std::move(note)) {
  thread_ = std::thread([this] { run(); });
}

OutboxWorker::~OutboxWorker() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::wake() {
  {
    const std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void OutboxWorker::run() {
  auto db = store::open_database(db_url_);
  if (!db) {
    if (note_) note_("mail", "the outbox worker cannot open the store: " + db.error().message);
    return;
  }
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wakeup_.wait_for(lock, std::chrono::seconds(1), [this] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    try {
      send_due_mail(**db, config_);
      deliver_due_pact_events(**db, config_);
    } catch (const std::exception& error) {
      if (note_) note_("outbox", error.what());
    }
  }
}

}  // namespace cl::server
