// The JSON API without the socket: the route table, the shared state the handlers use (the
// factor library loaded once at start, the account services), and handle(), which runs one
// request through routing, authentication and the handler and turns every failure into a JSON
// error. http_server.cpp puts it behind cpp-httplib; unit tests call handle() directly.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>

#include "io/factor_loader.hpp"
#include "server/auth/memory_directory.hpp"
#include "server/auth/session.hpp"
#include "server/auth/store_directory.hpp"
#include "server/db_pool.hpp"
#include "server/inventory_watch.hpp"
#include "server/outbox_worker.hpp"
#include "server/page_cache.hpp"
#include "server/router.hpp"

namespace cl::server {

inline constexpr std::size_t kDefaultMaxBodyBytes = 10u << 20;  ///< 10 MiB

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;         ///< 0: any free port (printed at start)
  std::string db_url;      ///< the store (sqlite:PATH or postgresql://…); empty with users_file
  std::string access_log;  ///< a file to append to; empty or "-": standard error
  std::string users_file;  ///< JSON users for an in-memory directory instead of the store
  std::string data_dir;    ///< the data folder (data/cbam); empty: io::default_data_dir()
  std::string web_dir;     ///< the built browser app (web/dist) served at "/"; empty: API only
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  std::size_t threads = 32;           ///< httplib serves one connection per thread
  std::size_t page_cache_mb = 64;     ///< activity pages kept in memory (page_cache.hpp); 0: none
  std::size_t write_concurrency = 8;  ///< changes working with the store at once (db_pool.hpp)
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::int64_t pact_token_seconds = 3600;  ///< lifetime of a PACT API access token
  MailConfig mail;                         ///< supplier invitations and reminders (--smtp …)
  auth::SessionPolicy session;
  auth::ThrottleLimits throttle;
};

/// What the handlers share. Built once before the server starts; read-only afterwards except
/// for the account services and the page cache, which lock inside.
struct ApiState {
  ApiState() = default;
  ApiState(const ApiState&) = delete;
  ApiState& operator=(const ApiState&) = delete;
  ~ApiState();  ///< removes the scratch folder

  ServerConfig config;
  io::LoadedLibrary library;
  std::string scratch_dir;  ///< a private temporary folder (register workbooks)
  auth::Services services;
  /// The store's connections (one per worker thread); empty when serving with --users only.
  std::unique_ptr<DbPool> pool;
  std::unique_ptr<auth::MemoryDirectory> memory_directory;  ///< when no store is given
  /// Answers of the activity list by inventory revision (config.page_cache_mb); null when 0.
  std::unique_ptr<PageCache> page_cache;
  /// Inventories' rows kept while PostgreSQL tells what changes (serve(); PostgreSQL with a
  /// page cache only): a cached page is then served without a round trip.
  std::unique_ptr<InventoryWatch> inventory_watch;
  std::unique_ptr<auth::StoreDirectory> store_directory;  ///< over `pool`
  std::unique_ptr<auth::LoginThrottle> throttle;
  std::unique_ptr<auth::PasswordHasher> hasher;
  std::unique_ptr<auth::Authenticator> authenticator;
  /// Sends the mail outbox while serving with --smtp (started by serve()); null otherwise.
  std::unique_ptr<OutboxWorker> outbox;
  /// Where the real cause of a 500 goes (the access log while serving); may be empty.
  std::function<void(const std::string& event, const std::string& detail)> note;
};

class Api {
 public:
  /// Takes the loaded library and the account services (state.services must be set).
  explicit Api(std::unique_ptr<ApiState> state);

  /// Runs one request; always leaves a complete answer in `res` (JSON unless the route gives a
  /// file), never throws.
  void handle(const httplib::Request& req, httplib::Response& res, const std::string& request_id);

  const Router& router() const { return router_; }
  ApiState& state() { return *state_; }

  /// The user id of the last request handled on this thread (for the access log).
  static std::string& current_user();

 private:
  void dispatch(RequestContext& context);
  std::unique_ptr<ApiState> state_;
  Router router_;
};

/// The in-memory users of `serve --users FILE`: a JSON list of {"login", "password", "name",
/// "org", "role", "assigned": [...]}; passwords are hashed on load. Throws ApiError-free
/// cl::Error through the Result.
Result<void> load_users_file(const std::string& path, auth::MemoryDirectory& directory);

// Route groups (routes/*.cpp).
void add_meta_routes(Router& router, ApiState& state);
void add_auth_routes(Router& router, ApiState& state);
void add_inventory_routes(Router& router, ApiState& state);
void add_lca_routes(Router& router, ApiState& state);
void add_account_routes(Router& router, ApiState& state);
void add_organization_routes(Router& router, ApiState& state);
void add_inventory_data_routes(Router& router, ApiState& state);
void add_activity_routes(Router& router, ApiState& state);
void add_evidence_routes(Router& router, ApiState& state);
void add_version_routes(Router& router, ApiState& state);
void add_audit_routes(Router& router, ApiState& state);
void add_document_routes(Router& router, ApiState& state);
void add_guidance_routes(Router& router, ApiState& state);
void add_reduction_routes(Router& router, ApiState& state);
void add_cbam_routes(Router& router, ApiState& state);
void add_offset_routes(Router& router, ApiState& state);
void add_support_routes(Router& router, ApiState& state);
void add_footprint_routes(Router& router, ApiState& state);
void add_supply_chain_routes(Router& router, ApiState& state);
void add_footprint_version_routes(Router& router, ApiState& state);
void add_program_routes(Router& router, ApiState& state);
void add_program_review_routes(Router& router, ApiState& state);
void add_program_funding_routes(Router& router, ApiState& state);
void add_program_case_routes(Router& router, ApiState& state);
void add_program_follow_up_routes(Router& router, ApiState& state);
void add_pact_publish_routes(Router& router, ApiState& state);
void add_pact_api_routes(Router& router, ApiState& state);

/// The OpenAPI document (docs/api/openapi.yaml, embedded at build time).
std::string_view openapi_yaml();

}  // namespace cl::server
