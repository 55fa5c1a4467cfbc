// PACT filters and events (io/pact_query.hpp).
#include "io/pact_query.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <regex>

namespace cl::io {
namespace {

using nlohmann::json;

constexpr std::int64_t kDay = 86400;

/// Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
/// Date Algorithms", days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

const std::array<std::pair<std::string_view, PactEventKind>, 8> kEventTypes = {{
    {"org.wbcsd.pathfinder.ProductFootprint.Published.v1", PactEventKind::published},
    {"org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1", PactEventKind::request_created},
    {"org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1", PactEventKind::request_fulfilled},
    {"org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1", PactEventKind::request_rejected},
    {"org.wbcsd.pact.ProductFootprint.PublishedEvent.3", PactEventKind::published},
    {"org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", PactEventKind::request_created},
    {"org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3", PactEventKind::request_fulfilled},
    {"org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3", PactEventKind::request_rejected},
}};

/// Adds `value` to `list` for a list criterion; an empty value is refused.
Result<void> add_value(std::vector<std::string>& list, const std::string& value,
                       const std::string& name) {
  if (value.empty()) return fail(ErrorCode::parse_bad_value, name + " must not be empty");
  list.push_back(value);
  return {};
}

Result<void> set_time(std::optional<std::int64_t>& out, const std::string& value,
                      const std::string& name) {
  out = pact_time(value);
  if (!out) {
    return fail(ErrorCode::parse_bad_value,
                name + " is \"" + value +
                    "\", not a date or date-time such as 2025-02-01 or 2025-02-01T00:00:00Z",
                {.field = name});
  }
  return {};
}

Result<void> set_status(std::optional<std::string>& out, const std::string& value,
                        const std::string& name) {
  if (value != "Active" && value != "Deprecated") {
    return fail(ErrorCode::parse_bad_value,
                name + " is \"" + value + "\"; it is Active or Deprecated", {.field = name});
  }
  out = value;
  return {};
}

/// One criterion by its name (without "[]" and "data."); `shown` names it in messages.
Result<void> apply(PactFilter& filter, const std::string& name, const std::string& value,
                   const std::string& shown) {
  if (name == "productId") return add_value(filter.product_ids, value, shown);
  if (name == "companyId") return add_value(filter.company_ids, value, shown);
  if (name == "geography") return add_value(filter.geography, value, shown);
  if (name == "classification") return add_value(filter.classification, value, shown);
  if (name == "validOn") return set_time(filter.valid_on, value, shown);
  if (name == "validAfter") return set_time(filter.valid_after, value, shown);
  if (name == "validBefore") return set_time(filter.valid_before, value, shown);
  if (name == "status") return set_status(filter.status, value, shown);
  return {};
}

bool any_in(const std::vector<std::string>& wanted, const json& document, const char* key) {
  const auto found = document.find(key);
  if (found == document.end() || !found->is_array()) return false;
  for (const auto& item : *found) {
    if (item.is_string() &&
        std::find(wanted.begin(), wanted.end(), item.get<std::string>()) != wanted.end()) {
      return true;
    }
  }
  return false;
}

std::optional<std::int64_t> time_of(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return pact_time(found->get<std::string>());
}

}  // namespace

std::optional<std::int64_t> pact_time(std::string_view text) {
  static const std::regex kTime(
      R"(^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2})))?$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, kTime)) return std::nullopt;
  const auto number = [&](std::size_t group) {
    return match[group].matched ? std::stoll(match[group].str()) : 0LL;
  };
  const auto month = number(2);
  const auto day = number(3);
  if (month < 1 || month > 12 || day < 1 || day > 31 || number(4) > 23 || number(5) > 59 ||
      number(6) > 60) {
    return std::nullopt;
  }
  std::int64_t seconds =
      days_from_civil(number(1), static_cast<unsigned>(month), static_cast<unsigned>(day)) * kDay +
      number(4) * 3600 + number(5) * 60 + number(6);
  if (match[8].matched) {
    const std::int64_t offset = number(9) * 3600 + number(10) * 60;
    seconds += match[8].str() == "+" ? -offset : offset;
  }
  return seconds;
}

Result<PactFilter> pact_filter(const std::multimap<std::string, std::string>& params) {
  PactFilter filter;
  for (const auto& [raw, value] : params) {
    std::string name = raw;
    if (name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0)
      name.resize(name.size() - 2);
    if (auto applied = apply(filter, name, value, raw); !applied) {
      return tl::unexpected(applied.error());
    }
  }
  return filter;
}

Result<PactFilter> pact_filter_from_event(const json& data) {
  PactFilter filter;
  if (!data.is_object()) return fail(ErrorCode::parse_bad_value, "data is a JSON object");
  for (const auto& [name, value] : data.items()) {
    const std::string shown = "data." + name;
    if (name == "comment" || name == "pf") continue;
    if (value.is_array()) {
      for (const auto& item : value) {
        if (!item.is_string()) {
          return fail(ErrorCode::parse_bad_value, shown + " lists strings", {.field = shown});
        }
        if (auto applied = apply(filter, name, item.get<std::string>(), shown); !applied) {
          return tl::unexpected(applied.error());
        }
      }
    } else if (value.is_string()) {
      if (auto applied = apply(filter, name, value.get<std::string>(), shown); !applied) {
        return tl::unexpected(applied.error());
      }
    }
  }
  // PACT 2.x: a ProductFootprintFragment in data.pf; its productIds are the products asked for.
  if (data.contains("pf") && data["pf"].is_object() && data["pf"].contains("productIds") &&
      data["pf"]["productIds"].is_array()) {
    for (const auto& item : data["pf"]["productIds"]) {
      if (item.is_string()) filter.product_ids.push_back(item.get<std::string>());
    }
  }
  return filter;
}

bool pact_matches(const PactFilter& filter, const json& document) {
  if (!document.is_object()) return false;
  if (!filter.product_ids.empty() && !any_in(filter.product_ids, document, "productIds")) {
    return false;
  }
  if (!filter.company_ids.empty() && !any_in(filter.company_ids, document, "companyIds")) {
    return false;
  }
  if (!filter.classification.empty() &&
      !any_in(filter.classification, document, "productClassifications")) {
    return false;
  }
  if (filter.status && document.value("status", std::string()) != *filter.status) return false;
  const json pcf = document.value("pcf", json::object());
  if (!filter.geography.empty()) {
    bool found = false;
    for (const char* key :
         {"geographyCountry", "geographyCountrySubdivision", "geographyRegionOrSubregion"}) {
      const auto value = pcf.is_object() ? pcf.value(key, std::string()) : std::string();
      found =
          found || (!value.empty() && std::find(filter.geography.begin(), filter.geography.end(),
                                                value) != filter.geography.end());
    }
    if (!found) return false;
  }
  if (filter.valid_on || filter.valid_after || filter.valid_before) {
    const auto reference_end = pcf.is_object() ? time_of(pcf, "referencePeriodEnd") : std::nullopt;
    auto start = time_of(document, "validityPeriodStart");
    auto end = time_of(document, "validityPeriodEnd");
    if (!start) start = reference_end;
    if (!end && reference_end) {
      // Three calendar years after the reference period's end (same day and time, year + 3).
      std::string text = pcf["referencePeriodEnd"].get<std::string>();
      text.replace(0, 4, std::to_string(std::stoi(text.substr(0, 4)) + 3));
      end = pact_time(text);
    }
    if (!start || !end) return false;
    if (filter.valid_on && !(*start <= *filter.valid_on && *filter.valid_on <= *end)) return false;
    if (filter.valid_after && !(*filter.valid_after < *start)) return false;
    if (filter.valid_before && !(*filter.valid_before > *end)) return false;
  }
  return true;
}

std::optional<PactEventKind> pact_event_kind(std::string_view type) {
  for (const auto& [name, kind] : kEventTypes) {
    if (name == type) return kind;
  }
  return std::nullopt;
}

std::optional<std::string> pact_event_problem(const json& event) {
  if (!event.is_object()) return "a CloudEvent in structured mode is a JSON object";
  for (const char* key : {"specversion", "id", "source", "type"}) {
    if (!event.contains(key) || !event[key].is_string() || event[key].get<std::string>().empty()) {
      return std::string("the CloudEvent attribute ") + key + " is missing or not a string";
    }
  }
  if (event["specversion"] != "1.0") return "specversion is \"1.0\" (CloudEvents 1.0)";
  if (!event.contains("data") || !event["data"].is_object()) return "data is a JSON object";
  const json& data = event["data"];
  const auto kind = pact_event_kind(event["type"].get<std::string>());
  if (!kind) return std::nullopt;  // the caller answers NotImplemented
  switch (*kind) {
    case PactEventKind::published:
      if (!data.contains("pfIds") || !data["pfIds"].is_array() || data["pfIds"].empty()) {
        return "data.pfIds is the non-empty list of the updated footprints' ids";
      }
      for (const auto& item : data["pfIds"]) {
        if (!item.is_string()) return "data.pfIds lists ids as strings";
      }
      return std::nullopt;
    case PactEventKind::request_created:
      return std::nullopt;
    case PactEventKind::request_fulfilled:
    case PactEventKind::request_rejected:
      if (!data.contains("requestEventId") || !data["requestEventId"].is_string()) {
        return "data.requestEventId is the id of the request event answered";
      }
      if (*kind == PactEventKind::request_fulfilled &&
          (!data.contains("pfs") || !data["pfs"].is_array())) {
        return "data.pfs is the list of footprints answering the request";
      }
      if (*kind == PactEventKind::request_rejected &&
          (!data.contains("error") || !data["error"].is_object())) {
        return "data.error is the error response {code, message}";
      }
      return std::nullopt;
  }
  return std::nullopt;
}

json pact_request_answer(const json& request, const std::vector<json>& matching,
                         const std::string& id, const std::string& source,
                         const std::string& time) {
  const bool v1 = request.value("type", std::string()).find(".pathfinder.") != std::string::npos;
  json answer = {{"specversion", "1.0"}, {"id", id}, {"source", source}, {"time", time}};
  const std::string request_id = request.value("id", std::string());
  if (matching.empty()) {
    answer["type"] = v1 ? "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1"
                        : "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3";
    answer["data"] = {{"requestEventId", request_id},
                      {"error",
                       {{"code", "NoSuchFootprint"},
                        {"message", "no footprint this host holds matches the request"}}}};
  } else {
    answer["type"] = v1 ? "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1"
                        : "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3";
    answer["data"] = {{"requestEventId", request_id}, {"pfs", matching}};
  }
  return answer;
}

}  // namespace cl::io
