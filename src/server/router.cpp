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

}  // namespace

void Router::add(Route route) {
  std::vector<Segment> segments;
  for (const auto part : split_path(route.pattern)) {
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
    } else {
      segments.push_back({std::string(part), false});
    }
  }
  patterns_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch out;
  const auto have = split_path(path);
  const auto same_shape = [&](const std::vector<Segment>& want) {
    if (want.size() != have.size()) return false;
    for (std::size_t idx = 0; idx < want.size(); ++idx) {
      if (!want[idx].is_param && want[idx].text != have[idx]) return false;
    }
    return true;
  };
  for (std::size_t route_idx = 0; route_idx < routes_.size(); ++route_idx) {
    const auto& want = patterns_[route_idx];
    if (!same_shape(want)) continue;
    const auto& route = routes_[route_idx];
    if (route.method != method && !(method == "HEAD" && route.method == "GET")) {
      if (std::find(out.allowed.begin(), out.allowed.end(), route.method) == out.allowed.end()) {
        out.allowed.push_back(route.method);
      }
      continue;
    }
    std::map<std::string, std::string> params;
    for (std::size_t idx = 0; idx < want.size(); ++idx) {
      if (want[idx].is_param) params[want[idx].text] = std::string(have[idx]);
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
