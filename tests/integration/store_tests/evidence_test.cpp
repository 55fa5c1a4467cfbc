// Evidence files: the same bytes are stored once (by SHA-256), types are decided by magic
// bytes, oversize and unknown types are refused, path tricks in names are cut off.
#include "store/evidence.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class EvidenceTest : public StoreTest {
 protected:
  std::int64_t org(const std::string& name) {
    Organization organization;
    organization.name = name;
    return create_organization(*db, actor, organization).value().id;
  }
};

TEST_P(EvidenceTest, SameContentIsStoredOnce) {
  const auto factory = org("A");
  const auto other = org("B");
  // A PDF header, a NUL and bytes above 0x7f: the blob must come back byte for byte.
  const std::string pdf = std::string("%PDF-1.7\n\0\xff\xfe binary", 20) + "%%EOF";
  const auto first =
      CL_ASSERT_OK(store_evidence(*db, actor, factory, "bill-2024-03.pdf", pdf)).value();
  EXPECT_EQ(first.media_type, "application/pdf");
  EXPECT_EQ(first.sha256, sha256_hex(pdf));
  EXPECT_FALSE(first.deduplicated);
  const auto audit_rows = audit_count();
  const auto again = CL_ASSERT_OK(store_evidence(*db, actor, factory, "copy.pdf", pdf)).value();
  EXPECT_TRUE(again.deduplicated);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(audit_count(), audit_rows);  // nothing changed, nothing audited
  const auto theirs = CL_ASSERT_OK(store_evidence(*db, actor, other, "bill.pdf", pdf)).value();
  EXPECT_NE(theirs.id, first.id);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM evidence_blobs")[0].integer(0), 1);
  const auto content = evidence_content(*db, first.id).value();
  EXPECT_EQ(std::string(content.begin(), content.end()), pdf);
}

TEST_P(EvidenceTest, TypesByMagicBytes) {
  const auto factory = org("A");
  const std::pair<std::string, std::string> cases[] = {
      {std::string("\x89PNG\r\n\x1a\n\0\0", 10), "image/png"},
      {std::string("\xff\xd8\xff\xe0", 4), "image/jpeg"},
      {std::string("PK\x03\x04\x14\0", 6),
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"source,period,amount,unit\nS09,2024-01,1,kWh\n", "text/csv"},
  };
  const char* names[] = {"meter.png", "meter.jpg", "register.xlsx", "rows.csv"};
  for (std::size_t idx = 0; idx < 4; ++idx) {
    const auto file = store_evidence(*db, actor, factory, names[idx], cases[idx].first);
    ASSERT_TRUE(file) << names[idx] << ": " << file.error().to_string();
    EXPECT_EQ(file->media_type, cases[idx].second) << names[idx];
  }
  // An executable named like a PDF is refused, as is an empty file.
  const auto elf = store_evidence(*db, actor, factory, "bill.pdf",
                                  std::string("\x7f"
                                              "ELF\x02\x01\x01\0",
                                              8));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().code, ErrorCode::store_evidence_type);
  EXPECT_NE(elf.error().message.find("7f 45 4c 46"), std::string::npos) << elf.error().message;
  EXPECT_EQ(store_evidence(*db, actor, factory, "empty.csv", "").error().code,
            ErrorCode::store_evidence_type);
  // Invalid UTF-8 is not text.
  EXPECT_EQ(store_evidence(*db, actor, factory, "x.csv", "a,b\n\xc3\x28\n").error().code,
            ErrorCode::store_evidence_type);
}

TEST_P(EvidenceTest, OversizeAndNames) {
  const auto factory = org("A");
  const std::string big = "%PDF-" + std::string(kMaxEvidenceBytes - 4, 'x');  // one byte over
  const auto refused = store_evidence(*db, actor, factory, "scan.pdf", big);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::store_evidence_too_large);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM evidence_blobs")[0].integer(0), 0);
  const auto tricked =
      CL_ASSERT_OK(store_evidence(*db, actor, factory, "../../etc/passwd.csv", "a,b\n")).value();
  EXPECT_EQ(tricked.file_name, "passwd.csv");
  EXPECT_EQ(store_evidence(*db, actor, factory, "..", "a\n").error().code,
            ErrorCode::store_invalid);
  EXPECT_EQ(store_evidence(*db, actor, factory, "a\nb.csv", "a\n").error().code,
            ErrorCode::store_invalid);
}

INSTANTIATE_TEST_SUITE_P(Dialects, EvidenceTest, dialects());

}  // namespace
}  // namespace cl::store::testing
