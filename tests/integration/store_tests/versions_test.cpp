// Frozen versions: version 1 never changes (the database refuses, a tamper behind its back is
// found by the hash), a correction is version 2, and the diff of the two is worked by hand.
#include <map>

#include "core/inventory/compute.hpp"
#include "io/factor_loader.hpp"
#include "io/inventory_reader.hpp"
#include "store/activity.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store/workspace.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

const io::LoadedLibrary& library() {
  static const io::LoadedLibrary loaded = io::load_library(std::string(CL_SOURCE_DIR) + "/data");
  return loaded;
}

class VersionTest : public StoreTest {
 protected:
  // One factory, one facility, an own factor of 2.5 kg CO2 per litre (CO2 has GWP 1 in every
  // set, so 2.5 kg CO2e/L), source S1 burning it: r1 = 100 L in March, r2 = 40 L in June.
  void SetUp() override {
    StoreTest::SetUp();
    Organization org;
    org.name = "Test factory";
    org_id = create_organization(*db, actor, org).value().id;
    const auto plant = create_facility(*db, actor, {0, org_id, "F1", "Plant", {}}).value();
    const nlohmann::json factor = {{"id", "own.test.fuel"},
                                   {"name_zh", "測試燃料"},
                                   {"per", "L"},
                                   {"gases", {{"CO2", 2.5}}},
                                   {"type", "own_developed"},
                                   {"source", {{"document", "test"}, {"year", 2024}}}};
    ASSERT_TRUE(CL_ASSERT_OK(add_factor(*db, actor, {0, org_id, "own.test.fuel", factor, {}})));
    InventoryRecord inv;
    inv.organization_id = org_id;
    inv.year = 2024;
    inventory_id = create_inventory(*db, actor, inv).value().id;
    facility_id = plant.id;
    s1 = add_source("S1");
    r1 = add_activity(*db, actor, {0, s1, "", "2024-03", 100, "L", "b1.pdf", std::nullopt, "", ""})
             .value()
             .id;
    r2 = add_activity(*db, actor, {0, s1, "", "2024-06", 40, "L", "b2.pdf", std::nullopt, "", ""})
             .value()
             .id;
  }
  std::int64_t add_source(const std::string& code) {
    SourceRecord source{0,
                        inventory_id,
                        facility_id,
                        code,
                        "Boiler " + code,
                        "stationary_combustion",
                        "own.test.fuel",
                        {{"type", "stationary_combustion"}, {"factor", "own.test.fuel"}}};
    return create_source(*db, actor, source).value().id;
  }
  InventoryVersion freeze(const std::string& reason) {
    auto version =
        freeze_inventory(*db, {"verifier-prep", reason}, inventory_id, library().library);
    EXPECT_TRUE(version) << version.error().to_string();
    return version.value_or(InventoryVersion{});
  }
  void drop_version_triggers() {
    db->exec_script(
        GetParam() == "sqlite"
            ? "DROP TRIGGER inventory_versions_no_update; DROP TRIGGER inventory_versions_no_delete"
            : "DROP TRIGGER inventory_versions_no_change ON inventory_versions");
  }

  std::int64_t org_id = 0, inventory_id = 0, facility_id = 0, s1 = 0, r1 = 0, r2 = 0;
};

TEST_P(VersionTest, FrozenVersionNeverChanges) {
  const auto v1 = freeze("for verification");
  EXPECT_EQ(v1.version, 1);
  EXPECT_DOUBLE_EQ(v1.result.at("total_co2e_kg").get<double>(), 350.0);  // 140 L × 2.5
  EXPECT_EQ(v1.sha256, version_hash(v1.content, v1.result));
  EXPECT_EQ(last_audit().action, "freeze");

  for (const char* sql :
       {"UPDATE inventory_versions SET reason = 'rewritten'", "DELETE FROM inventory_versions"}) {
    try {
      db->exec(sql);
      ADD_FAILURE() << sql << " went through";
    } catch (const StoreError& failure) {
      EXPECT_EQ(failure.error.code, ErrorCode::store_frozen) << sql;
      EXPECT_NE(failure.error.message.find("never changes"), std::string::npos)
          << failure.error.message;
    }
  }
  // Edits of the working inventory do not touch version 1.
  auto row = get_activity(*db, r2).value();
  row.amount = 60;
  ASSERT_TRUE(CL_ASSERT_OK(update_activity(*db, actor, row)));
  const auto again = get_version(*db, inventory_id, 1).value();
  EXPECT_EQ(again.sha256, v1.sha256);
  EXPECT_DOUBLE_EQ(again.result.at("total_co2e_kg").get<double>(), 350.0);

  // Behind the database's back (triggers dropped) a changed version is found on read.
  drop_version_triggers();
  db->exec("UPDATE inventory_versions SET result = $1", {std::string(R"({"total_co2e_kg":1.0})")});
  const auto tampered = get_version(*db, inventory_id, 1);
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error().code, ErrorCode::store_audit_broken);
}

