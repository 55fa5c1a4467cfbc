// The PACT v3 API of a host system (shared/reference/pact-v3.md; WBCSD data-exchange-protocol
// spec/v3/rest-api.md), for the footprints organizations publish (routes/pact_publish.cpp):
//
//   POST /auth/token            Action Authenticate: OAuth2 client credentials (RFC 6749 §4.4):
//                               Authorization: Basic, body grant_type=client_credentials →
//                               {access_token, token_type "Bearer", expires_in}; errors as RFC 6749
//                               §5.2 {error, error_description}: invalid_request,
//                               unsupported_grant_type (400), invalid_client (401 with
//                               WWW-Authenticate: Basic when the header was used)
//   GET  /3/footprints          Action ListFootprints: the client's organization's footprints,
//                               filters of io/pact_query.hpp, `limit` (default 100, at most 1000
//                               a page) and `Link: <…>; rel="next"` (absolute, the request's host)
//   GET  /3/footprints/{id}     Action GetFootprint: {"data": footprint}
//   POST /3/events              Action Events: CloudEvents in structured mode
//                               (application/cloudevents+json); 200 with an empty body when
//                               accepted. A PF Request Event is answered with a Fulfilled event
//                               listing the matching footprints, or Rejected with NoSuchFootprint;
//                               the answer is kept with the request (GET /api/v1/orgs/{org}/
//                               pact-events) and delivered to the requester: POST
//                               {source}/3/events with a token from {source}/auth/token, using
//                               the credentials of the organization's partner at that base URL
//                               (store/pact_delivery.hpp; the outbox worker, retried).
//
// Bearer tokens come from /auth/token (SHA-256 in the store, an hour by default,
// --pact-token-seconds). Errors are PACT's {code, message} (rest-api.md "Error responses"):
// BadRequest 400 (also for a missing or unknown token, as the conformance tests of
// wbcsd/pact-conformance-service expect), TokenExpired 401, AccessDenied 403 (a revoked
// client), NoSuchFootprint 404 (also for another organization's footprint, so ids cannot be
// probed: the spec allows NoSuchFootprint for GetFootprint), NotImplemented 400 (an event type
// PACT does not define), InternalError 500.
#include <fmt/format.h>
#include <sodium.h>
#include <strings.h>

#include <cctype>
#include <charconv>
#include <map>

#include "io/pact_query.hpp"
#include "server/api.hpp"
#include "server/auth/store_directory.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "store/pact.hpp"
#include "store/pact_delivery.hpp"

namespace cl::server {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultPage = 100;
constexpr std::int64_t kMaxPage = 1000;

struct PactError {
  int status = 400;
  std::string code;
  std::string message;
};

[[noreturn]] void bad_request(const std::string& message) {
  throw PactError{400, "BadRequest", message};
}

void send_pact_error(httplib::Response& res, const PactError& error) {
  send_json(res, error.status, {{"code", error.code}, {"message", error.message}});
}

/// Runs a PACT handler, answering its failures in PACT's format (store failures as
/// InternalError with only the request id, the cause in the server's log).
RouteHandler pact_handler(ApiState* state, void (*handler)(ApiState&, RequestContext&)) {
  return [state, handler](RequestContext& context) {
    try {
      handler(*state, context);
    } catch (const PactError& error) {
      send_pact_error(context.res, error);
    } catch (const ApiError& error) {
      if (error.status < 500) {
        send_pact_error(context.res, {error.status, "BadRequest", error.error.message});
        return;
      }
      if (state->note) state->note("error", context.request_id + " " + error.error.to_string());
      send_pact_error(
          context.res,
          {500, "InternalError", "internal error; please report request id " + context.request_id});
    }
  };
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t index = 0; index < text.size(); ++index) {
    if (text[index] == '+') {
      out += ' ';
    } else if (text[index] == '%' && index + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[index + 1])) != 0 &&
               std::isxdigit(static_cast<unsigned char>(text[index + 2])) != 0) {
      out += static_cast<char>(std::stoi(std::string(text.substr(index + 1, 2)), nullptr, 16));
      index += 2;
    } else {
      out += text[index];
    }
  }
  return out;
}

