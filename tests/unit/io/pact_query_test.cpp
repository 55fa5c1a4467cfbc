// PACT filters, times and events (io/pact_query.hpp). Expected epoch seconds by hand:
// 1970-01-01 → 2025-01-01 is 55 years with 14 leap days (1972 … 2024), 55 × 365 + 14 = 20,089
// days; + 31 (January) = 20,120 days = 1,738,368,000 s for 2025-02-01T00:00:00Z.
#include <gtest/gtest.h>

#include "io/pact_query.hpp"

namespace cl::io {
namespace {

using nlohmann::json;

json footprint(const std::string& product, const std::string& country,
               const std::string& reference_end = "2025-01-01T00:00:00Z") {
  return {{"id", "3f1c9a52-7b0e-4d8a-9c61-2a5e8b7d4f10"},
          {"status", "Active"},
          {"companyIds", {"urn:pact:company:customcode:buyer-assigned:c1"}},
          {"productIds", {product, "urn:gtin:4712345060507"}},
          {"productClassifications", {"urn:cpc:42999"}},
          {"pcf", {{"geographyCountry", country}, {"referencePeriodEnd", reference_end}}}};
}

PactFilter filter_of(std::multimap<std::string, std::string> params) {
  auto filter = pact_filter(params);
  EXPECT_TRUE(filter) << filter.error().to_string();
  return *filter;
}

TEST(PactQueryTest, TimesByHand) {
  EXPECT_EQ(pact_time("2025-02-01"), 1738368000);
  EXPECT_EQ(pact_time("2025-02-01T00:00:00Z"), 1738368000);
  EXPECT_EQ(pact_time("2025-02-01T08:00:00+08:00"), 1738368000);  // Taipei midnight UTC
  EXPECT_EQ(pact_time("2025-02-01T00:00:00.250Z"), 1738368000);
  EXPECT_EQ(pact_time("1970-01-01T00:00:01Z"), 1);
  EXPECT_FALSE(pact_time("2025-13-01"));
  EXPECT_FALSE(pact_time("yesterday"));
  EXPECT_FALSE(pact_time("2025-02-01T00:00:00"));  // a date-time names its zone
}

TEST(PactQueryTest, ListCriteriaMatchAnyOfTheirValues) {
  const auto doc = footprint("urn:pact:product:a", "TW");
  EXPECT_TRUE(pact_matches(filter_of({}), doc));
  EXPECT_TRUE(pact_matches(filter_of({{"productId", "urn:gtin:4712345060507"}}), doc));
  EXPECT_TRUE(pact_matches(
      filter_of({{"productId[]", "urn:x"}, {"productId[]", "urn:pact:product:a"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"productId", "urn:x"}}), doc));
  EXPECT_TRUE(pact_matches(
      filter_of({{"companyId", "urn:pact:company:customcode:buyer-assigned:c1"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"companyId", "urn:other"}}), doc));
  EXPECT_TRUE(pact_matches(filter_of({{"classification", "urn:cpc:42999"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"classification", "urn:cpc:0151"}}), doc));
  EXPECT_TRUE(pact_matches(filter_of({{"geography", "DE"}, {"geography", "TW"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"geography", "DE"}}), doc));
  EXPECT_TRUE(pact_matches(filter_of({{"status", "Active"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"status", "Deprecated"}}), doc));
  // Criteria combine with AND.
  EXPECT_FALSE(pact_matches(filter_of({{"geography", "TW"}, {"status", "Deprecated"}}), doc));
}

TEST(PactQueryTest, ValidityDefaultsToThreeYearsFromTheReferencePeriodEnd) {
  // No validity period: valid from 2025-01-01T00:00:00Z to 2028-01-01T00:00:00Z.
  const auto doc = footprint("urn:pact:product:a", "TW");
  EXPECT_TRUE(pact_matches(filter_of({{"validOn", "2025-01-01"}}), doc));
  EXPECT_TRUE(pact_matches(filter_of({{"validOn", "2028-01-01T00:00:00Z"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"validOn", "2028-01-01T00:00:01Z"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"validOn", "2024-12-31"}}), doc));
  EXPECT_TRUE(pact_matches(filter_of({{"validAfter", "2024-12-31"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"validAfter", "2025-01-01"}}), doc));  // strictly before
  EXPECT_TRUE(pact_matches(filter_of({{"validBefore", "2028-01-02"}}), doc));
  EXPECT_FALSE(pact_matches(filter_of({{"validBefore", "2028-01-01"}}), doc));
  // A given validity period wins.
  auto given = doc;
  given["validityPeriodStart"] = "2025-06-01T00:00:00Z";
  given["validityPeriodEnd"] = "2026-06-01T00:00:00Z";
  EXPECT_FALSE(pact_matches(filter_of({{"validOn", "2027-01-01"}}), given));
  EXPECT_TRUE(pact_matches(filter_of({{"validOn", "2026-01-01"}}), given));
}

TEST(PactQueryTest, BadCriteriaNameTheParameter) {
  const auto date = pact_filter({{"validOn", "yesterday"}});
  ASSERT_FALSE(date);
  EXPECT_EQ(date.error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(date.error().where.field, "validOn");
  const auto status = pact_filter({{"status", "active"}});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "status is \"active\"; it is Active or Deprecated");
  // limit, offset and vendor x- filters are the caller's; unknown ones are ignored here.
  EXPECT_TRUE(pact_filter({{"limit", "2"}, {"x-atq-invoice-id", "12345"}}));
}

TEST(PactQueryTest, RequestEventDataIsTheSameFilter) {
  // rest-api.md "PF Request Event syntax" (v3 criteria) and the 2.x example's data.pf.productIds.
  const auto v3 = pact_filter_from_event({{"productId", {"urn:pact:product:a"}},
                                          {"geography", {"TW"}},
                                          {"validOn", "2025-02-01T00:00:00Z"},
                                          {"comment", "Please provide current PCF value."}});
  ASSERT_TRUE(v3) << v3.error().to_string();
  EXPECT_TRUE(pact_matches(*v3, footprint("urn:pact:product:a", "TW")));
  EXPECT_FALSE(pact_matches(*v3, footprint("urn:pact:product:a", "DE")));
  const auto v2 = pact_filter_from_event({{"pf", {{"productIds", {"urn:gtin:4712345060507"}}}}});
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->product_ids, std::vector<std::string>{"urn:gtin:4712345060507"});
  const auto bad = pact_filter_from_event({{"productId", {1}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.field, "data.productId");
}

TEST(PactQueryTest, EventTypesOfBothNamings) {
  EXPECT_EQ(pact_event_kind("org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"),
            PactEventKind::request_created);
  EXPECT_EQ(pact_event_kind("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"),
            PactEventKind::request_created);
  EXPECT_EQ(pact_event_kind("org.wbcsd.pathfinder.ProductFootprint.Published.v1"),
            PactEventKind::published);
  EXPECT_FALSE(pact_event_kind("com.example.Other"));
}

TEST(PactQueryTest, EventProblems) {
  const json published = {{"type", "org.wbcsd.pathfinder.ProductFootprint.Published.v1"},
                          {"specversion", "1.0"},
                          {"id", "e1"},
                          {"source", "//host/events"},
                          {"data", {{"pfIds", {"91715e5e-fd0b-4d1c-8fab-76290c46e6ed"}}}}};
  EXPECT_FALSE(pact_event_problem(published));
  auto no_id = published;
  no_id.erase("id");
  EXPECT_EQ(pact_event_problem(no_id), "the CloudEvent attribute id is missing or not a string");
  auto empty = published;
  empty["data"]["pfIds"] = json::array();
  EXPECT_EQ(pact_event_problem(empty),
            "data.pfIds is the non-empty list of the updated footprints' ids");
  auto version = published;
  version["specversion"] = "0.3";
  EXPECT_EQ(pact_event_problem(version), "specversion is \"1.0\" (CloudEvents 1.0)");
  json rejected = published;
  rejected["type"] = "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1";
  rejected["data"] = {{"requestEventId", "r1"}};
  EXPECT_EQ(pact_event_problem(rejected), "data.error is the error response {code, message}");
}

TEST(PactQueryTest, ARequestIsAnsweredFulfilledOrRejected) {
  const json request = {{"type", "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"},
                        {"specversion", "1.0"},
                        {"id", "848dcf00-2c18-400d-bcb8-11e45bbf7ebd"},
                        {"source", "//RequesterEventHostname/EventSubpath"},
                        {"data", {{"productId", {"urn:pact:product:a"}}}}};
  const auto doc = footprint("urn:pact:product:a", "TW");
  const auto fulfilled =
      pact_request_answer(request, {doc}, "a1", "//us/3/events", "2025-03-01T00:00:00Z");
  EXPECT_EQ(fulfilled["type"], "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1");
  EXPECT_EQ(fulfilled["data"]["requestEventId"], "848dcf00-2c18-400d-bcb8-11e45bbf7ebd");
  EXPECT_EQ(fulfilled["data"]["pfs"][0], doc);
  EXPECT_FALSE(pact_event_problem(fulfilled));
  auto v3_request = request;
  v3_request["type"] = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3";
  const auto rejected =
      pact_request_answer(v3_request, {}, "a2", "//us/3/events", "2025-03-01T00:00:00Z");
  EXPECT_EQ(rejected["type"], "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3");
  EXPECT_EQ(rejected["data"]["error"]["code"], "NoSuchFootprint");
  EXPECT_FALSE(pact_event_problem(rejected));
}

}  // namespace
}  // namespace cl::io
