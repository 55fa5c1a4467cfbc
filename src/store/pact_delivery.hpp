// Answering PACT request events across hosts (issue 7): the partners an organization answers
// (another host system's base URL and the client credentials that host gave it) and the
// deliveries of answer events (Fulfilled, Rejected) to the requester's /3/events, sent by the
// outbox worker (server/outbox_worker.hpp) after the commit of the request that caused them:
// queued → delivered, or failed once the attempts are used up, each failure's error kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct PactPartner {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string name;
  std::string base_url;  ///< "https://pact.customer.example" (no trailing '/')
  std::string client_id;
  std::string client_secret;  ///< presented to that host's /auth/token; never answered
  std::string created_by;
  std::string created_at;
};

/// The partner without its secret.
nlohmann::json to_json(const PactPartner& partner);

/// Stores a partner (audited, without the secret). store.invalid naming the member for an empty
/// name, id or secret or a base URL that is not http(s)://…; store.conflict when the
/// organization has a partner of that base URL.
Result<PactPartner> create_pact_partner(Database& db, const Actor& actor, PactPartner partner);
Result<std::vector<PactPartner>> list_pact_partners(Database& db, std::int64_t org);
/// The organization's partner at `base_url` (compared without a trailing '/'); nullopt if none.
Result<std::optional<PactPartner>> find_pact_partner(Database& db, std::int64_t org,
                                                     const std::string& base_url);

struct PactDelivery {
  std::int64_t id = 0;
  std::int64_t event_id = 0;  ///< the outgoing pact_events row
  std::int64_t organization_id = 0;
  std::string target;             ///< the requester's base URL (its /3/events receives the event)
  std::string status = "queued";  ///< queued | delivered | failed
  std::int64_t attempts = 0;
  std::string last_error;
  std::string next_attempt_at;
  std::string delivered_at;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json to_json(const PactDelivery& delivery);

/// Queues the delivery of outgoing event row `event_id` to `target` (joins the caller's
/// transaction). A target that is not an http(s) URL is recorded failed at once with the reason.
Result<PactDelivery> queue_pact_delivery(Database& db, std::int64_t event_id, std::int64_t org,
                                         const std::string& target);
/// Queued deliveries due at `now`, oldest first, at most `limit`.
Result<std::vector<PactDelivery>> due_pact_deliveries(Database& db, const std::string& now,
                                                      int limit);
Result<void> mark_pact_delivered(Database& db, std::int64_t id);
/// A failed attempt, as store::mark_mail_failed.
Result<void> mark_pact_delivery_failed(Database& db, std::int64_t id, const std::string& error,
                                       int max_attempts, const std::string& retry_at);
/// The delivery of event row `event_id`; nullopt when it has none (received events).
Result<std::optional<PactDelivery>> delivery_of_event(Database& db, std::int64_t event_id);

/// "https://h/sub/" or "https://h/sub/3/events" → "https://h/sub": the base URL of a
/// CloudEvents source; empty when it is not an http(s) URL.
std::string pact_base_url(const std::string& source);

}  // namespace cl::store
