// PACT footprints, API clients, tokens and events (store/pact.hpp): each write one transaction;
// publishing and client creation audited.
#include "store/pact.hpp"

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using nlohmann::json;

constexpr const char* kFootprintColumns =
    "id, pf_id, organization_id, status, document, preceding_pf_ids, created_by, created_at, "
    "updated_at";
constexpr const char* kClientColumns =
    "id, client_id, secret_hash, organization_id, name, created_by, created_at, revoked_at";

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

PactFootprint footprint_of(const Row& row) {
  PactFootprint out;
  out.id = row.integer(0);
  out.pf_id = row.text(1);
  out.organization_id = row.integer(2);
  out.status = row.text(3);
  out.document = detail::parse_json(row.text(4), "pact footprint " + out.pf_id);
  for (const auto& item : detail::parse_json(row.text(5), "pact footprint " + out.pf_id)) {
    out.preceding_pf_ids.push_back(item.get<std::string>());
  }
  out.created_by = row.text(6);
  out.created_at = row.text(7);
  out.updated_at = row.text(8);
  return out;
}

PactClient client_of(const Row& row) {
  PactClient out;
  out.id = row.integer(0);
  out.client_id = row.text(1);
  out.secret_hash = row.text(2);
  out.organization_id = row.integer(3);
  out.name = row.text(4);
  out.created_by = row.text(5);
  out.created_at = row.text(6);
  out.revoked_at = row.optional_text(7);
  return out;
}

std::optional<PactFootprint> find_footprint(Database& db, const std::string& pf_id) {
  const auto rows = db.query(
      std::string("SELECT ") + kFootprintColumns + " FROM pact_footprints WHERE pf_id = $1",
      {pf_id});
  if (rows.empty()) return std::nullopt;
  return footprint_of(rows[0]);
}

void require_organization(Database& db, std::int64_t org) {
  if (db.query("SELECT 1 FROM organizations WHERE id = $1", {org}).empty()) {
    detail::throw_not_found("organization", org);
  }
}

/// The preceding footprint `pf_id` as a new version with status Deprecated.
void deprecate(Database& db, const Actor& actor, std::int64_t org, const std::string& pf_id,
               const std::string& field, const std::string& successor, const std::string& now) {
  auto before = find_footprint(db, pf_id);
  if (!before || before->organization_id != org) {
    invalid("precedingPfIds names " + pf_id + ", which is not a footprint this organization " +
                "published; list only your own earlier footprints",
            field);
  }
  if (before->status == "Deprecated") {
    invalid("precedingPfIds names " + pf_id +
                ", which is already Deprecated; a Deprecated footprint does not change (PACT "
                "lifecycle), name the footprint that replaced it",
            field);
  }
  json document = before->document;
  document["status"] = "Deprecated";
  document["statusComment"] = "replaced by " + successor;
  document["updated"] = now;
  if (document.contains("version") && document["version"].is_number_integer()) {
    document["version"] = document["version"].get<std::int64_t>() + 1;
  }
  db.exec(
      "UPDATE pact_footprints SET status = 'Deprecated', document = $2, updated_at = $3 "
      "WHERE id = $1",
      {before->id, document.dump(), now});
  PactFootprint after = *before;
  after.status = "Deprecated";
  after.document = std::move(document);
  after.updated_at = now;
  append_audit(db, actor, "deprecate", "pact_footprints", std::to_string(before->id),
               to_json(*before), to_json(after));
}

}  // namespace

json to_json(const PactFootprint& footprint) {
  return {{"id", footprint.id},
          {"pf_id", footprint.pf_id},
          {"organization_id", footprint.organization_id},
          {"status", footprint.status},
          {"preceding_pf_ids", footprint.preceding_pf_ids},
          {"created_by", footprint.created_by},
          {"created_at", footprint.created_at},
          {"updated_at", footprint.updated_at},
          {"document", footprint.document}};
}

Result<PactFootprint> publish_pact_footprint(Database& db, const Actor& actor, std::int64_t org,
                                             json document) {
  return guard([&] {
    PactFootprint out;
    db.write([&] {
      require_organization(db, org);
      out.pf_id = document.value("id", std::string());
      if (find_footprint(db, out.pf_id)) {
        throw StoreError{Error{ErrorCode::store_conflict,
                               "a footprint with id " + out.pf_id +
                                   " is already published; a new footprint needs a new id "
                                   "(and names this one in precedingPfIds)",
                               {.field = "id"},
                               {}}};
      }
      out.created_at = now_iso8601();
      const auto preceding = document.value("precedingPfIds", json::array());
      for (std::size_t index = 0; index < preceding.size(); ++index) {
        const std::string field = "precedingPfIds[" + std::to_string(index) + "]";
        if (!preceding[index].is_string()) invalid("a preceding id is a UUID string", field);
        out.preceding_pf_ids.push_back(preceding[index].get<std::string>());
        deprecate(db, actor, org, out.preceding_pf_ids.back(), field, out.pf_id, out.created_at);
      }
      out.organization_id = org;
      out.status = document.value("status", std::string("Active"));
      out.document = std::move(document);
      out.created_by = actor.who;
      out.updated_at = out.created_at;
      out.id = detail::insert_id(
          db,
          "INSERT INTO pact_footprints (pf_id, organization_id, status, document, "
          "preceding_pf_ids, created_by, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {out.pf_id, org, out.status, out.document.dump(), json(out.preceding_pf_ids).dump(),
           out.created_by, out.created_at, out.updated_at});
      append_audit(db, actor, "create", "pact_footprints", std::to_string(out.id), nullptr,
                   to_json(out));
    });
    return out;
  });
}

