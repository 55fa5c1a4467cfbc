// The mail worker: a thread of `carbonledger serve --smtp URL` that sends the outbox
// (store/mail.hpp) after the transactions that queued the mail committed. A request handler
// calls wake() after its commit; the worker also looks every second, so mail queued by another
// server process on the same store, or due for a retry, goes out too. A failed attempt is
// recorded with its error and tried again after retry_delay × attempts, up to max_attempts, then
// the mail is failed; nothing is undone. It has its own store connection.
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
  std::chrono::seconds retry_delay{60};
  std::chrono::seconds timeout{30};
};

/// Sends every mail due now once (one attempt each); the number sent.
int send_due_mail(store::Database& db, const MailConfig& config);

class MailWorker {
 public:
  using Note = std::function<void(const std::string& event, const std::string& detail)>;
  MailWorker(std::string db_url, MailConfig config, Note note);
  ~MailWorker();  ///< stops and joins the thread
  MailWorker(const MailWorker&) = delete;
  MailWorker& operator=(const MailWorker&) = delete;

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
