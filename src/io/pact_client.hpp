// A client of another host system's PACT v3 API (shared/reference/pact-v3.md; WBCSD
// data-exchange-protocol spec/v3/rest-api.md): Action Authenticate (OAuth2 client credentials,
// RFC 6749 §4.4: HTTP Basic with the form-encoded id and secret, body
// grant_type=client_credentials), Action ListFootprints following `Link: <…>; rel="next"` page by
// page, and Action GetFootprint. cpp-httplib does the HTTP (https too).
//
// Every failure is pact.remote naming the URL, the HTTP status and what the other host said (its
// PACT error code and message, or RFC 6749's error and error_description), so the user can tell
// a wrong secret from a missing footprint. A pagination link to another host is refused: the
// token would go with it. The documents are returned as they came; validating them is the
// caller's (io::validate_pact).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"

namespace cl::io {

struct PactEndpoint {
  std::string base_url;  ///< "https://pact.example.com/sub" (scheme, host, optional port, subpath)
  std::string client_id;
  std::string client_secret;
  std::chrono::seconds timeout{30};
};

struct PactPage {
  std::vector<nlohmann::json> footprints;
  int pages = 0;  ///< how many pages ListFootprints took
};

class PactApiClient {
 public:
  explicit PactApiClient(PactEndpoint endpoint);
  ~PactApiClient();
  PactApiClient(const PactApiClient&) = delete;
  PactApiClient& operator=(const PactApiClient&) = delete;

  /// POST {base}/auth/token; keeps the access token for the calls below.
  Result<void> authenticate();
  /// GET {base}/3/footprints?{query} (query already encoded, e.g. "status=Active&limit=50"),
  /// then every `next` page. At most `max_pages` pages (a host that links forever is stopped).
  Result<PactPage> list_footprints(const std::string& query = "", int max_pages = 1000);
  /// GET {base}/3/footprints/{id}: the `data` member.
  Result<nlohmann::json> get_footprint(const std::string& id);
  /// POST {base}/3/events: a CloudEvent in structured mode (application/cloudevents+json);
  /// any 2xx is delivered (rest-api.md Action Events answers 200 with an empty body).
  Result<void> post_event(const nlohmann::json& event);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// RFC 6749 §2.3.1: "Basic " + base64(urlencode(id) ":" urlencode(secret)).
std::string pact_basic_credentials(const std::string& client_id, const std::string& secret);

/// The target of the `rel="next"` link of an RFC 8288 Link header; empty when none.
std::string pact_next_link(const std::string& link_header);

}  // namespace cl::io
