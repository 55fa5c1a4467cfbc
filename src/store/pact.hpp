// PACT exchange in the store (issue 7): the ProductFootprint documents an organization publishes,
// the API clients that read them over the PACT API (src/server/routes/pact_api.cpp), their access
// tokens and the CloudEvents received on /3/events.
//
// A footprint is stored as the document the organization published; the caller validates it
// (io::validate_pact) first. Publishing a footprint that names others in precedingPfIds turns each
// of them Deprecated in the same transaction (PACT lifecycle, "New ProductFootprint creation from
// major changes": a new version of the preceding one with status Deprecated, `updated` set and
// `version` incremented when it has one). Publishing and creating a client are audited; tokens
// and events are not data of the organization and are not.
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

struct PactFootprint {
  std::int64_t id = 0;
  std::string pf_id;  ///< the document's "id" (a UUID)
  std::int64_t organization_id = 0;
  std::string status;  ///< Active | Deprecated, as in the document
  nlohmann::json document;
  std::vector<std::string> preceding_pf_ids;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

/// What our own API answers about a stored footprint: the row's members and the document.
nlohmann::json to_json(const PactFootprint& footprint);

/// Stores `document` (validated by the caller) as a footprint of organization `org`.
/// store.conflict when a footprint with its id exists; store.invalid naming
/// "precedingPfIds[i]" when a preceding id is not a footprint of `org` or is already Deprecated
/// (a Deprecated footprint must not change); store.not_found for a missing organization.
Result<PactFootprint> publish_pact_footprint(Database& db, const Actor& actor, std::int64_t org,
                                             nlohmann::json document);
/// The footprint with document id `pf_id`; store.not_found otherwise.
Result<PactFootprint> get_pact_footprint(Database& db, const std::string& pf_id);
/// The organization's footprints, oldest first.
Result<std::vector<PactFootprint>> list_pact_footprints(Database& db, std::int64_t org);

struct PactClient {
  std::int64_t id = 0;
  std::string client_id;
  std::string secret_hash;           ///< argon2id (server/auth/password.hpp); never answered
  std::int64_t organization_id = 0;  ///< whose footprints the client reads
  std::string name;                  ///< who it is for, e.g. the customer's name
  std::string created_by;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

/// The client without its secret hash.
nlohmann::json to_json(const PactClient& client);

/// Stores a new client (client_id and secret_hash made by the caller). store.invalid for an
/// empty name; store.not_found for a missing organization; store.conflict for a taken client_id.
Result<PactClient> create_pact_client(Database& db, const Actor& actor, PactClient client);
/// The client with `client_id`; store.not_found otherwise (revoked ones too are returned).
Result<PactClient> find_pact_client(Database& db, const std::string& client_id);
Result<std::vector<PactClient>> list_pact_clients(Database& db, std::int64_t org);

/// Stores an access token of client row `client` (SHA-256 hex of the token, expiry ISO 8601).
Result<void> add_pact_token(Database& db, std::int64_t client, const std::string& token_hash,
                            const std::string& created_at, const std::string& expires_at);

struct PactTokenOwner {
  PactClient client;
  std::string expires_at;
};
/// The client a token hash belongs to, with the token's expiry; store.not_found otherwise.
Result<PactTokenOwner> find_pact_token(Database& db, const std::string& token_hash);

struct PactEvent {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::optional<std::int64_t> client;  ///< the client row that sent it (received events)
  std::string direction;               ///< received | outgoing
  std::string event_id;
  std::string type;
  std::string source;
  nlohmann::json body;
  std::string created_at;
};

/// Records an event (created_at set here); its row id.
Result<std::int64_t> record_pact_event(Database& db, PactEvent event);
/// The organization's events, oldest first.
Result<std::vector<PactEvent>> list_pact_events(Database& db, std::int64_t org);

}  // namespace cl::store
