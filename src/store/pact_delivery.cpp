// PACT partners and event deliveries (store/pact_delivery.hpp).
#include "store/pact_delivery.hpp"

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kPartnerColumns =
    "id, organization_id, name, base_url, client_id, client_secret, created_by, created_at";
constexpr const char* kDeliveryColumns =
    "id, event_id, organization_id, target, status, attempts, last_error, next_attempt_at, "
    "delivered_at, created_at, updated_at";

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

PactPartner partner_of(const Row& row) {
  PactPartner out;
  out.id = row.integer(0);
  out.organization_id = row.integer(1);
  out.name = row.text(2);
  out.base_url = row.text(3);
  out.client_id = row.text(4);
  out.client_secret = row.text(5);
  out.created_by = row.text(6);
  out.created_at = row.text(7);
  return out;
}

PactDelivery delivery_of(const Row& row) {
  PactDelivery out;
  out.id = row.integer(0);
  out.event_id = row.integer(1);
  out.organization_id = row.integer(2);
  out.target = row.text(3);
  out.status = row.text(4);
  out.attempts = row.integer(5);
  out.last_error = row.text(6);
  out.next_attempt_at = row.text(7);
  out.delivered_at = row.text(8);
  out.created_at = row.text(9);
  out.updated_at = row.text(10);
  return out;
}

std::vector<PactDelivery> deliveries(Database& db, const std::string& where,
                                     const std::vector<Value>& params) {
  std::vector<PactDelivery> out;
  for (const auto& row :
       db.query(std::string("SELECT ") + kDeliveryColumns + " FROM pact_deliveries WHERE " + where,
                params)) {
    out.push_back(delivery_of(row));
  }
  return out;
}

}  // namespace

std::string pact_base_url(const std::string& source) {
  if (source.rfind("http://", 0) != 0 && source.rfind("https://", 0) != 0) return {};
  const auto host = source.find("://") + 3;
  if (host >= source.size() || source[host] == '/') return {};  // no host
  std::string base = source;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string events = "/3/events";
  if (base.size() > host + events.size() &&
      base.compare(base.size() - events.size(), events.size(), events) == 0) {
    base.resize(base.size() - events.size());
  }
  return base;
}

nlohmann::json to_json(const PactPartner& partner) {
  return {{"id", partner.id},
          {"organization_id", partner.organization_id},
          {"name", partner.name},
          {"base_url", partner.base_url},
          {"client_id", partner.client_id},
          {"created_by", partner.created_by},
          {"created_at", partner.created_at}};
}

nlohmann::json to_json(const PactDelivery& delivery) {
  return {{"id", delivery.id},
          {"event_id", delivery.event_id},
          {"target", delivery.target},
          {"status", delivery.status},
          {"attempts", delivery.attempts},
          {"last_error", delivery.last_error},
          {"next_attempt_at", delivery.next_attempt_at},
          {"delivered_at", delivery.delivered_at},
          {"created_at", delivery.created_at},
          {"updated_at", delivery.updated_at}};
}

Result<PactPartner> create_pact_partner(Database& db, const Actor& actor, PactPartner partner) {
  return guard([&] {
    for (const auto& [value, field] :
         {std::pair{&partner.name, "name"}, std::pair{&partner.client_id, "client_id"},
          std::pair{&partner.client_secret, "client_secret"}}) {
      if (value->empty()) invalid(std::string("a PACT partner names its ") + field, field);
    }
    const auto base = pact_base_url(partner.base_url);
    if (base.empty()) {
      invalid("base_url '" + partner.base_url +
                  "' is not the http(s) address of a PACT host, e.g. https://pact.example.com",
              "base_url");
    }
    partner.base_url = base;
    db.write([&] {
      if (db.query("SELECT 1 FROM organizations WHERE id = $1", {partner.organization_id})
              .empty()) {
        detail::throw_not_found("organization", partner.organization_id);
      }
      if (!db.query("SELECT 1 FROM pact_partners WHERE organization_id = $1 AND base_url = $2",
                    {partner.organization_id, partner.base_url})
               .empty()) {
        throw_error(ErrorCode::store_conflict, "the organization already answers the PACT host " +
                                                   partner.base_url + "; nothing was changed");
      }
      partner.created_by = actor.who;
      partner.created_at = now_iso8601();
      partner.id = detail::insert_id(
          db,
          "INSERT INTO pact_partners (organization_id, name, base_url, client_id, "
          "client_secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {partner.organization_id, partner.name, partner.base_url, partner.client_id,
           partner.client_secret, partner.created_by, partner.created_at});
      append_audit(db, actor, "create", "pact_partners", std::to_string(partner.id), nullptr,
                   to_json(partner));
    });
    return partner;
  });
}

