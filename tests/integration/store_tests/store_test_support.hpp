// Test support for the store: a fresh database per test, on SQLite (a file in a temp folder)
// or on the PostgreSQL test cluster (a new database in it; URL from CL_TEST_PG_URL or the file
// CL_TEST_PG_URL_FILE names). PostgreSQL being unreachable is a test failure, not a skip.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/inventories.hpp"

namespace cl::store::testing {

/// The URL of the PostgreSQL test cluster's maintenance database; "" if none is configured.
std::string pg_admin_url();

/// A new, empty database of `dialect` ("sqlite" or "postgresql"), dropped at the end.
class TempDatabase {
 public:
  explicit TempDatabase(const std::string& dialect);
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  const std::string& url() const { return url_; }
  /// A new connection to it.
  std::unique_ptr<Database> open() const;
  /// A connection with the schema migrated.
  std::unique_ptr<Database> open_migrated() const;

 private:
  std::string dialect_;
  std::string url_;
  std::string path_;     ///< SQLite file
  std::string db_name_;  ///< PostgreSQL database
};

/// An inventory of `year` for `org_id` with one diesel source S01 at `plant_id`.
struct DieselInventory {
  InventoryRecord inventory;
  SourceRecord source;
};
DieselInventory diesel_inventory(Database& db, const Actor& actor, std::int64_t org_id,
                                 std::int64_t plant_id, int year);

/// A test fixture parameterized by dialect, with a migrated database `db`.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::int64_t audit_count();
  /// The last audit entry.
  AuditEntry last_audit();

  std::unique_ptr<TempDatabase> temp;
  std::unique_ptr<Database> db;
  Actor actor{"test", "unit test"};
};

/// "sqlite" and "postgresql".
inline auto dialects() {
  return ::testing::Values(std::string("sqlite"), std::string("postgresql"));
}

/// Fails the current test unless `result` holds a value, and returns it.
#define CL_ASSERT_OK(expr)                                                             \
  ([&]() {                                                                             \
    auto cl_result_ = (expr);                                                          \
    if (!cl_result_) ADD_FAILURE() << #expr << ": " << cl_result_.error().to_string(); \
    return cl_result_;                                                                 \
  }())

}  // namespace cl::store::testing
