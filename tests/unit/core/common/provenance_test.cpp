// Provenance: where a number comes from (provenance.hpp).
#include "core/common/provenance.hpp"

#include <gtest/gtest.h>

namespace cl {
namespace {

TEST(ProvenanceTest, ToStringJoinsDocumentTableVersionAndYear) {
  // Document, table, version and publication year, each once (commit 8108a03: "Provenance
  // strings no longer repeat a year already in the version").
  Provenance source{
      .document = "IPCC AR5 WG1 Chapter 8", .table = "Table 8.A.1", .version = "AR5", .year = 2013};
  EXPECT_EQ(source.to_string(), "IPCC AR5 WG1 Chapter 8, Table 8.A.1, version AR5 (2013)");
  Provenance same_year{.document = "IPCC 2006 Guidelines, Vol. 2 Energy",
                       .table = "Table 2.3",
                       .version = "2006",
                       .year = 2006};
  const std::string text = same_year.to_string();
  EXPECT_EQ(text.rfind("IPCC 2006 Guidelines, Vol. 2 Energy, Table 2.3", 0), 0u) << text;
  EXPECT_EQ(text.find("(2006)"), std::string::npos) << text;
}

TEST(ProvenanceTest, OmitsWhatIsUnknown) {
  // Year 0 means unknown (data/factors/tw-moenv-604.yaml: "year 0 = unknown").
  Provenance source{.document = "6.0.4 table", .version = "6.0.4", .year = 0};
  EXPECT_EQ(source.to_string().find("(0)"), std::string::npos);
  EXPECT_EQ((Provenance{.document = "doc"}).to_string(), "doc");
}

TEST(ProvenanceTest, VerificationIds) {
  // The ids accepted by the loader in data files: verified, secondary, unverified.
  EXPECT_EQ(verification_id(Verification::verified), "verified");
  EXPECT_EQ(verification_id(Verification::secondary), "secondary");
  EXPECT_EQ(verification_id(Verification::unverified), "unverified");
  EXPECT_EQ(Provenance{}.verification, Verification::unverified);  // unverified unless shown
}

}  // namespace
}  // namespace cl
