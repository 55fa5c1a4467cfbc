// The route table: method, path pattern with `{name}` segments, who may call it, and a one-line
// summary. Routes are matched here rather than by httplib's regexes so that an unknown path is a
// JSON 404, a known path with another method a JSON 405 with `Allow`, and every path parameter is
// checked once: 1–128 characters of [A-Za-z0-9._-], not "." or ".." (no path tricks reach a
// handler). `serve --routes` prints the table, and the API test runner fails when a route has no
// case.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "server/auth/session.hpp"

namespace cl::server {

enum class Access {
  open,           ///< anyone (health, the OpenAPI document, login)
  authenticated,  ///< a session or an API token; cookie sessions need X-CSRF-Token on writes
};

/// One request as the handlers see it.
struct RequestContext {
  const httplib::Request& req;
  httplib::Response& res;
  std::map<std::string, std::string> params;  ///< path parameters, already checked
  std::optional<auth::Authenticated> caller;  ///< set for Access::authenticated routes
  std::string request_id;
};

using RouteHandler = std::function<void(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;  ///< "/api/v1/factors/{id}"
  Access access = Access::authenticated;
  std::string summary;
  RouteHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;  ///< methods of a path that matched with another method
  std::string bad_param;             ///< the name of a path parameter that is not a valid id
};

class Router {
 public:
  void add(Route route);
  /// The first route whose pattern has the path's shape and whose method is `method` (HEAD
  /// matches GET); the methods of shape-matching routes otherwise. The path is split once and
  /// compared with the patterns split by add(): nothing is allocated for routes that differ.
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  /// A pattern's segments; `{name}` segments keep only the name, marked as parameters.
  struct Segment {
    std::string text;
    bool is_param = false;
  };
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> patterns_;  ///< parallel to routes_
};

/// True for 1–128 characters of [A-Za-z0-9._-] other than "." and "..".
bool is_valid_id(std::string_view text);

}  // namespace cl::server
