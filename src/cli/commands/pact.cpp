// `carbonledger pact fetch`: a supplier's footprints from another host system's PACT v3 API
// (io/pact_client.hpp): get a token with the client credentials the supplier gave, list the
// footprints (or get one with --id), validate every document (io/pact.hpp) and write them. All
// or nothing: when one document has problems, each is printed with its JSON path and nothing is
// written. The secret may come from $CARBONLEDGER_PACT_SECRET instead of the command line
// (where other users of the machine can see it in the process list).
#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "cli/context.hpp"
#include "io/pact.hpp"
#include "io/pact_client.hpp"

namespace cl::cli {
namespace {

struct FetchOptions {
  std::string url;
  std::string client_id;
  std::string client_secret;
  std::string id;
  std::string query;
  std::string out_dir;
  int timeout = 30;
};

void fetch_command(const Context& context, const FetchOptions& options) {
  std::string secret = options.client_secret;
  if (secret.empty()) {
    if (const char* env = std::getenv("CARBONLEDGER_PACT_SECRET")) secret = env;
  }
  if (secret.empty()) {
    throw CommandError{Error{ErrorCode::cli_usage,
                             "give the client secret with --client-secret or in "
                             "$CARBONLEDGER_PACT_SECRET",
                             {.field = "--client-secret"},
                             {}}};
  }
  io::PactApiClient client(
      {options.url, options.client_id, secret, std::chrono::seconds(options.timeout)});
  value_or_throw(client.authenticate());
  std::vector<nlohmann::json> footprints;
  if (!options.id.empty()) {
    footprints.push_back(value_or_throw(client.get_footprint(options.id)));
  } else {
    footprints = value_or_throw(client.list_footprints(options.query)).footprints;
  }
  std::size_t problems = 0;
  for (std::size_t index = 0; index < footprints.size(); ++index) {
    const auto& document = footprints[index];
    const std::string name =
        document.is_object() && document.contains("id") && document["id"].is_string()
            ? document["id"].get<std::string>()
            : "footprint " + std::to_string(index + 1);
    for (const auto& problem : io::validate_pact(document)) {
      ++problems;
      *context.err << "error: pact.invalid: " << problem.path << ": " << problem.message
                   << "\n  at " << options.url << " " << name << "\n";
    }
  }
  if (problems > 0) {
    throw CommandError{Error{ErrorCode::pact_invalid,
                             std::to_string(problems) + " problem(s) in the footprints of " +
                                 options.url + ", listed above; nothing was written",
                             {.file = options.url},
                             {}}};
  }
  if (options.out_dir.empty()) {
    *context.out << nlohmann::json{{"data", footprints}}.dump(2) << "\n";
    return;
  }
  std::filesystem::create_directories(options.out_dir);
  for (const auto& document : footprints) {
    const std::string id = document["id"].get<std::string>();  // a UUID: validated above
    emit(context, document.dump(2) + "\n", options.out_dir + "/" + id + ".json");
  }
  *context.out << footprints.size() << " footprint(s) from " << options.url << " written to "
               << options.out_dir << "\n";
}

}  // namespace

void add_pact_commands(CLI::App& app, Context& context) {
  auto* pact = app.add_subcommand("pact", "PACT exchange with other host systems");
  pact->require_subcommand(1);
  auto options = std::make_shared<FetchOptions>();
  auto* fetch = pact->add_subcommand(
      "fetch", "get footprints from a PACT v3 API (token, list or --id), validated, written");
  fetch->add_option("--url", options->url, "the host's base URL, e.g. https://pact.example.com")
      ->required();
  fetch->add_option("--client-id", options->client_id, "the client id the data owner gave")
      ->required();
  fetch->add_option("--client-secret", options->client_secret,
                    "its secret (or $CARBONLEDGER_PACT_SECRET)");
  fetch->add_option("--id", options->id, "one footprint by its id (GetFootprint)");
  fetch->add_option("--query", options->query,
                    "ListFootprints filters as a query string, e.g. "
                    "\"productId=urn:gtin:4712345060507&status=Active\"");
  fetch->add_option("--out", options->out_dir,
                    "a folder for <id>.json files (default: {\"data\": [...]} on stdout)");
  fetch->add_option("--timeout", options->timeout, "seconds per request (default 30)")
      ->check(CLI::Range(1, 600));
  fetch->callback([&context, options] { fetch_command(context, *options); });
}

}  // namespace cl::cli
