#include "support/core_fixtures.hpp"

#include <cstdio>
#include <cstdlib>

namespace cl::test {

using factors::EmissionFactor;
using factors::FactorType;
using factors::GasGroup;

units::Unit unit(std::string_view symbol) {
  auto found = units::find_unit(symbol);
  if (!found) {
    std::fprintf(stderr, "test fixture: unknown unit %.*s\n", static_cast<int>(symbol.size()),
                 symbol.data());
    std::abort();
  }
  return *found;
}

namespace {

EmissionFactor make_factor(std::string id, std::string_view per,
                           std::vector<factors::GasAmount> gases, FactorType type) {
  EmissionFactor factor;
  factor.id = std::move(id);
  factor.name_en = factor.id;
  factor.per = unit(per);
  factor.gases = std::move(gases);
  factor.type = type;
  factor.table_id = "test";
  factor.provenance.document = "test fixture";
  return factor;
}

}  // namespace

factors::FactorLibrary make_test_library() {
  factors::FactorLibrary library;
  library.add_gas({"CO2", "CO2", "carbon dioxide", "二氧化碳", GasGroup::co2});
  library.add_gas({"CH4", "CH4", "methane", "甲烷", GasGroup::ch4});
  library.add_gas({"N2O", "N2O", "nitrous oxide", "氧化亞氮", GasGroup::n2o});
  library.add_gas({"HFC-32", "CH2F2", "HFC-32", "", GasGroup::hfcs});
  library.add_gas({"HFC-125", "CHF2CF3", "HFC-125", "", GasGroup::hfcs});
  library.add_gas({"HCFC-22", "CHClF2", "HCFC-22", "", GasGroup::montreal});
  library.add_gas({"CO2_biogenic", "CO2", "biogenic CO2", "", GasGroup::biogenic_co2});
  library.add_gas({"CO2e", "CO2e", "CO2 equivalent", "", GasGroup::co2e});

  factors::GwpSet set_a;
  set_a.id = "TEST-A";
  set_a.values = {{"CO2", 1},      {"CH4", 25},       {"N2O", 300},
                  {"HFC-32", 700}, {"HFC-125", 3000}, {"HCFC-22", 2000}};
  library.add_gwp_set(set_a);
  factors::GwpSet set_b;
  set_b.id = "TEST-B";
  set_b.values = {{"CO2", 1},      {"CH4", 30},       {"N2O", 200},
                  {"HFC-32", 800}, {"HFC-125", 3200}, {"HCFC-22", 2000}};
  library.add_gwp_set(set_b);
  factors::GwpSet no_n2o = set_a;
  no_n2o.id = "NO-N2O";
  no_n2o.values.erase("N2O");
  library.add_gwp_set(no_n2o);

  library.add_blend({"R-TEST", "", {{"HFC-32", 0.5}, {"HFC-125", 0.5}}, {}});
  library.add_blend({"R-MIX", "", {{"HCFC-22", 0.5}, {"HFC-32", 0.5}}, {}});
  library.add_blend({"R-32", "", {{"HFC-32", 1.0}}, {}});
  library.add_blend({"R-22", "", {{"HCFC-22", 1.0}}, {}});

  library.add_leak_rate({.id = "chiller",
                         .name_zh = "冰水機",
                         .name_en = "Chillers",
                         .min = 0.02,
                         .max = 0.15,
                         .default_rate = 0.10,
                         .recovery = 0.95});

  auto fuel = make_factor("fuel.tj", "TJ", {{"CO2", 50000}, {"CH4", 10}, {"N2O", 1}},
                          FactorType::international);
  fuel.heating_value = factors::HeatingValue{40, unit("MJ"), unit("L"), {}};
  fuel.uncertainty = factors::Uncertainty{0.05, 0.05};
  fuel.keywords = {"柴油", "diesel"};
  fuel.name_zh = "測試燃料";
  (void)library.add_factor(fuel);
  (void)library.add_factor(make_factor("elec.kwh", "kWh", {{"CO2e", 0.5}}, FactorType::national));
  (void)library.add_factor(
      make_factor("wood.t", "t", {{"CO2_biogenic", 1000}, {"CH4", 1}}, FactorType::international));
  (void)library.add_factor(
      make_factor("septic.ph", "person-hour", {{"CH4", 0.002}}, FactorType::national));
  (void)library.add_factor(
      make_factor("hcfc.kg", "kg", {{"HCFC-22", 1}}, FactorType::own_developed));
  (void)library.add_factor(make_factor("co2.kg", "kg", {{"CO2", 1}}, FactorType::own_developed));
  (void)library.add_factor(
      make_factor("nohv.tj", "TJ", {{"CO2", 1000}}, FactorType::international));
  return library;
}

inventory::Inventory make_inventory(int year) {
  inventory::Inventory inv;
  inv.file = "test.yaml";
  inv.year = year;
  inv.gwp_set = "TEST-A";
  inv.organization.name = "測試公司";
  inv.facilities.push_back({.id = "F1", .name = "Plant 1"});
  inv.facilities.push_back({.id = "F2", .name = "Plant 2"});
  return inv;
}

inventory::Source& add_source(inventory::Inventory& inventory, std::string id, std::string facility,
                              inventory::SourceType type, std::string factor) {
  inventory::Source source;
  source.id = std::move(id);
  source.facility = std::move(facility);
  source.name = source.id;
  source.type = type;
  source.factor = std::move(factor);
  source.category = inventory::default_category(type);
  source.quality = {1, 1};
  source.activity_uncertainty = {0.0, 0.0};
  source.where = {.file = inventory.file, .record = source.id};
  inventory.sources.push_back(std::move(source));
  return inventory.sources.back();
}

void add_month(inventory::Inventory& inventory, const std::string& source, int year, int month,
               double amount, std::string_view unit_symbol) {
  add_period(inventory, source, inventory::Period::month(year, month), amount, unit_symbol);
}

void add_period(inventory::Inventory& inventory, const std::string& source,
                inventory::Period period, double amount, std::string_view unit_symbol) {
  inventory::ActivityRecord record;
  record.source = inventory.keep(source);
  record.period = period;
  record.amount = {amount, unit(unit_symbol)};
  record.file = inventory.file_index(inventory.file);
  record.row = static_cast<int>(inventory.records.size()) + 1;
  inventory.records.push_back(record);
}

}  // namespace cl::test
