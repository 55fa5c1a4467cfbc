#include "server/http_server.hpp"

#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "server/access_log.hpp"
#include "server/auth/store_directory.hpp"
#include "server/auth/token.hpp"
#include "server/http_error.hpp"
#include "store/migrations.hpp"

namespace cl::server {
namespace {

/// Per-connection-thread state of the request being served: httplib runs one request from
/// pre-routing to the logger on one worker thread.
struct InFlight {
  std::chrono::steady_clock::time_point start{};
  std::string request_id;
};
thread_local InFlight in_flight;

/// The stop signal received (0: none); lock-free, so a signal handler may set it.
std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

InFlight& begin_request() {
  in_flight.start = std::chrono::steady_clock::now();
  in_flight.request_id = auth::make_request_id();
  return in_flight;
}

/// httplib's own failures (413 before the body is read, a malformed request line) as JSON.
ApiError error_for_status(int status) {
  switch (status) {
    case 413:
      return {413, Error{ErrorCode::io_too_large,
                         "the request body is over the server's limit",
                         {.field = "body"},
                         {}}};
    case 404:
      return {404, Error{ErrorCode::http_not_found, "no such route", {}, {}}};
    case 400:
    case 414:
    case 431:
      return {status, Error{ErrorCode::parse_syntax, "the request could not be read", {}, {}}};
    default:
      return {status, Error{ErrorCode::internal, "the request could not be served", {}, {}}};
  }
}

/// The store's connections, one per worker thread and one for the account code, after bringing
/// the schema up to date (an empty database is created and migrated; a newer one is refused).
Result<std::unique_ptr<DbPool>> open_store_pool(const ServerConfig& config) {
  {
    auto db = store::open_database(config.db_url);
    if (!db) return tl::unexpected(db.error());
    auto migrated = store::migrate(**db);
    if (!migrated) return tl::unexpected(migrated.error());
  }
  return DbPool::open(config.db_url, (config.threads == 0 ? 1 : config.threads) + 1,
                      config.write_concurrency);
}

}  // namespace

Result<std::unique_ptr<Api>> make_api(const ServerConfig& config, io::LoadedLibrary library,
                                      bool open_store) {
  auto state = std::make_unique<ApiState>();
  state->config = config;
  state->library = std::move(library);
  std::string scratch =
      (std::filesystem::temp_directory_path() / "carbonledger-server-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) {
    return fail(ErrorCode::io_write_failed, "cannot make a scratch folder in " +
                                                std::filesystem::temp_directory_path().string());
  }
  state->scratch_dir = scratch;
  if (!config.users_file.empty()) {
    // Development and tests: users from a file, in memory; no store behind the API.
    state->memory_directory = std::make_unique<auth::MemoryDirectory>();
    if (auto loaded = load_users_file(config.users_file, *state->memory_directory); !loaded) {
      std::filesystem::remove_all(scratch);
      return tl::unexpected(loaded.error());
    }
    auto* directory = state->memory_directory.get();
    state->services = {directory, directory, directory};
  } else if (open_store && !config.db_url.empty()) {
    auto pool = open_store_pool(config);
    if (!pool) {
      std::filesystem::remove_all(scratch);
      return tl::unexpected(pool.error());
    }
    state->pool = std::move(*pool);
    state->store_directory = std::make_unique<auth::StoreDirectory>(*state->pool);
    auto* directory = state->store_directory.get();
    state->services = {directory, directory, directory};
  } else {
    state->memory_directory = std::make_unique<auth::MemoryDirectory>();
    auto* directory = state->memory_directory.get();
    state->services = {directory, directory, directory};
  }
  if (config.page_cache_mb > 0) {
    state->page_cache = std::make_unique<PageCache>(config.page_cache_mb << 20);
  }
  state->throttle = std::make_unique<auth::LoginThrottle>(config.throttle);
  state->hasher = std::make_unique<auth::PasswordHasher>(2);
  state->authenticator = std::make_unique<auth::Authenticator>(state->services, *state->throttle,
                                                               *state->hasher, config.session);
  return std::make_unique<Api>(std::move(state));
}

std::string route_table(const Api& api) {
  std::string out;
  for (const auto& route : api.router().routes()) {
    out += fmt::format("{:<6} {:<30} {:<13} {}\n", route.method, route.pattern,
                       route.access == Access::open ? "open" : "authenticated", route.summary);
  }
  return out;
}

void keep_inventories(ApiState& state, InventoryWatch::OpenFeed open) {
  state.inventory_watch = std::make_unique<InventoryWatch>(std::move(open), state.note);
  if (state.pool) {
    state.pool->on_changes(
        [watch = state.inventory_watch.get()](const auto& changes) { watch->forget(changes); });
  }
}

void stop_keeping_inventories(ApiState& state) {
  if (state.pool) state.pool->on_changes({});
  state.inventory_watch.reset();
}

Result<void> serve(Api& api, std::ostream& out) {
  auto& state = api.state();
  const auto& config = state.config;
  auto log = AccessLog::open(config.access_log);
  if (!log) return tl::unexpected(log.error());
  AccessLog& access = **log;

  // SIGINT/SIGTERM only set a flag (the one async-signal-safe thing to do); a watcher thread
  // sees it and stops the server, which lets the requests in progress finish.
  received_signal.store(0);
  struct sigaction action {};
  action.sa_handler = [](int signal) { received_signal.store(signal); };
  sigemptyset(&action.sa_mask);
  struct sigaction previous_int {};
  struct sigaction previous_term {};
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
  const auto restore_signals = [&] {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
  };

  httplib::Server server;
  const std::size_t threads = config.threads == 0 ? 1 : config.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(config.max_body_bytes);
  server.set_read_timeout(config.read_timeout.count(), 0);
  server.set_write_timeout(config.write_timeout.count(), 0);
  server.set_keep_alive_timeout(5);
  // Small JSON answers must not wait for the client's delayed ACK (Nagle: ~40 ms each), and a
  // client keeps its connection for many requests rather than reconnecting every fifth.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(10000);
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    begin_request();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto handler = [&api](const httplib::Request& req, httplib::Response& res) {
    if (in_flight.request_id.empty()) begin_request();
    api.handle(req, res, in_flight.request_id);
  };
  // The browser app: static files under "/" (index.html for "/"); httplib looks at mount points
  // before the handlers, so /api/… never reaches a file (web/dist has no api folder).
  if (!config.web_dir.empty()) {
    server.set_mount_point("/", config.web_dir);
    server.set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Cache-Control", "no-cache");
    });
  }
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // ours, JSON
        if (in_flight.request_id.empty()) begin_request();
        res.set_header("X-Request-Id", in_flight.request_id);
        send_error(res, error_for_status(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [&access](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        access.note("exception", "request " + in_flight.request_id);
        send_error(res, ApiError{500, Error{ErrorCode::internal, "internal error", {}, {}}});
      });
  server.set_logger([&access](const httplib::Request& req, const httplib::Response& res) {
    AccessEntry entry;
    entry.method = req.method;
    entry.path = req.path;
    entry.status = res.status;
    entry.bytes = res.body.size();
    if (in_flight.start != std::chrono::steady_clock::time_point{}) {
      entry.duration_ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - in_flight.start)
                              .count();
    }
    entry.request_id = in_flight.request_id;
    entry.user = Api::current_user();
    entry.ip = req.remote_addr;
    access.write(entry);
    in_flight = {};
    Api::current_user().clear();
  });

  int port = config.port;
  if (port == 0) {
    port = server.bind_to_any_port(config.host);
  } else if (!server.bind_to_port(config.host, port)) {
    port = -1;
  }
  if (port < 0) {
    restore_signals();
    return fail(ErrorCode::io_write_failed,
                fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                            config.host, config.port));
  }
  out << fmt::format(
             "carbonledger serve: listening on http://{}:{} ({} factors, {} threads, "
             "body limit {} bytes)\n",
             config.host, port, state.library.library.factors().size(), threads,
             config.max_body_bytes)
      << std::flush;
  access.note("start", fmt::format("{}:{}", config.host, port));
  state.note = [&access](const std::string& event, const std::string& detail) {
    access.note(event, detail);
  };
  // Mail and PACT answers go out from their own thread after the requests' commits
  // (server/outbox_worker.hpp); without --smtp, mail stays in the outbox.
  if (state.pool) {
    state.outbox = std::make_unique<OutboxWorker>(config.db_url, config.mail, state.note);
  }
  // PostgreSQL: a cached activity page is served without reading its inventory's row while
  // PostgreSQL tells which rows change (server/inventory_watch.hpp).
  if (state.pool && state.page_cache && store::has_inventory_feed(config.db_url)) {
    keep_inventories(state, [url = config.db_url] { return store::open_inventory_feed(url); });
  }

  std::atomic<bool> done{false};
  std::thread waiter([&] {
    while (!done.load()) {
      if (const int signal = received_signal.load(); signal != 0) {
        access.note("stop", signal == SIGINT ? "SIGINT" : "SIGTERM");
        server.stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const bool listened = server.listen_after_bind();
  done = true;
  waiter.join();
  state.outbox.reset();
  stop_keeping_inventories(state);
  restore_signals();
  std::error_code ignored;
  std::filesystem::remove_all(state.scratch_dir, ignored);
  state.note = nullptr;
  access.note("stopped", listened ? "clean" : "listen failed");
  return {};
}

}  // namespace cl::server
