// `carbonledger serve`: the JSON API over HTTP (src/server). `--check` prints the configuration
// it would serve with and stops, `--routes` prints the route table; both for scripts and tests.
#include <fmt/format.h>

#include <ostream>

#include "cli/context.hpp"
#include "server/http_server.hpp"

namespace cl::cli {
namespace {

constexpr const char* kDefaultDb = "sqlite:carbonledger.db";

struct ServeOptions {
  server::ServerConfig config;
  bool check = false;
  bool routes = false;
};

void serve_command(const Context& context, const ServeOptions& options) {
  auto config = options.config;
  config.data_dir = context.data_dir;
  // The store is the default; `--users` serves from an in-memory directory instead.
  if (config.db_url.empty() && config.users_file.empty()) config.db_url = kDefaultDb;
  auto api = value_or_throw(
      server::make_api(config, context.load_library(), !(options.routes || options.check)));
  if (options.routes) {
    *context.out << server::route_table(*api);
    return;
  }
  if (options.check) {
    *context.out << fmt::format(
        "host {}\nport {}\ndb {}\nthreads {}\nbody limit {} bytes\naccess log {}\nusers {}\n"
        "web {}\nsecure cookies {}\npact token {} s\nfactors {}\nroutes {}\n",
        config.host, config.port, config.db_url.empty() ? "(none: users in memory)" : config.db_url,
        config.threads, config.max_body_bytes,
        config.access_log.empty() ? "standard error" : config.access_log,
        config.users_file.empty() ? "(none)" : config.users_file,
        config.web_dir.empty() ? "(none: API only)" : config.web_dir,
        config.session.secure_cookies ? "yes" : "no", config.pact_token_seconds,
        api->state().library.library.factors().size(), api->router().routes().size());
    return;
  }
  value_or_throw(server::serve(*api, *context.out));
}

}  // namespace

void add_serve_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "the JSON API over HTTP (docs/api/openapi.yaml)");
  serve->add_option("--port", options->config.port, "port to listen on (default 8080; 0: any)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", options->config.host, "address to listen on (default 127.0.0.1)");
  serve->add_option(
      "--db", options->config.db_url,
      "sqlite:PATH or postgresql://… (default sqlite:carbonledger.db; migrated at start)");
  serve
      ->add_option("--threads", options->config.threads,
                   "worker threads: connections served at once (default 32)")
      ->check(CLI::Range(1, 256));
  serve->add_option("--access-log", options->config.access_log,
                    "append the access log (JSON lines) to this file (default: standard error)");
  serve
      ->add_option("--users", options->config.users_file,
                   "JSON list of users kept in memory instead of the database (development)")
      ->check(CLI::ExistingFile);
  serve
      ->add_option("--web", options->config.web_dir,
                   "serve the built browser app (web/dist) at / (default: API only)")
      ->check(CLI::ExistingDirectory);
  serve
      ->add_option("--pact-token-seconds", options->config.pact_token_seconds,
                   "lifetime of a PACT API access token from /auth/token (default 3600)")
      ->check(CLI::Range(1, 86400));
  serve->add_flag("--secure-cookies", options->config.session.secure_cookies,
                  "mark cookies Secure (behind HTTPS)");
  serve->add_flag("--check", options->check, "print the configuration and stop");
  serve->add_flag("--routes", options->routes, "print the route table and stop");
  serve->callback([&context, options] { serve_command(context, *options); });
}

}  // namespace cl::cli
