// `carbonledger serve`: the JSON API over HTTP (src/server). `--check` prints the configuration
// it would serve with and stops, `--routes` prints the route table; both for scripts and tests.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/context.hpp"
#include "io/mail_message.hpp"
#include "io/smtp.hpp"
#include "server/http_server.hpp"

namespace cl::cli {
namespace {

constexpr const char* kDefaultDb = "sqlite:carbonledger.db";

struct ServeOptions {
  server::ServerConfig config;
  std::string smtp_password_file;
  int retry_seconds = 60;
  bool check = false;
  bool routes = false;
};

/// A usage error (cli.usage, exit 2) naming the option, as CLI11's own checks are.
[[noreturn]] void usage(const std::string& option, const std::string& message) {
  throw CLI::ValidationError(option, message);
}

/// The mail settings of --smtp …: cli.usage naming the option for a URL that is not smtp:// or
/// smtps://, a From without an address, or a password file that cannot be read.
void apply_mail_options(const ServeOptions& options, server::MailConfig& mail) {
  if (!mail.smtp_url.empty() && !io::is_smtp_url(mail.smtp_url)) {
    usage("--smtp", "'" + mail.smtp_url +
                        "' is not a mail server URL; write smtp://host:port "
                        "(STARTTLS when offered) or smtps://host:port");
  }
  const auto from = io::mailbox_address(mail.from);
  if (from.find('@') == std::string::npos || mail.from.find_first_of("\r\n") != std::string::npos) {
    usage("--smtp-from", "'" + mail.from +
                             "' has no address; write name@example.com or "
                             "\"Name <name@example.com>\"");
  }
  if (!options.smtp_password_file.empty()) {
    std::ifstream in(options.smtp_password_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      usage("--smtp-password-file", "cannot read " + options.smtp_password_file);
    }
    mail.password = text.str().substr(0, text.str().find_first_of("\r\n"));
  } else if (const char* env = std::getenv("CARBONLEDGER_SMTP_PASSWORD")) {
    mail.password = env;  // as `pact fetch` takes its secret from $CARBONLEDGER_PACT_SECRET
  }
  mail.retry_delay = std::chrono::seconds(options.retry_seconds);
}

void serve_command(const Context& context, const ServeOptions& options) {
  auto config = options.config;
  config.data_dir = context.data_dir;
  apply_mail_options(options, config.mail);
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
        "host {}\nport {}\ndb {}\nthreads {}\nwrite concurrency {}\npage cache {} MiB\n"
        "body limit {} bytes\n"
        "access log {}\nusers {}\nweb {}\nsecure cookies {}\npact token {} s\nmail {}\nfactors "
        "{}\nroutes {}\n",
        config.host, config.port, config.db_url.empty() ? "(none: users in memory)" : config.db_url,
        config.threads, std::min(config.write_concurrency, config.threads + 1),
        config.page_cache_mb, config.max_body_bytes,
        config.access_log.empty() ? "standard error" : config.access_log,
        config.users_file.empty() ? "(none)" : config.users_file,
        config.web_dir.empty() ? "(none: API only)" : config.web_dir,
        config.session.secure_cookies ? "yes" : "no", config.pact_token_seconds,
        config.mail.smtp_url.empty()
            ? std::string("outbox only (no --smtp)")
            : fmt::format("{} from {}{}", config.mail.smtp_url, config.mail.from,
                          config.mail.user.empty() ? "" : " as " + config.mail.user),
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
  serve
      ->add_option("--write-concurrency", options->config.write_concurrency,
                   "changes (POST, PUT, PATCH, DELETE) working with the database at once; the "
                   "others wait their turn in arrival order (default 8; about 4 per CPU core)")
      ->check(CLI::Range(1, 256));
  serve
      ->add_option("--page-cache-mb", options->config.page_cache_mb,
                   "memory for activity pages already answered, kept until their inventory "
                   "changes (default 64; 0: none)")
      ->check(CLI::Range(0, 4096));
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
  serve->add_option("--smtp", options->config.mail.smtp_url,
                    "mail server for supplier invitations and reminders: smtp://host:port "
                    "(STARTTLS when offered) or smtps://host:port (default: none, mail stays in "
                    "the outbox)");
  serve->add_option("--smtp-from", options->config.mail.from,
                    "the From of the mail (default \"CarbonLedger <noreply@localhost>\")");
  serve->add_option("--smtp-user", options->config.mail.user,
                    "log in to the mail server as this user (requires TLS)");
  serve
      ->add_option("--smtp-password-file", options->smtp_password_file,
                   "the mail server password, the first line of this file (default: "
                   "$CARBONLEDGER_SMTP_PASSWORD)")
      ->check(CLI::ExistingFile);
  serve
      ->add_option("--retry-seconds", options->retry_seconds,
                   "wait this × the attempts before trying a failed mail or PACT event delivery "
                   "again (default 60; 3 attempts)")
      ->check(CLI::Range(1, 86400));
  serve->add_option("--public-url", options->config.mail.public_url,
                    "the browser app's address for links in mail, e.g. https://carbon.example.com/ "
                    "(default: the Host of the request)");
  serve->add_flag("--secure-cookies", options->config.session.secure_cookies,
                  "mark cookies Secure (behind HTTPS)");
  serve->add_flag("--check", options->check, "print the configuration and stop");
  serve->add_flag("--routes", options->routes, "print the route table and stop");
  serve->callback([&context, options] { serve_command(context, *options); });
}

}  // namespace cl::cli
