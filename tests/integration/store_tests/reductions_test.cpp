// Reduction proposals on SQLite and PostgreSQL: stored with the unit's canonical symbol, checked
// before they are stored (equipment, measure, numbers, unit, the inventory's own source), each
// change audited and a refused one not; a source with proposals is not deleted; the inventory
// model without activity (what the estimate reads) has the sources and no records.
#include "store/reductions.hpp"
#include "store/activity.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/workspace.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class ReductionStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Organization factory;
    factory.name = "Test factory";
    const auto org = create_organization(*db, actor, factory).value().id;
    Facility plant;
    plant.organization_id = org;
    plant.code = "F1";
    plant.name = "Plant";
    const auto facility = create_facility(*db, actor, plant).value().id;
    for (const int year : {2024, 2025}) {
      InventoryRecord inventory;
      inventory.organization_id = org;
      inventory.year = year;
      inventory.base_year = 2024;
      inventories.push_back(create_inventory(*db, actor, inventory).value().id);
      SourceRecord source{0,
                          inventories.back(),
                          facility,
                          "S09",
                          "Electricity",
                          "purchased_electricity",
                          "tw.moea.grid.2024",
                          {{"type", "purchased_electricity"}, {"factor", "tw.moea.grid.2024"}}};
      sources.push_back(create_source(*db, actor, source).value().id);
    }
    ActivityRow row;
    row.source_id = sources[0];
    row.period = "2024-01";
    row.amount = 1000;
    row.unit = "kWh";
    ASSERT_TRUE(add_activities(*db, actor, {row}));
  }

  ReductionProposal proposal() const {
    ReductionProposal out;
    out.inventory_id = inventories[0];
    out.equipment = "air_compressor";
    out.measure = "variable-speed drive";
    out.source_id = sources[0];
    out.energy_saving = 50000;
    out.energy_unit = "度";
    out.investment_twd = 300000;
    out.annual_cost_saving_twd = 150000;
    return out;
  }

  std::vector<std::int64_t> inventories, sources;
};

TEST_P(ReductionStoreTest, CreateListUpdateDeleteAudited) {
  const auto created = CL_ASSERT_OK(create_reduction(*db, actor, proposal())).value();
  EXPECT_EQ(created.energy_unit, "kWh");  // 度 is stored as its canonical symbol
  EXPECT_EQ(created.created_by, "test");
  auto audit = last_audit();
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.entity, "reduction_proposals");
  EXPECT_EQ(audit.entity_id, std::to_string(created.id));

  auto changed = created;
  changed.energy_saving = 60000;
  changed.source_id.reset();
  changed.factor = "tw.moea.grid.2023";
  changed.inventory_id = inventories[1];  // ignored: a proposal stays with its inventory
  const auto updated = CL_ASSERT_OK(update_reduction(*db, actor, changed)).value();
  EXPECT_EQ(updated.inventory_id, inventories[0]);
  audit = last_audit();
  EXPECT_EQ(audit.action, "update");
  ASSERT_TRUE(audit.before_json && audit.after_json);
  EXPECT_EQ(nlohmann::json::parse(*audit.before_json).at("energy_saving"), 50000.0);
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json).at("source_id"), nullptr);

  const auto listed = list_reductions(*db, inventories[0]).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].energy_saving, 60000);
  EXPECT_FALSE(listed[0].source_id);
  EXPECT_EQ(listed[0].factor, "tw.moea.grid.2023");
  EXPECT_TRUE(list_reductions(*db, inventories[1]).value().empty());

  ASSERT_TRUE(CL_ASSERT_OK(delete_reduction(*db, actor, created.id)));
  EXPECT_EQ(last_audit().action, "delete");
  EXPECT_EQ(get_reduction(*db, created.id).error().code, ErrorCode::store_not_found);
}

TEST_P(ReductionStoreTest, BadProposalsAreRefusedWithoutAnAuditRow) {
  const auto before = audit_count();
  const auto refused = [&](ReductionProposal bad, ErrorCode code, const std::string& field) {
    const auto result = create_reduction(*db, actor, std::move(bad));
    ASSERT_FALSE(result) << field;
    EXPECT_EQ(result.error().code, code) << field;
    EXPECT_EQ(result.error().where.field, field);
  };
  auto bad = proposal();
  bad.equipment = "kettle";
  refused(bad, ErrorCode::store_invalid, "equipment");
  bad = proposal();
  bad.measure = "";
  refused(bad, ErrorCode::store_invalid, "measure");
  bad = proposal();
  bad.energy_saving = -1;
  refused(bad, ErrorCode::store_invalid, "energy_saving");
  bad = proposal();
  bad.annual_cost_saving_twd = -1;
  refused(bad, ErrorCode::store_invalid, "annual_cost_saving_twd");
  bad = proposal();
  bad.energy_unit = "kWhh";
  refused(bad, ErrorCode::unit_unknown, "energy_unit");
  bad = proposal();
  bad.source_id = sources[1];  // the 2025 inventory's
  refused(bad, ErrorCode::store_invalid, "source_id");
  EXPECT_EQ(audit_count(), before);
  bad = proposal();
  bad.inventory_id = 999999;
  const auto missing = create_reduction(*db, actor, bad);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::store_not_found);
}

TEST_P(ReductionStoreTest, ASourceWithProposalsIsNotDeleted) {
  auto on_2025 = proposal();
  on_2025.inventory_id = inventories[1];
  on_2025.source_id = sources[1];
  const auto created = create_reduction(*db, actor, on_2025).value();
  const auto refused = delete_source(*db, actor, sources[1]);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::store_invalid);
  EXPECT_NE(refused.error().message.find("reduction proposals"), std::string::npos);
  ASSERT_TRUE(delete_reduction(*db, actor, created.id));
  EXPECT_TRUE(CL_ASSERT_OK(delete_source(*db, actor, sources[1])));
}

TEST_P(ReductionStoreTest, TheModelWithoutActivityHasSourcesOnly) {
  const auto all = CL_ASSERT_OK(load_inventory(*db, inventories[0])).value();
  EXPECT_EQ(all.records.size(), 1u);
  const auto light = CL_ASSERT_OK(load_inventory(*db, inventories[0], false)).value();
  EXPECT_TRUE(light.records.empty());
  ASSERT_EQ(light.sources.size(), 1u);
  EXPECT_EQ(light.sources[0].id, "S09");
  EXPECT_EQ(light.sources[0].factor, "tw.moea.grid.2024");
}

INSTANTIATE_TEST_SUITE_P(Dialects, ReductionStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
