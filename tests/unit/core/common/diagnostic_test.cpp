// Diagnostics: the list of problems validation reports all at once (diagnostic.hpp). Expected
// strings follow the formats documented in diagnostic.hpp and record_ref.hpp.
#include "core/common/diagnostic.hpp"

#include <gtest/gtest.h>

namespace cl {
namespace {

TEST(DiagnosticTest, EmptyListHasNoErrors) {
  Diagnostics diagnostics;
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_FALSE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.error_count(), 0u);
}

TEST(DiagnosticTest, WarningsDoNotCountAsErrors) {
  Diagnostics diagnostics;
  diagnostics.warning(ErrorCode::parse_unknown_field, "unknown field 'ammount'");
  diagnostics.warning(ErrorCode::inventory_leak_rate_outside_range, "rate 0.5");
  EXPECT_FALSE(diagnostics.empty());
  EXPECT_FALSE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.error_count(), 0u);
  diagnostics.error(ErrorCode::unit_unknown, "unknown unit 'furlong'");
  EXPECT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.error_count(), 1u);
  EXPECT_EQ(diagnostics.items().size(), 3u);
}

TEST(DiagnosticTest, KeepsOrderSeverityCodeAndRecord) {
  Diagnostics diagnostics;
  diagnostics.error(ErrorCode::inventory_negative_amount, "amount -5 is negative",
                    {.file = "activity.csv", .row = 12, .field = "amount"});
  diagnostics.warning(ErrorCode::parse_unknown_field, "ignored");
  const auto& items = diagnostics.items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].severity, Severity::error);
  EXPECT_EQ(items[0].code, ErrorCode::inventory_negative_amount);
  EXPECT_EQ(items[0].where.row, 12);
  EXPECT_EQ(items[1].severity, Severity::warning);
}

TEST(DiagnosticTest, AddTurnsAnErrorIntoAnErrorDiagnostic) {
  Diagnostics diagnostics;
  Error error{ErrorCode::factor_not_found, "no emission factor with id 'x'", {.record = "S01"}, {}};
  diagnostics.add(error);
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].severity, Severity::error);
  EXPECT_EQ(diagnostics.items()[0].code, ErrorCode::factor_not_found);
  EXPECT_EQ(diagnostics.items()[0].message, "no emission factor with id 'x'");
  EXPECT_EQ(diagnostics.items()[0].where.record, "S01");
}

TEST(DiagnosticTest, AppendConcatenates) {
  Diagnostics first;
  first.error(ErrorCode::gas_unknown, "a");
  Diagnostics second;
  second.warning(ErrorCode::gwp_missing, "b");
  second.error(ErrorCode::blend_invalid, "c");
  first.append(second);
  ASSERT_EQ(first.items().size(), 3u);
  EXPECT_EQ(first.items()[2].message, "c");
  EXPECT_EQ(first.error_count(), 2u);
  EXPECT_EQ(second.items().size(), 2u);  // the source list is unchanged
}

TEST(DiagnosticTest, ToStringNamesRecordSeverityAndCode) {
  // Format: "<where>: <severity>: <code id>: <message>", where as in record_ref.hpp
  // ("activity.csv:12: field 'unit'").
  Diagnostic located{Severity::error,
                     ErrorCode::unit_mismatch,
                     "amount in L does not fit",
                     {.file = "activity.csv", .row = 12, .field = "unit"}};
  EXPECT_EQ(located.to_string(),
            "activity.csv:12: field 'unit': error: unit.mismatch: amount in L does not fit");
  Diagnostic bare{Severity::warning, ErrorCode::gwp_missing, "no value", {}};
  EXPECT_EQ(bare.to_string(), "warning: gwp.missing: no value");
}

}  // namespace
}  // namespace cl
