#include "store_test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "store/migrations.hpp"

namespace cl::store::testing {

std::string pg_admin_url() {
  if (const char* url = std::getenv("CL_TEST_PG_URL"); url != nullptr && *url != '\0') return url;
  if (const char* file = std::getenv("CL_TEST_PG_URL_FILE"); file != nullptr) {
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    return url;
  }
  return {};
}

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

std::unique_ptr<Database> open_or_fail(const std::string& url) {
  auto db = open_database(url);
  if (!db) {
    ADD_FAILURE() << "cannot open " << url << ": " << db.error().to_string();
    return nullptr;
  }
  return std::move(*db);
}

/// The admin URL with another database name: libpq URIs put it after the third slash.
std::string with_database(const std::string& admin, const std::string& name) {
  const auto slash = admin.find('/', std::string("postgresql://").size());
  const auto query = admin.find('?', slash);
  return admin.substr(0, slash + 1) + name +
         (query == std::string::npos ? "" : admin.substr(query));
}

}  // namespace

TempDatabase::TempDatabase(const std::string& dialect) : dialect_(dialect) {
  if (dialect == "sqlite") {
    const auto dir = std::filesystem::temp_directory_path() / ("cl-store-test-" + unique_suffix());
    std::filesystem::create_directories(dir);
    path_ = dir.string();
    url_ = "sqlite:" + (dir / "store.db").string();
    return;
  }
  const std::string admin = pg_admin_url();
  if (admin.empty()) {
    ADD_FAILURE() << "PostgreSQL is not configured: run the tests through ctest (fixture "
                     "store_pg) or set CL_TEST_PG_URL (scripts/pg_test_cluster.sh start DIR)";
    return;
  }
  auto admin_db = open_or_fail(admin);
  if (!admin_db) return;
  db_name_ = "cl_test_" + unique_suffix();
  admin_db->exec_script("CREATE DATABASE " + db_name_);
  url_ = with_database(admin, db_name_);
}

TempDatabase::~TempDatabase() {
  if (!path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  if (!db_name_.empty()) {
    if (auto admin = open_database(pg_admin_url())) {
      try {
        (*admin)->exec_script("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      } catch (const StoreError&) {
      }
    }
  }
}

std::unique_ptr<Database> TempDatabase::open() const {
  if (url_.empty()) return nullptr;
  return open_or_fail(url_);
}

std::unique_ptr<Database> TempDatabase::open_migrated() const {
  auto db = open();
  if (db) {
    auto migrated = migrate(*db);
    if (!migrated) ADD_FAILURE() << migrated.error().to_string();
  }
  return db;
}

void StoreTest::SetUp() {
  temp = std::make_unique<TempDatabase>(GetParam());
  db = temp->open_migrated();
  ASSERT_NE(db, nullptr) << "no " << GetParam() << " database";
}

void StoreTest::TearDown() {
  db.reset();
  temp.reset();
}

std::int64_t StoreTest::audit_count() {
  return db->query("SELECT COUNT(*) FROM audit_log")[0].integer(0);
}

AuditEntry StoreTest::last_audit() {
  const auto head = db->query("SELECT MAX(seq) FROM audit_log")[0].integer(0);
  auto entries = list_audit(*db, head - 1, 1);
  EXPECT_TRUE(entries.has_value());
  return entries && !entries->empty() ? entries->front() : AuditEntry{};
}

DieselInventory diesel_inventory(Database& db, const Actor& actor, std::int64_t org_id,
                                 std::int64_t plant_id, int year) {
  DieselInventory out;
  out.inventory.organization_id = org_id;
  out.inventory.year = year;
  out.inventory = CL_ASSERT_OK(create_inventory(db, actor, out.inventory)).value();
  out.source = {0,
                out.inventory.id,
                plant_id,
                "S01",
                "Generator",
                "stationary_combustion",
                "tw.moenv2024.stationary.diesel",
                {{"type", "stationary_combustion"}}};
  out.source = CL_ASSERT_OK(create_source(db, actor, out.source)).value();
  return out;
}

}  // namespace cl::store::testing
