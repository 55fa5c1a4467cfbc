// Helpers the route files share: reading a JSON body (415 unless application/json, 400 with
// line and column when it is not JSON, 400 unless an object) and checked query parameters.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/router.hpp"

namespace cl::server {

/// Checks the Content-Type (application/json, any parameters) and parses the body; the object.
nlohmann::json json_body(const RequestContext& context);

/// The query parameter `name`, or `fallback` when absent; 400 parse.bad_value naming the
/// parameter when the value is not one of `allowed` (when given).
std::string query(const RequestContext& context, const std::string& name,
                  const std::string& fallback,
                  std::initializer_list<std::string_view> allowed = {});

/// A number in [low, high]; 400 otherwise.
double query_number(const RequestContext& context, const std::string& name, double fallback,
                    double low, double high);

}  // namespace cl::server