std::string form_encode(const std::string& text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (const char raw : text) {
    const auto chr = static_cast<unsigned char>(raw);
    if (std::isalnum(chr) != 0 || chr == '-' || chr == '_' || chr == '.' || chr == '~' ||
        chr == ':') {
      out += static_cast<char>(chr);
    } else {
      out += '%';
      out += kHex[chr >> 4];
      out += kHex[chr & 15];
    }
  }
  return out;
}

/// application/x-www-form-urlencoded → name → value (the first of each name).
std::map<std::string, std::string> form_fields(const std::string& body) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    const auto end = std::min(body.find('&', start), body.size());
    const std::string_view pair(body.data() + start, end - start);
    const auto equals = pair.find('=');
    if (!pair.empty()) {
      out.emplace(percent_decode(pair.substr(0, equals)),
                  equals == std::string_view::npos ? "" : percent_decode(pair.substr(equals + 1)));
    }
    start = end + 1;
  }
  return out;
}

std::string now_text() {
  return auth::to_iso8601(std::chrono::system_clock::now());
}

/// A random UUID (version 4) for event ids.
std::string make_uuid() {
  std::string hex = auth::make_request_id() + auth::make_request_id();
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

/// The API client of the request's bearer token.
store::PactClient bearer_client(store::Database& db, RequestContext& context) {
  const auto header = context.req.get_header_value("Authorization");
  if (header.size() < 7 || strncasecmp(header.c_str(), "Bearer ", 7) != 0) {
    bad_request("no access token: send Authorization: Bearer <access_token> from POST /auth/token");
  }
  const std::string token = header.substr(7);
  if (!auth::looks_like(auth::SecretKind::pact_access_token, token)) {
    bad_request("invalid access token; get one from POST /auth/token");
  }
  auto found = store::find_pact_token(db, auth::hash_secret(token));
  if (!found) {
    if (found.error().code == ErrorCode::store_not_found) {
      bad_request("invalid access token; get one from POST /auth/token");
    }
    throw ApiError{500, found.error(), {}};
  }
  if (found->client.revoked_at) {
    throw PactError{403, "AccessDenied", "this API client was revoked by the data owner"};
  }
  if (found->expires_at <= now_text()) {
    context.res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    throw PactError{401, "TokenExpired",
                    "the access token expired at " + found->expires_at +
                        "; get a new one from POST /auth/token"};
  }
  Api::current_user() = "pact:" + found->client.client_id;
  return found->client;
}

struct TokenRefusal {
  int status;
  std::string error;
  std::string description;
};

void token_route(ApiState& state, RequestContext& context) {
  const auto refuse = [&](const TokenRefusal& refusal) {
    if (refusal.status == 401) {
      context.res.set_header("WWW-Authenticate", "Basic realm=\"carbonledger PACT\"");
    }
    send_json(context.res, refusal.status,
              {{"error", refusal.error}, {"error_description", refusal.description}});
  };
  const auto type = context.req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0) {
    return refuse({400, "invalid_request",
                   "the body is a form (Content-Type: application/x-www-form-urlencoded) with "
                   "grant_type=client_credentials"});
  }
  const auto form = form_fields(context.req.body);
  const auto grant = form.find("grant_type");
  if (grant == form.end()) {
    return refuse({400, "invalid_request", "the form lacks grant_type=client_credentials"});
  }
  if (grant->second != "client_credentials") {
    return refuse({400, "unsupported_grant_type",
                   "grant_type '" + grant->second + "' is not supported; use client_credentials"});
  }
  // RFC 6749 §2.3.1: HTTP Basic (form-encoded id and secret), or both in the body.
  std::string id;
  std::string secret;
  const auto header = context.req.get_header_value("Authorization");
  const bool by_header = header.size() > 6 && strncasecmp(header.c_str(), "Basic ", 6) == 0;
  if (by_header) {
    const std::string encoded = header.substr(6);
    std::string decoded(encoded.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                          encoded.data(), encoded.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) == 0) {
      decoded.resize(length);
      const auto colon = decoded.find(':');
      if (colon != std::string::npos) {
        id = percent_decode(decoded.substr(0, colon));
        secret = percent_decode(decoded.substr(colon + 1));
      }
    }
  } else if (form.contains("client_id") && form.contains("client_secret")) {
    id = form.at("client_id");
    secret = form.at("client_secret");
  } else {
    return refuse({401, "invalid_client",
                   "no client credentials: send Authorization: Basic base64(client_id:secret)"});
  }
  const TokenRefusal failed{by_header ? 401 : 400, "invalid_client",
                            "client authentication failed"};
  // No connection is held while the secret is verified: argon2id takes its time and has few
  // slots, and a held connection would keep other requests from the database meanwhile.
  auto client = store::find_pact_client(*lease(state), id);
  if (!client && client.error().code != ErrorCode::store_not_found) {
    throw ApiError{500, client.error(), {}};
  }
  // An unknown id costs the same argon2id verification as a known one.
  static const std::string kDummy = state.hasher->hash("cps_unknown-client-dummy").value_or("");
  const bool matches = state.hasher->verify(client ? client->secret_hash : kDummy, secret);
  if (!client || !matches || client->revoked_at) return refuse(failed);
  const auto token = auth::make_secret(auth::SecretKind::pact_access_token);
  const auto now = std::chrono::system_clock::now();
  const auto seconds = state.config.pact_token_seconds;
  auto db = lease(state);
  unwrap(store::add_pact_token(*db, client->id, token.hash, auth::to_iso8601(now),
                               auth::to_iso8601(now + std::chrono::seconds(seconds))));
  Api::current_user() = "pact:" + client->client_id;
  context.res.set_header("Pragma", "no-cache");
  send_json(context.res, 200,
            {{"access_token", token.plain}, {"token_type", "Bearer"}, {"expires_in", seconds}});
}

