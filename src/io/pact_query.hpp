// The PACT v3 API's query and event rules, without HTTP (shared/reference/pact-v3.md; WBCSD
// data-exchange-protocol spec/v3/rest-api.md, "Filtering" and "Action Events"):
//
// - ListFootprints filters, which a host MUST support: productId, companyId, geography,
//   classification (each one or more values; a footprint matches when it carries any of them),
//   validOn, validAfter, validBefore (dates or date-times) and status. A PF Request Event carries
//   the same criteria in its `data`, so both build one PactFilter.
// - CloudEvents structured mode: the attributes an event needs, the event types of the spec
//   (the `org.wbcsd.pathfinder.*.v1` names of the reference and the `org.wbcsd.pact.*.3` names
//   of the 3.0 release and its conformance tests), and the answer to a PF Request Event.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"

namespace cl::io {

struct PactFilter {
  std::vector<std::string> product_ids;  ///< productIds of the footprint
  std::vector<std::string> company_ids;  ///< companyIds
  std::vector<std::string> geography;    ///< geographyCountry, …Subdivision, …RegionOrSubregion
  std::vector<std::string> classification;  ///< productClassifications
  std::optional<std::int64_t> valid_on;     ///< seconds since 1970-01-01T00:00:00Z
  std::optional<std::int64_t> valid_after;
  std::optional<std::int64_t> valid_before;
  std::optional<std::string> status;  ///< Active | Deprecated
};

/// Seconds since the epoch of an ISO 8601 date ("2025-02-01", midnight UTC) or date-time
/// ("2025-02-01T08:00:00Z", "…+08:00", fractions ignored); nullopt when it is neither.
std::optional<std::int64_t> pact_time(std::string_view text);

/// The filter of ListFootprints query parameters (name → value, repeated for several values;
/// "productId" and "productId[]" both accepted). parse.bad_value naming the parameter for a
/// date that is not one or a status other than Active/Deprecated. Other parameters (limit,
/// offset, vendor x-… ones) are left to the caller.
Result<PactFilter> pact_filter(const std::multimap<std::string, std::string>& params);

/// The filter of a PF Request Event's `data` (arrays of strings, dates as strings); also the
/// 2.x form `data.pf.productIds`. parse.bad_value naming "data.<member>".
Result<PactFilter> pact_filter_from_event(const nlohmann::json& data);

/// True when `document` (a ProductFootprint) passes every criterion of `filter`. The validity
/// period is validityPeriodStart/End, else from pcf.referencePeriodEnd to three years after it
/// (PACT data model, validityPeriodStart/validityPeriodEnd: "if not defined").
bool pact_matches(const PactFilter& filter, const nlohmann::json& document);

enum class PactEventKind { published, request_created, request_fulfilled, request_rejected };

/// The kind of a CloudEvent type name; nullopt for a type PACT does not define.
std::optional<PactEventKind> pact_event_kind(std::string_view type);

/// The first problem of a CloudEvent in structured mode (CloudEvents 1.0 JSON format: string
/// attributes specversion "1.0", id, source, type; an object `data` as PACT's events have), and of
/// the PACT data of its kind (pfIds; requestEventId with pfs or error); nullopt when none.
std::optional<std::string> pact_event_problem(const nlohmann::json& event);

/// The answer to PF Request Event `request`: ProductFootprintRequest.Fulfilled with the matching
/// footprints as `pfs`, or, when none match, ProductFootprintRequest.Rejected with the error
/// response {code NoSuchFootprint}. `id`, `source` and `time` are the new event's attributes.
nlohmann::json pact_request_answer(const nlohmann::json& request,
                                   const std::vector<nlohmann::json>& matching,
                                   const std::string& id, const std::string& source,
                                   const std::string& time);

}  // namespace cl::io
