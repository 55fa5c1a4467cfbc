// Migrations: a fresh database gets the schema, a second run changes nothing, a database newer
// than the binary is refused, and an unmigrated one is named as such.
#include "store/migrations.hpp"

#include <filesystem>
#include <fstream>

#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class MigrationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MigrationTest, FreshDatabaseGetsEverySchemaVersionOnce) {
  TempDatabase temp(GetParam());
  auto db = temp.open();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(schema_version(*db).value(), 0);
  const auto checked = require_current_schema(*db);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::store_not_migrated);
  EXPECT_NE(checked.error().message.find("carbonledger migrate"), std::string::npos);

  const auto first = migrate(*db);
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, kSchemaVersion);
  ASSERT_EQ(first->applied.size(), 13u);
  EXPECT_EQ(first->applied[0], "1 initial schema");
  EXPECT_EQ(first->applied[1], "2 session activity, findings and answers");
  EXPECT_EQ(first->applied[2],
            "3 verification stages, activity comments, site visits, reduction proposals");
  EXPECT_EQ(first->applied[3], "4 offset projects, credit ledger, onsite support");
  EXPECT_EQ(first->applied[4], "5 footprint studies and supply requests");
  EXPECT_EQ(first->applied[5],
            "6 program applications, document requests, review meetings, duty records");
  EXPECT_EQ(first->applied[6], "7 PACT published footprints, API clients, access tokens, events");
  EXPECT_EQ(first->applied[7], "8 program funding ledger and change requests");
  EXPECT_EQ(first->applied[8], "9 program follow-up results and reminders");
  EXPECT_EQ(first->applied[9], "10 mail outbox, PACT partners and event deliveries");
  EXPECT_EQ(first->applied[10], "11 inventory revisions for cached activity pages");
  EXPECT_EQ(first->applied[11], "12 audit rows appended in one round trip on PostgreSQL");
  EXPECT_EQ(first->applied[12], "13 changed inventories told to listening servers on PostgreSQL");
  // Every table of the backup list exists and is empty.
  for (const auto& table : table_names()) {
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM " + table)[0].integer(0), 0) << table;
  }
  EXPECT_TRUE(require_current_schema(*db));
}

TEST_P(MigrationTest, SecondRunIsANoOp) {
  TempDatabase temp(GetParam());
  auto db = temp.open_migrated();
  ASSERT_NE(db, nullptr);
  const auto again = migrate(*db);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->from_version, kSchemaVersion);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_migrations")[0].integer(0), kSchemaVersion);
}

TEST_P(MigrationTest, RefusesADatabaseNewerThanTheBinary) {
  TempDatabase temp(GetParam());
  auto db = temp.open_migrated();
  ASSERT_NE(db, nullptr);
  db->exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
           {std::int64_t{kSchemaVersion + 1}, std::string("from the future"), now_iso8601()});
  const auto again = migrate(*db);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::store_schema_too_new);
  EXPECT_NE(again.error().message.find("newer than this carbonledger"), std::string::npos);
  EXPECT_EQ(require_current_schema(*db).error().code, ErrorCode::store_schema_too_new);
}

INSTANTIATE_TEST_SUITE_P(Dialects, MigrationTest, dialects());

TEST(StoreUrlTest, BadUrlsAreNamed) {
  const auto bad = open_database("mysql://localhost/x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::store_bad_url);
  EXPECT_EQ(open_database("sqlite:").error().code, ErrorCode::store_bad_url);
  const auto missing = open_database("sqlite:/nonexistent-folder/ledger.db");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::store_open_failed);
  EXPECT_NE(missing.error().message.find("folder exists"), std::string::npos);
  const auto refused = open_database("postgresql://nobody@/nodb?host=/nonexistent&port=1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::store_open_failed);
}

TEST(StoreUrlTest, PasswordsNeverAppearInMessages) {
  const auto refused = open_database("postgresql://alice:s3cret@/nodb?host=/nonexistent&port=1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.find("s3cret"), std::string::npos) << refused.error().message;
}

TEST(StoreUrlTest, NotADatabaseFile) {
  const auto path = std::filesystem::temp_directory_path() / "cl-store-not-a-db.txt";
  {
    std::ofstream out(path);
    out << std::string(4096, 'x');
  }
  const auto opened = open_database("sqlite:" + path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::store_open_failed);
}

}  // namespace
}  // namespace cl::store::testing