/// A query parameter as a whole number in [low, ∞); `fallback` when absent.
std::int64_t count_param(const RequestContext& context, const char* name, std::int64_t fallback,
                         std::int64_t low) {
  if (!context.req.has_param(name)) return fallback;
  const auto text = context.req.get_param_value(name);
  std::int64_t value = 0;
  const auto done = std::from_chars(text.data(), text.data() + text.size(), value);
  if (done.ec != std::errc{} || done.ptr != text.data() + text.size() || value < low) {
    bad_request(
        fmt::format("{} is '{}'; it must be a whole number of at least {}", name, text, low));
  }
  return value;
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto client = bearer_client(*db, context);
  auto filter = io::pact_filter(context.req.params);
  if (!filter) bad_request(filter.error().message);
  const auto limit = std::min(count_param(context, "limit", kDefaultPage, 1), kMaxPage);
  const auto offset = count_param(context, "offset", 0, 0);
  json data = json::array();
  std::int64_t matched = 0;
  for (const auto& footprint : unwrap(store::list_pact_footprints(*db, client.organization_id))) {
    if (!io::pact_matches(*filter, footprint.document)) continue;
    if (matched >= offset && matched < offset + limit) data.push_back(footprint.document);
    ++matched;
  }
  if (matched > offset + limit) {
    std::string query;
    for (const auto& [name, value] : context.req.params) {
      if (name == "limit" || name == "offset") continue;
      query += form_encode(name) + "=" + form_encode(value) + "&";
    }
    const bool https = context.req.get_header_value("X-Forwarded-Proto") == "https";
    context.res.set_header(
        "Link", fmt::format("<{}://{}/3/footprints?{}limit={}&offset={}>; rel=\"next\"",
                            https ? "https" : "http", context.req.get_header_value("Host"), query,
                            limit, offset + limit));
  }
  send_json(context.res, 200, {{"data", data}});
}

