// The PACT API client (io/pact_client.hpp) over cpp-httplib.
#include "io/pact_client.hpp"

#include <httplib.h>

#include <cctype>

namespace cl::io {
namespace {

using nlohmann::json;

std::string form_encode(const std::string& text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (const char raw : text) {
    const auto chr = static_cast<unsigned char>(raw);
    if (std::isalnum(chr) != 0 || chr == '-' || chr == '_' || chr == '.' || chr == '~') {
      out += static_cast<char>(chr);
    } else if (chr == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[chr >> 4];
      out += kHex[chr & 15];
    }
  }
  return out;
}

std::string base64(const std::string& bytes) {
  static const char* const kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t index = 0;
  for (; index + 2 < bytes.size(); index += 3) {
    const auto word = static_cast<unsigned>(static_cast<unsigned char>(bytes[index])) << 16 |
                      static_cast<unsigned>(static_cast<unsigned char>(bytes[index + 1])) << 8 |
                      static_cast<unsigned>(static_cast<unsigned char>(bytes[index + 2]));
    for (const int shift : {18, 12, 6, 0}) out += kAlphabet[(word >> shift) & 63];
  }
  const std::size_t rest = bytes.size() - index;
  if (rest > 0) {
    unsigned word = static_cast<unsigned>(static_cast<unsigned char>(bytes[index])) << 16;
    if (rest == 2) word |= static_cast<unsigned>(static_cast<unsigned char>(bytes[index + 1])) << 8;
    out += kAlphabet[(word >> 18) & 63];
    out += kAlphabet[(word >> 12) & 63];
    out += rest == 2 ? kAlphabet[(word >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

/// "https://h:1/sub" → {"https://h:1", "/sub"}; the path part without a trailing '/'.
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return {url, ""};
  std::string path = url.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return {url.substr(0, slash), path};
}

/// Why a request got no answer, in words ("Connection" alone says little).
std::string failure_text(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
      return "could not connect";
    case httplib::Error::ConnectionTimeout:
      return "the connection timed out";
    case httplib::Error::Read:
      return "no answer (reading failed or timed out)";
    case httplib::Error::Write:
      return "the request could not be sent";
    case httplib::Error::SSLConnection:
      return "the TLS connection failed";
    case httplib::Error::SSLServerVerification:
      return "the host's TLS certificate did not verify";
    default:
      return httplib::to_string(error);
  }
}

/// What the other host said in an error answer: PACT's {code, message} or RFC 6749's
/// {error, error_description}; else the start of the body.
std::string what_they_said(const httplib::Result& answer) {
  const auto body = json::parse(answer->body, nullptr, false);
  if (body.is_object() && body.contains("code") && body["code"].is_string()) {
    return body["code"].get<std::string>() + ": " + body.value("message", std::string());
  }
  if (body.is_object() && body.contains("error") && body["error"].is_string()) {
    return body["error"].get<std::string>() + ": " + body.value("error_description", std::string());
  }
  return answer->body.substr(0, 200);
}

}  // namespace

std::string pact_basic_credentials(const std::string& client_id, const std::string& secret) {
  return "Basic " + base64(form_encode(client_id) + ":" + form_encode(secret));
}

std::string pact_next_link(const std::string& link_header) {
  // Link: <https://h/3/footprints?offset=2>; rel="next", <…>; rel="prev"
  std::size_t start = 0;
  while ((start = link_header.find('<', start)) != std::string::npos) {
    const auto close = link_header.find('>', start);
    if (close == std::string::npos) return {};
    const auto next_entry = link_header.find('<', close);
    const std::string params = link_header.substr(close + 1, next_entry - close - 1);
    if (params.find("rel=\"next\"") != std::string::npos ||
        params.find("rel=next") != std::string::npos) {
      return link_header.substr(start + 1, close - start - 1);
    }
    start = close;
  }
  return {};
}

struct PactApiClient::Impl {
  PactEndpoint endpoint;
  std::string origin;  ///< scheme://host[:port]
  std::string subpath;
  std::unique_ptr<httplib::Client> http;
  std::string token;

  Error remote(const std::string& message) const {
    return Error{ErrorCode::pact_remote, message, {.file = endpoint.base_url}, {}};
  }

  /// The JSON answer of a GET with the bearer token; pact.remote for anything but 200/202 JSON.
  Result<json> get_json(const std::string& target) {
    if (token.empty()) return tl::unexpected(remote("not authenticated; call authenticate()"));
    const httplib::Headers headers = {{"Authorization", "Bearer " + token},
                                      {"Accept", "application/json"}};
    const auto answer = http->Get(target.c_str(), headers);
    if (!answer) {
      return tl::unexpected(remote("GET " + origin + target +
                                   " failed: " + failure_text(answer.error()) +
                                   "; check the URL and that the host is up"));
    }
    if (answer->status != 200 && answer->status != 202) {
      return tl::unexpected(remote("GET " + origin + target + " answered HTTP " +
                                   std::to_string(answer->status) + " " + what_they_said(answer)));
    }
    auto body = json::parse(answer->body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("data")) {
      return tl::unexpected(remote("GET " + origin + target +
                                   " did not answer a JSON object with \"data\" (PACT "
                                   "ListResponseBody/GetResponseBody)"));
    }
    body["_link"] = answer->get_header_value("Link");
    return body;
  }
};

PactApiClient::PactApiClient(PactEndpoint endpoint) : impl_(std::make_unique<Impl>()) {
  impl_->endpoint = std::move(endpoint);
  std::tie(impl_->origin, impl_->subpath) = split_url(impl_->endpoint.base_url);
  impl_->http = std::make_unique<httplib::Client>(impl_->origin);
  const auto seconds = static_cast<time_t>(impl_->endpoint.timeout.count());
  impl_->http->set_connection_timeout(seconds, 0);
  impl_->http->set_read_timeout(seconds, 0);
  impl_->http->set_write_timeout(seconds, 0);
}

PactApiClient::~PactApiClient() = default;

Result<void> PactApiClient::authenticate() {
  auto& impl = *impl_;
  const std::string target = impl.subpath + "/auth/token";
  const httplib::Headers headers = {
      {"Authorization",
       pact_basic_credentials(impl.endpoint.client_id, impl.endpoint.client_secret)},
      {"Accept", "application/json"}};
  const auto answer = impl.http->Post(target.c_str(), headers, "grant_type=client_credentials",
                                      "application/x-www-form-urlencoded");
  if (!answer) {
    return tl::unexpected(impl.remote("POST " + impl.origin + target +
                                      " failed: " + failure_text(answer.error()) +
                                      "; check the URL and that the host is up"));
  }
  if (answer->status != 200) {
    return tl::unexpected(impl.remote("POST " + impl.origin + target + " answered HTTP " +
                                      std::to_string(answer->status) + " " +
                                      what_they_said(answer) + "; check the client id and secret"));
  }
  const auto body = json::parse(answer->body, nullptr, false);
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string()) {
    return tl::unexpected(
        impl.remote("POST " + impl.origin + target + " answered no access_token (RFC 6749 §5.1)"));
  }
  impl.token = body["access_token"].get<std::string>();
  return {};
}

Result<PactPage> PactApiClient::list_footprints(const std::string& query, int max_pages) {
  auto& impl = *impl_;
  PactPage page;
  std::string target = impl.subpath + "/3/footprints" + (query.empty() ? "" : "?" + query);
  while (!target.empty()) {
    if (page.pages >= max_pages) {
      return tl::unexpected(impl.remote("ListFootprints still links a next page after " +
                                        std::to_string(max_pages) + " pages; stopped"));
    }
    auto body = impl.get_json(target);
    if (!body) return tl::unexpected(body.error());
    ++page.pages;
    if (!(*body)["data"].is_array()) {
      return tl::unexpected(
          impl.remote("GET " + impl.origin + target + ": \"data\" is not the list of footprints"));
    }
    for (auto& item : (*body)["data"]) page.footprints.push_back(std::move(item));
    const std::string next = pact_next_link((*body)["_link"].get<std::string>());
    target.clear();
    if (!next.empty()) {
      const auto [origin, path] = split_url(next);
      if (origin != impl.origin) {
        return tl::unexpected(impl.remote("the next-page link " + next +
                                          " points to another host than " + impl.origin +
                                          "; not followed (the token would go with it)"));
      }
      target = next.substr(origin.size());
    }
  }
  return page;
}

Result<json> PactApiClient::get_footprint(const std::string& id) {
  auto& impl = *impl_;
  auto body = impl.get_json(impl.subpath + "/3/footprints/" + form_encode(id));
  if (!body) return tl::unexpected(body.error());
  if (!(*body)["data"].is_object()) {
    return tl::unexpected(impl.remote("GetFootprint " + id + ": \"data\" is not a footprint"));
  }
  return (*body)["data"];
}

Result<void> PactApiClient::post_event(const json& event) {
  auto& impl = *impl_;
  if (impl.token.empty())
    return tl::unexpected(impl.remote("not authenticated; call authenticate()"));
  const std::string target = impl.subpath + "/3/events";
  const httplib::Headers headers = {{"Authorization", "Bearer " + impl.token}};
  const auto answer = impl.http->Post(target.c_str(), headers, event.dump(),
                                      "application/cloudevents+json; charset=UTF-8");
  if (!answer) {
    return tl::unexpected(impl.remote("POST " + impl.origin + target +
                                      " failed: " + failure_text(answer.error()) +
                                      "; check the URL and that the host is up"));
  }
  if (answer->status < 200 || answer->status > 299) {
    return tl::unexpected(impl.remote("POST " + impl.origin + target + " answered HTTP " +
                                      std::to_string(answer->status) + " " +
                                      what_they_said(answer)));
  }
  return {};
}

}  // namespace cl::io
