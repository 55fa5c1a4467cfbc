// `carbonledger serve` behind cpp-httplib 0.11 (Debian libcpp-httplib-dev): a thread pool, the
// request body limit (413 as JSON before the body is read into memory), read and write
// timeouts, one access-log line per request, and a graceful stop on SIGINT/SIGTERM (requests in
// progress finish; the signal handler only sets a flag that a watcher thread acts on).
#pragma once

#include <iosfwd>
#include <memory>

#include "server/api.hpp"

namespace cl::server {

/// Builds the API: the library (already loaded by the caller), a private scratch folder and the
/// account services: with config.users_file an in-memory directory filled from it; else, when
/// config.db_url is set and `open_store`, the store (migrated to the current schema, a pool of
/// threads + 1 connections) with its directory; else an empty in-memory directory (the route
/// table for `serve --routes`, unit tests).
Result<std::unique_ptr<Api>> make_api(const ServerConfig& config, io::LoadedLibrary library,
                                      bool open_store = true);

/// Starts keeping inventories' rows (server/inventory_watch.hpp) over the feed `open` gives,
/// and has the pool hand each connection's committed changes to it; stop_keeping_inventories()
/// undoes both. serve() does this on PostgreSQL with a page cache.
void keep_inventories(ApiState& state, InventoryWatch::OpenFeed open);
void stop_keeping_inventories(ApiState& state);

/// Binds, prints "listening on http://HOST:PORT" to `out`, and serves until SIGINT or SIGTERM.
Result<void> serve(Api& api, std::ostream& out);

/// The route table as text, one route per line: METHOD PATH ACCESS SUMMARY.
std::string route_table(const Api& api);

}  // namespace cl::server
