#include "server/router.hpp"

#include <algorithm>

namespace cl::server {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    const auto part = path.substr(start, end == std::string_view::npos ? end : end - start);
    parts.push_back(part);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

/// Matches `path` against `pattern`; fills params. False when the shapes differ.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params) {
  const auto want = split_path(pattern);
  const auto have = split_path(path);
  if (want.size() != have.size()) return false;
  for (std::size_t idx = 0; idx < want.size(); ++idx) {
    const auto part = want[idx];
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      params[std::string(part.substr(1, part.size() - 2))] = std::string(have[idx]);
    } else if (part != have[idx]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Route route) {
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch out;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match_pattern(route.pattern, path, params)) continue;
    if (route.method != method && !(method == "HEAD" && route.method == "GET")) {
      if (std::find(out.allowed.begin(), out.allowed.end(), route.method) == out.allowed.end()) {
        out.allowed.push_back(route.method);
      }
      continue;
    }
    for (const auto& [name, value] : params) {
      if (!is_valid_id(value)) {
        out.bad_param = name;
        return out;
      }
    }
    out.route = &route;
    out.params = std::move(params);
    return out;
  }
  return out;
}

bool is_valid_id(std::string_view text) {
  if (text.empty() || text.size() > 128 || text == "." || text == "..") return false;
  return std::all_of(text.begin(), text.end(), [](char chr) {
    return (chr >= 'A' && chr <= 'Z') || (chr >= 'a' && chr <= 'z') || (chr >= '0' && chr <= '9') ||
           chr == '.' || chr == '_' || chr == '-';
  });
}

}  // namespace cl::server