TEST_P(VersionTest, CorrectionIsTheNextVersionAndTheDiffIsLineByLine) {
  const auto v1 = freeze("first submission");
  // The correction: r2 was 60 L, not 40; a July bill r3 = 20 L was missing; a second boiler S2
  // burned 10 L in May.
  auto row = get_activity(*db, r2).value();
  row.amount = 60;
  ASSERT_TRUE(CL_ASSERT_OK(update_activity(*db, actor, row)));
  const auto r3 =
      add_activity(*db, actor, {0, s1, "", "2024-07", 20, "L", "b3.pdf", std::nullopt, "", ""})
          .value()
          .id;
  const auto s2 = add_source("S2");
  const auto r4 =
      add_activity(*db, actor, {0, s2, "", "2024-05", 10, "L", "b4.pdf", std::nullopt, "", ""})
          .value()
          .id;
  const auto v2 = freeze("correction after review");
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(list_versions(*db, inventory_id)->size(), 2u);

  const auto diff = diff_versions(v1, v2);
  // By hand: source S2 added; activity r2 changed (amount 40 → 60); r3 and r4 added; r1 the same.
  ASSERT_EQ(diff.lines.size(), 4u);
  EXPECT_EQ(diff.lines[0].kind, "source");
  EXPECT_EQ(diff.lines[0].key, "S2");
  EXPECT_EQ(diff.lines[0].change, "added");
  std::map<std::string, const LineChange*> activity;
  for (const auto& line : diff.lines) {
    if (line.kind == "activity") activity[line.key] = &line;
  }
  const auto key = [](std::int64_t id) { return "r" + std::to_string(id); };
  ASSERT_EQ(activity.size(), 3u);
  ASSERT_TRUE(activity.contains(key(r2)));
  EXPECT_EQ(activity[key(r2)]->change, "changed");
  EXPECT_EQ(activity[key(r2)]->fields, std::vector<std::string>{"amount"});
  EXPECT_EQ(activity[key(r2)]->before.at("amount"), 40.0);
  EXPECT_EQ(activity[key(r2)]->after.at("amount"), 60.0);
  EXPECT_EQ(activity[key(r3)]->change, "added");
  EXPECT_EQ(activity[key(r4)]->change, "added");
  EXPECT_EQ(activity[key(r4)]->after.at("source"), "S2");
  EXPECT_FALSE(activity.contains(key(r1)));
  // Totals: v1 = (100 + 40) × 2.5 = 350 kg; v2 = (100 + 60 + 20 + 10) × 2.5 = 475 kg; Δ = 125.
  ASSERT_FALSE(diff.totals.empty());
  EXPECT_EQ(diff.totals[0].name, "total_co2e_kg");
  EXPECT_NEAR(diff.totals[0].before, 350.0, 1e-9);
  EXPECT_NEAR(diff.totals[0].after, 475.0, 1e-9);
  EXPECT_NEAR(diff.totals[0].delta(), 125.0, 1e-9);
  const auto text = render_diff(diff);
  EXPECT_NE(text.find("+ source S2"), std::string::npos) << text;
  EXPECT_NE(text.find("~ activity " + key(r2) + ": S1 2024-06 60 L [amount]"), std::string::npos)
      << text;
  EXPECT_NE(text.find("total_co2e_kg: 350.000 → 475.000 (+125.000)"), std::string::npos) << text;
}

TEST_P(VersionTest, DemoWorkspaceLoadsAndComputesLikeTheFile) {
  const auto report = import_inventory_file(
      *db, actor, std::string(CL_SOURCE_DIR) + "/data/demo/fastener-2024.yaml", library().library);
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(report->sources, 9u);
  EXPECT_EQ(report->records, 57u);  // 8 inline + 49 CSV rows (data/demo/activity.csv has 50 lines)
  const auto computed = compute_inventory(*db, actor, report->inventory_id, library().library);
  ASSERT_TRUE(computed) << computed.error().to_string();
  // The file computed directly (`carbonledger inventory compute data/demo/fastener-2024.yaml`).
  const auto direct =
      io::read_inventory(std::string(CL_SOURCE_DIR) + "/data/demo/fastener-2024.yaml");
  const auto result = inventory::compute(direct.inventory, library().library).value();
  EXPECT_NEAR(computed->at("total_co2e_kg").get<double>(), result.total_co2e_kg, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Dialects, VersionTest, dialects());

}  // namespace
}  // namespace cl::store::testing