Result<std::vector<PactPartner>> list_pact_partners(Database& db, std::int64_t org) {
  return guard([&] {
    std::vector<PactPartner> out;
    for (const auto& row : db.query(std::string("SELECT ") + kPartnerColumns +
                                        " FROM pact_partners WHERE organization_id = $1 "
                                        "ORDER BY id",
                                    {org})) {
      out.push_back(partner_of(row));
    }
    return out;
  });
}

Result<std::optional<PactPartner>> find_pact_partner(Database& db, std::int64_t org,
                                                     const std::string& base_url) {
  return guard([&]() -> std::optional<PactPartner> {
    const auto rows = db.query(std::string("SELECT ") + kPartnerColumns +
                                   " FROM pact_partners WHERE organization_id = $1 AND "
                                   "base_url = $2",
                               {org, pact_base_url(base_url)});
    if (rows.empty()) return std::nullopt;
    return partner_of(rows[0]);
  });
}

Result<PactDelivery> queue_pact_delivery(Database& db, std::int64_t event_id, std::int64_t org,
                                         const std::string& target) {
  return guard([&] {
    PactDelivery delivery;
    delivery.event_id = event_id;
    delivery.organization_id = org;
    delivery.target = pact_base_url(target);
    delivery.created_at = now_iso8601();
    delivery.updated_at = delivery.created_at;
    delivery.next_attempt_at = delivery.created_at;
    if (delivery.target.empty()) {
      // Nothing to try: the requester gave no address an answer can be sent to.
      delivery.target = target;
      delivery.status = "failed";
      delivery.last_error = "the request's source '" + target +
                            "' is not the http(s) base URL of a PACT host; the answer cannot be "
                            "delivered (it stays listed here)";
    }
    db.write([&] {
      delivery.id = detail::insert_id(
          db,
          "INSERT INTO pact_deliveries (event_id, organization_id, target, status, attempts, "
          "last_error, next_attempt_at, delivered_at, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, 0, $5, $6, '', $7, $8)",
          {delivery.event_id, delivery.organization_id, delivery.target, delivery.status,
           delivery.last_error, delivery.next_attempt_at, delivery.created_at,
           delivery.updated_at});
    });
    return delivery;
  });
}

Result<std::vector<PactDelivery>> due_pact_deliveries(Database& db, const std::string& now,
                                                      int limit) {
  return guard([&] {
    return deliveries(db,
                      "status = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at, "
                      "id LIMIT $2",
                      {now, std::int64_t{limit}});
  });
}

Result<void> mark_pact_delivered(Database& db, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const auto now = now_iso8601();
      db.exec(
          "UPDATE pact_deliveries SET status = 'delivered', attempts = attempts + 1, "
          "last_error = '', delivered_at = $2, updated_at = $2 WHERE id = $1",
          {id, now});
    });
  });
}

Result<void> mark_pact_delivery_failed(Database& db, std::int64_t id, const std::string& error,
                                       int max_attempts, const std::string& retry_at) {
  return guard([&] {
    db.write([&] {
      auto found = deliveries(db, "id = $1", {id});
      if (found.empty()) detail::throw_not_found("PACT delivery", id);
      const auto attempts = found.front().attempts + 1;
      db.exec(
          "UPDATE pact_deliveries SET status = $2, attempts = $3, last_error = $4, "
          "next_attempt_at = $5, updated_at = $6 WHERE id = $1",
          {id, std::string(attempts >= max_attempts ? "failed" : "queued"), attempts, error,
           retry_at, now_iso8601()});
    });
  });
}

Result<std::optional<PactDelivery>> delivery_of_event(Database& db, std::int64_t event_id) {
  return guard([&]() -> std::optional<PactDelivery> {
    auto found = deliveries(db, "event_id = $1", {event_id});
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

}  // namespace cl::store
