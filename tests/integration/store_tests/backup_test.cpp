// Backup → restore round trips, within a dialect and across (SQLite → PostgreSQL and back):
// every table's rows, blobs byte for byte, the audit chain and the frozen versions' hashes.
#include <unistd.h>

#include <filesystem>

#include "store/accounts.hpp"
#include "store/backup.hpp"
#include "store/evidence.hpp"
#include "store/inventories.hpp"
#include "store/migrations.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class BackupTest : public StoreTest {
 protected:
  void fill() {
    Organization org;
    org.name = "工廠 A";
    org.details = {{"address", "高雄市岡山區"}};
    org_id = create_organization(*db, actor, org).value().id;
    ASSERT_TRUE(create_facility(*db, actor, {0, org_id, "F1", "Plant", {}}));
    const auto user =
        create_user(*db, actor, {0, "a@example.com", "A", "$argon2id$x", false, {}}).value();
    ASSERT_TRUE(add_membership(*db, actor, {0, user.id, std::nullopt, "administrator"}));
    ASSERT_TRUE(add_membership(*db, actor, {0, user.id, org_id, "factory"}));
    blob = std::string("\x89PNG\r\n\x1a\n\0\x01\x02\xff", 12);
    evidence_id = store_evidence(*db, actor, org_id, "meter.png", blob).value().id;
    InventoryRecord inv;
    inv.organization_id = org_id;
    inv.year = 2024;
    inv.id = create_inventory(*db, actor, inv).value().id;
    const auto version =
        freeze_version(*db, actor, inv.id, {{"year", 2024}}, {{"total_co2e_kg", 0.1 + 0.2}});
    ASSERT_TRUE(version);
    inventory_id = inv.id;
  }
  std::string backup_path() {
    return (std::filesystem::temp_directory_path() /
            ("cl-backup-" + std::to_string(::getpid()) + "-" + GetParam() + ".jsonl"))
        .string();
  }
  std::int64_t org_id = 0, evidence_id = 0, inventory_id = 0;
  std::string blob;
};

TEST_P(BackupTest, RoundTripIntoEitherDialect) {
  fill();
  const auto path = backup_path();
  const auto written = backup_database(*db, path);
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(written->tables, static_cast<std::int64_t>(table_names().size()));
  const auto source_audit = verify_audit(*db).value();
  for (const std::string target_dialect : {"sqlite", "postgresql"}) {
    SCOPED_TRACE(GetParam() + " → " + target_dialect);
    TempDatabase target(target_dialect);
    auto restored_db = target.open_migrated();
    ASSERT_NE(restored_db, nullptr);
    const auto restored = restore_database(*restored_db, path);
    ASSERT_TRUE(restored) << restored.error().to_string();
    EXPECT_EQ(restored->rows, written->rows);
    for (const auto& table : table_names()) {
      EXPECT_EQ(restored_db->query("SELECT COUNT(*) FROM " + table)[0].integer(0),
                db->query("SELECT COUNT(*) FROM " + table)[0].integer(0))
          << table;
    }
    const auto audit = verify_audit(*restored_db).value();
    EXPECT_TRUE(audit.intact) << audit.problem;
    EXPECT_EQ(audit.head_hash, source_audit.head_hash);
    const auto content = evidence_content(*restored_db, evidence_id).value();
    EXPECT_EQ(std::string(content.begin(), content.end()), blob);
    const auto version = get_version(*restored_db, inventory_id, 1);  // re-checks the SHA-256
    ASSERT_TRUE(version) << version.error().to_string();
    EXPECT_EQ(version->result.at("total_co2e_kg").get<double>(), 0.1 + 0.2);  // all 17 digits
    EXPECT_EQ(get_organization(*restored_db, org_id)->details.at("address"), "高雄市岡山區");
    // New rows continue after the restored ids, and extend the same chain.
    Organization next;
    next.name = "after restore";
    const auto created = create_organization(*restored_db, actor, next);
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_GT(created->id, org_id);
    EXPECT_TRUE(verify_audit(*restored_db)->intact);
    // A second restore into the now non-empty database is refused.
    const auto again = restore_database(*restored_db, path);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::store_not_empty);
  }
  std::filesystem::remove(path);
}

TEST_P(BackupTest, TruncatedBackupIsRefusedAndLeavesNothing) {
  fill();
  const auto path = backup_path();
  ASSERT_TRUE(backup_database(*db, path));
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 40);
  TempDatabase target(GetParam());
  auto restored_db = target.open_migrated();
  ASSERT_NE(restored_db, nullptr);
  const auto restored = restore_database(*restored_db, path);
  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code, ErrorCode::store_invalid);
  EXPECT_EQ(restored_db->query("SELECT COUNT(*) FROM organizations")[0].integer(0), 0);
  EXPECT_EQ(restored_db->query("SELECT COUNT(*) FROM audit_log")[0].integer(0), 0);
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Dialects, BackupTest, dialects());

}  // namespace
}  // namespace cl::store::testing
