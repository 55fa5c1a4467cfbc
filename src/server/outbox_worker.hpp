// The outbox worker: a thread of `carbonledger serve` that sends what request handlers queued
// in their transactions, after the commit: e-mail (store/mail.hpp, only with --smtp; without it
// mail stays queued in the outbox) and PACT answer events (store/pact_delivery.hpp: POST
// {requester}/3/events after a token from its /auth/token, with the partner's credentials). A
// handler calls wake() after its commit; the worker also looks every second, so items queued
// by another server process on the same store, or due for a retry, go out too. A failed
// attempt is recorded with its error and tried again after retry_delay × attempts, up to
// max_attempts, then the item is failed; what queued it is never undone. It has its own store
// connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "io/smtp.hpp"
#include "store/database.hpp"

namespace cl::server {

struct MailConfig {
  std::string smtp_url;  ///< smtp://host:port; empty: mail stays in the outbox
  std::string from = "CarbonLedger <noreply@localhost>";
  std::string user;
  std::string password;
  std::string public_url;  ///< the browser app's address for links; empty: the request's Host
  int max_attempts = 3;
  std::chrono::seconds retry_delay{60};  ///< for mail and PACT deliveries (--retry-seconds)
  std::chrono::seconds timeout{30};
};

/// Sends every mail due now once (one attempt each); the number sent.
int send_due_mail(store::Database& db, const MailConfig& config);

/// Delivers every PACT answer event due now once; the number delivered.
int deliver_due_pact_events(store::Database& db, const MailConfig& config);

class OutboxWorker {
 public:
  using Note = std::function<void(const std::string& event, const std::string& detail)>;
  OutboxWorker(std::string db_url, MailConfig config, Note note);
  ~OutboxWorker();  ///< stops and joins the thread
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  void wake();

 private:
  void run();
  std::string db_url_;
  MailConfig config_;
  Note note_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cl::server