void get_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto client = bearer_client(*db, context);
  const auto& id = context.params.at("id");
  auto found = store::get_pact_footprint(*db, id);
  if (!found && found.error().code != ErrorCode::store_not_found) {
    throw ApiError{500, found.error(), {}};
  }
  if (!found || found->organization_id != client.organization_id) {
    throw PactError{404, "NoSuchFootprint", "the footprint " + id + " does not exist"};
  }
  send_json(context.res, 200, {{"data", found->document}});
}

void events_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto client = bearer_client(*db, context);
  if (context.req.get_header_value("Content-Type").rfind("application/cloudevents+json", 0) != 0) {
    bad_request(
        "events are CloudEvents in structured mode: Content-Type "
        "application/cloudevents+json");
  }
  const auto event = json::parse(context.req.body, nullptr, false);
  if (event.is_discarded()) bad_request("the body is not JSON");
  if (const auto problem = io::pact_event_problem(event)) bad_request(*problem);
  const auto kind = io::pact_event_kind(event["type"].get<std::string>());
  if (!kind) {
    throw PactError{400, "NotImplemented",
                    "event type " + event["type"].get<std::string>() +
                        " is not one of PACT's (ProductFootprint Published, "
                        "ProductFootprintRequest Created/Fulfilled/Rejected)"};
  }
  std::optional<io::PactFilter> filter;
  if (*kind == io::PactEventKind::request_created) {
    auto parsed = io::pact_filter_from_event(event["data"]);
    if (!parsed) bad_request(parsed.error().message);
    filter = std::move(*parsed);
  }
  store::PactEvent received{0,
                            client.organization_id,
                            client.id,
                            "received",
                            event["id"].get<std::string>(),
                            event["type"].get<std::string>(),
                            event["source"].get<std::string>(),
                            event,
                            {}};
  // The request, its answer and the answer's delivery in one transaction; the outbox worker
  // delivers the answer to the requester after the commit.
  db->write([&] {
    unwrap(store::record_pact_event(*db, received));
    if (!filter) return;
    std::vector<json> matching;
    for (const auto& footprint : unwrap(store::list_pact_footprints(*db, client.organization_id))) {
      if (io::pact_matches(*filter, footprint.document)) matching.push_back(footprint.document);
    }
    const auto answer = io::pact_request_answer(
        event, matching, make_uuid(), "//" + context.req.get_header_value("Host") + "/3/events",
        now_text().substr(0, 19) + "Z");
    store::PactEvent outgoing{0,
                              client.organization_id,
                              client.id,
                              "outgoing",
                              answer["id"].get<std::string>(),
                              answer["type"].get<std::string>(),
                              event["source"].get<std::string>(),
                              answer,
                              {}};
    const auto row = unwrap(store::record_pact_event(*db, outgoing));
    unwrap(store::queue_pact_delivery(*db, row, client.organization_id,
                                      event["source"].get<std::string>()));
  });
  if (filter && state.outbox) state.outbox->wake();
  context.res.status = 200;
  context.res.set_content("", "text/plain");
}

}  // namespace

void add_pact_api_routes(Router& router, ApiState& state) {
  ApiState* shared = &state;
  router.add({"POST", "/auth/token", Access::open,
              "PACT Action Authenticate (OAuth2 client credentials)",
              pact_handler(shared, token_route)});
  router.add({"GET", "/3/footprints", Access::open,
              "PACT Action ListFootprints (filters, limit, Link pagination)",
              pact_handler(shared, list_route)});
  router.add({"GET", "/3/footprints/{id}", Access::open, "PACT Action GetFootprint",
              pact_handler(shared, get_route)});
  router.add({"POST", "/3/events", Access::open, "PACT Action Events (CloudEvents)",
              pact_handler(shared, events_route)});
}

}  // namespace cl::server