Result<PactFootprint> get_pact_footprint(Database& db, const std::string& pf_id) {
  return guard([&] {
    auto found = find_footprint(db, pf_id);
    if (!found) throw_error(ErrorCode::store_not_found, "footprint " + pf_id + " does not exist");
    return std::move(*found);
  });
}

Result<std::vector<PactFootprint>> list_pact_footprints(Database& db, std::int64_t org) {
  return guard([&] {
    std::vector<PactFootprint> out;
    for (const auto& row : db.query(std::string("SELECT ") + kFootprintColumns +
                                        " FROM pact_footprints WHERE organization_id = $1 "
                                        "ORDER BY id",
                                    {org})) {
      out.push_back(footprint_of(row));
    }
    return out;
  });
}

json to_json(const PactClient& client) {
  return {{"id", client.id},
          {"client_id", client.client_id},
          {"organization_id", client.organization_id},
          {"name", client.name},
          {"created_by", client.created_by},
          {"created_at", client.created_at},
          {"revoked_at", client.revoked_at ? json(*client.revoked_at) : json(nullptr)}};
}

Result<PactClient> create_pact_client(Database& db, const Actor& actor, PactClient client) {
  return guard([&] {
    db.write([&] {
      if (client.name.empty()) invalid("an API client names who it is for", "name");
      require_organization(db, client.organization_id);
      client.created_by = actor.who;
      client.created_at = now_iso8601();
      client.revoked_at.reset();
      client.id = detail::insert_id(
          db,
          "INSERT INTO pact_clients (client_id, secret_hash, organization_id, name, created_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
          {client.client_id, client.secret_hash, client.organization_id, client.name,
           client.created_by, client.created_at});
      append_audit(db, actor, "create", "pact_clients", std::to_string(client.id), nullptr,
                   to_json(client));
    });
    return client;
  });
}

Result<PactClient> find_pact_client(Database& db, const std::string& client_id) {
  return guard([&] {
    const auto rows = db.query(
        std::string("SELECT ") + kClientColumns + " FROM pact_clients WHERE client_id = $1",
        {client_id});
    if (rows.empty()) throw_error(ErrorCode::store_not_found, "no such API client");
    return client_of(rows[0]);
  });
}

Result<std::vector<PactClient>> list_pact_clients(Database& db, std::int64_t org) {
  return guard([&] {
    std::vector<PactClient> out;
    for (const auto& row : db.query(std::string("SELECT ") + kClientColumns +
                                        " FROM pact_clients WHERE organization_id = $1 ORDER BY id",
                                    {org})) {
      out.push_back(client_of(row));
    }
    return out;
  });
}

Result<void> add_pact_token(Database& db, std::int64_t client, const std::string& token_hash,
                            const std::string& created_at, const std::string& expires_at) {
  return guard([&] {
    db.write([&] {
      db.exec(
          "INSERT INTO pact_access_tokens (token_hash, client_id, created_at, expires_at) "
          "VALUES ($1, $2, $3, $4)",
          {token_hash, client, created_at, expires_at});
    });
  });
}

Result<PactTokenOwner> find_pact_token(Database& db, const std::string& token_hash) {
  return guard([&] {
    std::string columns;
    for (const char* column : {"id", "client_id", "secret_hash", "organization_id", "name",
                               "created_by", "created_at", "revoked_at"}) {
      columns += (columns.empty() ? "c." : ", c.") + std::string(column);
    }
    const auto rows = db.query("SELECT " + columns +
                                   ", t.expires_at FROM pact_access_tokens t "
                                   "JOIN pact_clients c ON c.id = t.client_id "
                                   "WHERE t.token_hash = $1",
                               {token_hash});
    if (rows.empty()) throw_error(ErrorCode::store_not_found, "no such access token");
    return PactTokenOwner{client_of(rows[0]), rows[0].text(8)};
  });
}

Result<std::int64_t> record_pact_event(Database& db, PactEvent event) {
  return guard([&] {
    std::int64_t id = 0;
    db.write([&] {
      id = detail::insert_id(
          db,
          "INSERT INTO pact_events (organization_id, client_id, direction, event_id, type, "
          "source, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {event.organization_id, event.client ? Value(*event.client) : Value(std::monostate{}),
           event.direction, event.event_id, event.type, event.source, event.body.dump(),
           now_iso8601()});
    });
    return id;
  });
}

Result<std::vector<PactEvent>> list_pact_events(Database& db, std::int64_t org) {
  return guard([&] {
    std::vector<PactEvent> out;
    for (const auto& row :
         db.query("SELECT id, organization_id, client_id, direction, event_id, type, source, "
                  "body, created_at FROM pact_events WHERE organization_id = $1 ORDER BY id",
                  {org})) {
      PactEvent event;
      event.id = row.integer(0);
      event.organization_id = row.integer(1);
      if (!row.is_null(2)) event.client = row.integer(2);
      event.direction = row.text(3);
      event.event_id = row.text(4);
      event.type = row.text(5);
      event.source = row.text(6);
      event.body = detail::parse_json(row.text(7), "pact event " + std::to_string(event.id));
      event.created_at = row.text(8);
      out.push_back(std::move(event));
    }
    return out;
  });
}

}  // namespace cl::store
