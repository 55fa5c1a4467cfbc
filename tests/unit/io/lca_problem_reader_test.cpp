// The life-cycle problem reader (docs/formats/lca-problem.md): each shipped example in
// data/examples/lca parses to the flows, processes, exchanges and methods written in it (the
// expected values are read off the JSON files by hand), and every kind of problem is reported
// with its code, its JSON path and its line, all of them in one run.
#include "io/lca_problem_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace cl::io {
namespace {

constexpr const char* kExamples = CL_SOURCE_DIR "/data/examples/lca/";

lca::Problem read_example(const std::string& name) {
  Diagnostics diagnostics;
  auto problem = read_lca_problem(kExamples + name, diagnostics);
  EXPECT_TRUE(problem.has_value()) << (problem ? "" : problem.error().to_string());
  EXPECT_TRUE(diagnostics.empty()) << diagnostics.items().front().to_string();
  return problem ? *problem : lca::Problem{};
}

const lca::Process& process(const lca::Problem& problem, const std::string& id) {
  for (const auto& candidate : problem.processes) {
    if (candidate.id == id) return candidate;
  }
  ADD_FAILURE() << "no process " << id;
  static const lca::Process kNone;
  return kNone;
}

/// The diagnostic whose field (the JSON path) is `path`, or nullptr.
const Diagnostic* find(const Diagnostics& diagnostics, const std::string& path) {
  for (const auto& item : diagnostics.items()) {
    if (item.where.field == path) return &item;
  }
  return nullptr;
}

/// Parses `text` expecting failure; the diagnostics for inspection.
Diagnostics parse_failing(const std::string& text) {
  Diagnostics diagnostics;
  auto problem = parse_lca_problem(text, "problem.json", diagnostics);
  EXPECT_FALSE(problem.has_value());
  EXPECT_TRUE(diagnostics.has_errors());
  return diagnostics;
}

/// A valid one-process problem with `exchange` as the second exchange of process "p".
std::string with_exchange(const std::string& exchange) {
  return R"({
  "flows": [
    {"id": "x", "kind": "product", "unit": "kg"},
    {"id": "co2", "kind": "elementary", "unit": "kg"}
  ],
  "processes": [
    {"id": "p", "reference": "x", "exchanges": [
      {"flow": "x", "direction": "output", "amount": 1},
      )" +
         exchange +
         R"(
    ]}
  ]
})";
}

TEST(LcaProblemReaderExamples, TextbookHasTwoProcessesAndTheirExchanges) {
  const auto problem = read_example("textbook.json");
  EXPECT_EQ(problem.name, "Two-process textbook system: electricity and steel");
  ASSERT_EQ(problem.flows.size(), 4u);
  EXPECT_EQ(problem.flows[0].id, "electricity");
  EXPECT_EQ(problem.flows[0].kind, lca::FlowKind::product);
  EXPECT_EQ(problem.flows[0].unit, "kWh");
  EXPECT_EQ(problem.flows[2].kind, lca::FlowKind::elementary);
  EXPECT_EQ(problem.flows[2].category, "air");
  ASSERT_EQ(problem.processes.size(), 2u);
  const auto& plant = process(problem, "power_plant");
  EXPECT_EQ(plant.reference, "electricity");
  EXPECT_EQ(plant.allocation.method, lca::AllocationMethod::none);
  ASSERT_EQ(plant.exchanges.size(), 3u);
  EXPECT_EQ(plant.exchanges[1].flow, "coal");
  EXPECT_EQ(plant.exchanges[1].direction, lca::Direction::input);
  EXPECT_DOUBLE_EQ(plant.exchanges[1].amount, 0.4);
  EXPECT_FALSE(plant.exchanges[1].uncertainty.uncertain());
  const auto& mill = process(problem, "steel_mill");
  EXPECT_DOUBLE_EQ(mill.exchanges[1].amount, 2.0);
  EXPECT_DOUBLE_EQ(mill.exchanges[2].amount, 1.8);
  EXPECT_EQ(mill.exchanges[2].direction, lca::Direction::output);
  // Records name the file, the line and the JSON path for build_system's messages.
  EXPECT_EQ(mill.where.field, "processes[1]");
  EXPECT_EQ(mill.where.record, "steel_mill");
  EXPECT_EQ(mill.where.row, 22);
  EXPECT_EQ(mill.exchanges[1].where.field, "processes[1].exchanges[1]");
  EXPECT_EQ(mill.exchanges[1].where.row, 28);
  ASSERT_EQ(problem.methods.size(), 1u);
  EXPECT_EQ(problem.methods[0].unit, "kg CO2e");
  ASSERT_EQ(problem.methods[0].factors.size(), 1u);
  EXPECT_EQ(problem.methods[0].factors[0].flow, "co2");
  EXPECT_DOUBLE_EQ(problem.methods[0].factors[0].value, 1.0);
  ASSERT_EQ(problem.demand.size(), 1u);
  EXPECT_EQ(problem.demand[0].flow, "steel");
  EXPECT_DOUBLE_EQ(problem.demand[0].amount, 1000.0);
  EXPECT_TRUE(problem.default_providers.empty());
}

TEST(LcaProblemReaderExamples, LoopKeepsNonUnitReferenceAmounts) {
  const auto problem = read_example("loop.json");
  ASSERT_EQ(problem.processes.size(), 2u);
  const auto& generator = process(problem, "generator");
  EXPECT_DOUBLE_EQ(generator.exchanges[0].amount, 10.0);
  EXPECT_EQ(generator.exchanges[1].flow, "fuel");
  EXPECT_DOUBLE_EQ(generator.exchanges[1].amount, 2.0);
  const auto& refinery = process(problem, "refinery");
  EXPECT_DOUBLE_EQ(refinery.exchanges[0].amount, 100.0);
  EXPECT_EQ(refinery.exchanges[1].flow, "electricity");
  EXPECT_DOUBLE_EQ(refinery.exchanges[1].amount, 5.0);
  // A flow without a name is named by its id.
  EXPECT_EQ(problem.flows[0].name, "electricity");
  EXPECT_EQ(problem.flows[1].name, "fuel oil");
  EXPECT_DOUBLE_EQ(problem.demand[0].amount, 100.0);
}

TEST(LcaProblemReaderExamples, MultiOutputVariantsDifferOnlyInAllocation) {
  const auto physical = read_example("multi-output-physical.json");
  const auto economic = read_example("multi-output-economic.json");
  const auto factors = read_example("multi-output-factors.json");
  EXPECT_EQ(process(physical, "chp").allocation.method, lca::AllocationMethod::physical);
  EXPECT_EQ(process(economic, "chp").allocation.method, lca::AllocationMethod::economic);
  const auto& chp = process(factors, "chp");
  EXPECT_EQ(chp.allocation.method, lca::AllocationMethod::factors);
  ASSERT_EQ(chp.allocation.factors.size(), 2u);
  EXPECT_DOUBLE_EQ(chp.allocation.factors.at("electricity"), 0.6);
  EXPECT_DOUBLE_EQ(chp.allocation.factors.at("heat"), 0.4);
  EXPECT_TRUE(process(physical, "chp").allocation.factors.empty());

  for (const auto* problem : {&physical, &economic, &factors}) {
    ASSERT_EQ(problem->flows.size(), 6u);
    EXPECT_EQ(problem->flows[4].id, "municipal_waste");
    EXPECT_EQ(problem->flows[4].kind, lca::FlowKind::waste);
    const auto& plant = process(*problem, "chp");
    ASSERT_EQ(plant.exchanges.size(), 4u);
    EXPECT_DOUBLE_EQ(plant.exchanges[0].physical, 3.6);
    EXPECT_DOUBLE_EQ(plant.exchanges[0].price, 0.10);
    EXPECT_DOUBLE_EQ(plant.exchanges[1].amount, 200.0);
    EXPECT_DOUBLE_EQ(plant.exchanges[1].physical, 1.0);
    EXPECT_DOUBLE_EQ(plant.exchanges[1].price, 0.02);
    const auto& incineration = process(*problem, "incineration");
    EXPECT_EQ(incineration.reference, "municipal_waste");
    EXPECT_EQ(incineration.exchanges[0].direction, lca::Direction::input);
    EXPECT_DOUBLE_EQ(incineration.exchanges[0].amount, 1000.0);
    EXPECT_TRUE(incineration.exchanges[1].avoided);
    EXPECT_FALSE(incineration.exchanges[2].avoided);
    const auto& packaging = process(*problem, "packaging_plant");
    EXPECT_EQ(packaging.exchanges[2].unit, "GJ");
    EXPECT_DOUBLE_EQ(packaging.exchanges[2].amount, 0.02);
    EXPECT_EQ(packaging.exchanges[1].unit, "");
    EXPECT_EQ(packaging.exchanges[3].flow, "municipal_waste");
    EXPECT_EQ(packaging.exchanges[3].direction, lca::Direction::output);
    EXPECT_EQ(packaging.exchanges[3].provider, "incineration");
    EXPECT_DOUBLE_EQ(problem->demand[0].amount, 10.0);
  }
}

TEST(LcaProblemReaderExamples, FastenerHasTwoMethodsProvidersAndUncertainty) {
  const auto problem = read_example("fastener.json");
  EXPECT_EQ(problem.flows.size(), 8u);
  EXPECT_EQ(problem.processes.size(), 5u);
  ASSERT_EQ(problem.methods.size(), 2u);
  EXPECT_EQ(problem.methods[0].id, "gwp100");
  EXPECT_EQ(problem.methods[1].id, "acidification");
  EXPECT_EQ(problem.methods[1].unit, "kg SO2-eq");
  ASSERT_EQ(problem.methods[1].factors.size(), 2u);
  EXPECT_DOUBLE_EQ(problem.methods[1].factors[1].value, 0.7);
  ASSERT_EQ(problem.default_providers.size(), 1u);
  EXPECT_EQ(problem.default_providers.at("electricity"), "grid");

  const auto& grid = process(problem, "grid");
  EXPECT_EQ(grid.exchanges[1].uncertainty.kind, lca::DistributionKind::lognormal);
  EXPECT_DOUBLE_EQ(grid.exchanges[1].uncertainty.gsd, 1.1);
  // Pedigree (2, 3, 1, 2, 1) on a basic GSD of 1.05. Added variances of ln x from the ecoinvent
  // v3 guideline (Weidema et al. 2013, table 10.5): reliability 2 → 0.0006, completeness 3 →
  // 0.0006, temporal 1 → 0, geographical 2 → 0.000025, technological 1 → 0.
  // GSD = exp(sqrt(ln(1.05)² + 0.001225)) = exp(sqrt(0.00238048 + 0.001225)) ≈ 1.06189.
  const double expected_gsd = std::exp(std::sqrt(std::pow(std::log(1.05), 2) + 0.001225));
  EXPECT_EQ(grid.exchanges[3].uncertainty.kind, lca::DistributionKind::lognormal);
  EXPECT_NEAR(grid.exchanges[3].uncertainty.gsd, expected_gsd, 1e-12);
  EXPECT_NEAR(expected_gsd, 1.06189, 1e-5);

  const auto& mill = process(problem, "wire_rod_mill");
  const auto& triangular = mill.exchanges[1].uncertainty;
  EXPECT_EQ(triangular.kind, lca::DistributionKind::triangular);
  EXPECT_DOUBLE_EQ(triangular.min, 450.0);
  EXPECT_DOUBLE_EQ(triangular.mode, 500.0);
  EXPECT_DOUBLE_EQ(triangular.max, 600.0);
  const auto& heading = process(problem, "cold_heading");
  const auto& uniform = heading.exchanges[1].uncertainty;
  EXPECT_EQ(uniform.kind, lca::DistributionKind::uniform);
  EXPECT_DOUBLE_EQ(uniform.min, 1.02);
  EXPECT_DOUBLE_EQ(uniform.max, 1.08);
  const auto& ch4 = problem.methods[0].factors[1];
  EXPECT_EQ(ch4.flow, "ch4");
  EXPECT_DOUBLE_EQ(ch4.value, 29.8);
  EXPECT_EQ(ch4.uncertainty.kind, lca::DistributionKind::normal);
  EXPECT_DOUBLE_EQ(ch4.uncertainty.sd, 6.7);
}

TEST(LcaProblemReaderErrors, UnknownFieldNamesItsJsonPathAndLine) {
  // Line 9 of the text is the misspelt exchange.
  const auto diagnostics =
      parse_failing(with_exchange(R"({"flow": "co2", "direction": "output", "amout": 2})"));
  const auto* unknown = find(diagnostics, "processes[0].exchanges[1].amout");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->code, ErrorCode::parse_unknown_field);
  EXPECT_EQ(unknown->severity, Severity::error);
  EXPECT_EQ(unknown->where.file, "problem.json");
  EXPECT_EQ(unknown->where.row, 9);
  EXPECT_EQ(unknown->where.record, "p");
  EXPECT_NE(unknown->message.find("known fields: flow, direction, amount"), std::string::npos);
  // …and the amount it should have been is missing.
  const auto* missing = find(diagnostics, "processes[0].exchanges[1].amount");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->code, ErrorCode::parse_missing_field);
  EXPECT_EQ(diagnostics.error_count(), 2u);
}

TEST(LcaProblemReaderErrors, MissingRequiredFields) {
  const auto diagnostics = parse_failing(R"({
  "flows": [{"kind": "product", "unit": "kg"}, {"id": "y", "unit": "kg"}],
  "processes": [{"id": "p", "exchanges": []}]
})");
  const auto* id = find(diagnostics, "flows[0].id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->code, ErrorCode::parse_missing_field);
  EXPECT_EQ(id->where.row, 2);
  const auto* kind = find(diagnostics, "flows[1].kind");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->code, ErrorCode::parse_missing_field);
  EXPECT_EQ(kind->where.record, "y");
  const auto* reference = find(diagnostics, "processes[0].reference");
  ASSERT_NE(reference, nullptr);
  EXPECT_EQ(reference->code, ErrorCode::parse_missing_field);
  EXPECT_EQ(reference->where.row, 3);
  EXPECT_EQ(diagnostics.error_count(), 3u);

  const auto no_lists = parse_failing("{\"name\": \"empty\"}");
  EXPECT_NE(find(no_lists, "flows"), nullptr);
  EXPECT_NE(find(no_lists, "processes"), nullptr);
  EXPECT_EQ(find(no_lists, "flows")->code, ErrorCode::parse_missing_field);
}

TEST(LcaProblemReaderErrors, WrongTypesAndValuesAreBadValues) {
  const auto diagnostics = parse_failing(R"({
  "flows": [
    {"id": "x", "kind": "gas", "unit": "kg"},
    {"id": "x", "kind": "product", "unit": ["kg"]}
  ],
  "processes": [
    {"id": "p", "reference": "x", "exchanges": [
      {"flow": "x", "direction": "sideways", "amount": "abc"},
      {"flow": "x", "direction": "input", "amount": 1e999, "avoided": "maybe"}
    ]}
  ],
  "providers": ["x"],
  "demand": {"flow": "x"}
})");
  struct Case {
    const char* path;
    int line;
  };
  for (const Case& expected :
       {Case{"flows[0].kind", 3}, Case{"flows[1].unit", 4},
        Case{"flows[1]", 4},  // duplicate id 'x'
        Case{"processes[0].exchanges[0].direction", 8}, Case{"processes[0].exchanges[0].amount", 8},
        Case{"processes[0].exchanges[1].amount", 9}, Case{"processes[0].exchanges[1].avoided", 9},
        Case{"providers", 12}, Case{"demand", 13}}) {
    const auto* found = find(diagnostics, expected.path);
    ASSERT_NE(found, nullptr) << expected.path;
    EXPECT_EQ(found->code, ErrorCode::parse_bad_value) << expected.path;
    EXPECT_EQ(found->where.row, expected.line) << expected.path;
  }
  EXPECT_NE(find(diagnostics, "flows[1]")->message.find("duplicate flow id 'x' (first on line 3)"),
            std::string::npos);
  EXPECT_NE(find(diagnostics, "flows[0].kind")->message.find("product, waste, elementary"),
            std::string::npos);
  EXPECT_EQ(diagnostics.error_count(), 9u);
}

TEST(LcaProblemReaderErrors, AllocationProblems) {
  const auto diagnostics = parse_failing(R"({
  "flows": [{"id": "a", "kind": "product", "unit": "kg"}],
  "processes": [
    {"id": "p1", "reference": "a", "allocation": {"method": "mass"}, "exchanges": []},
    {"id": "p2", "reference": "a", "allocation": {"method": "factors"}, "exchanges": []},
    {"id": "p3", "reference": "a", "allocation": {"method": "physical", "factors": {"a": 1}},
     "exchanges": []},
    {"id": "p4", "reference": "a", "allocation": {"method": "factors", "factors": {"a": "half"}},
     "exchanges": []}
  ]
})");
  EXPECT_EQ(find(diagnostics, "processes[0].allocation.method")->code, ErrorCode::parse_bad_value);
  EXPECT_EQ(find(diagnostics, "processes[1].allocation.factors")->code,
            ErrorCode::parse_missing_field);
  EXPECT_EQ(find(diagnostics, "processes[2].allocation.factors")->code, ErrorCode::parse_bad_value);
  const auto* share = find(diagnostics, "processes[3].allocation.factors.a");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->code, ErrorCode::parse_bad_value);
  EXPECT_EQ(share->where.row, 8);
  EXPECT_EQ(diagnostics.error_count(), 4u);
}

TEST(LcaProblemReaderErrors, UncertaintyProblems) {
  const auto diagnostics = parse_failing(R"({
  "flows": [{"id": "a", "kind": "product", "unit": "kg"}],
  "processes": [{"id": "p", "reference": "a", "exchanges": [
    {"flow": "a", "direction": "output", "amount": 1,
     "uncertainty": {"distribution": "lognormal", "basic_gsd": 1.05, "pedigree": [1, 2, 6, 1, 1]}},
    {"flow": "a", "direction": "input", "amount": 5,
     "uncertainty": {"distribution": "triangular", "min": 1, "mode": 7, "max": 6}},
    {"flow": "a", "direction": "input", "amount": 5,
     "uncertainty": {"distribution": "normal", "gsd": 1.2}},
    {"flow": "a", "direction": "input", "amount": 5,
     "uncertainty": {"distribution": "beta"}},
    {"flow": "a", "direction": "input", "amount": 5,
     "uncertainty": {"distribution": "lognormal", "gsd": 1.2, "pedigree": [1, 1, 1, 1, 1]}},
    {"flow": "a", "direction": "input", "amount": 5,
     "uncertainty": {"distribution": "lognormal", "basic_gsd": 1.05, "pedigree": [1, 1]}}
  ]}]
})");
  // A pedigree score outside 1–5 (pedigree_gsd names the indicator).
  const auto* pedigree = find(diagnostics, "processes[0].exchanges[0].uncertainty.pedigree");
  ASSERT_NE(pedigree, nullptr);
  EXPECT_EQ(pedigree->code, ErrorCode::parse_bad_value);
  EXPECT_NE(pedigree->message.find("temporal"), std::string::npos);
  EXPECT_EQ(pedigree->where.row, 5);
  // mode > max (check_distribution).
  const auto* triangular = find(diagnostics, "processes[0].exchanges[1].uncertainty");
  ASSERT_NE(triangular, nullptr);
  EXPECT_EQ(triangular->code, ErrorCode::parse_bad_value);
  EXPECT_EQ(triangular->where.row, 7);
  // A normal has sd, not gsd: gsd is unknown there and sd missing.
  EXPECT_EQ(find(diagnostics, "processes[0].exchanges[2].uncertainty.gsd")->code,
            ErrorCode::parse_unknown_field);
  EXPECT_EQ(find(diagnostics, "processes[0].exchanges[2].uncertainty.sd")->code,
            ErrorCode::parse_missing_field);
  EXPECT_EQ(find(diagnostics, "processes[0].exchanges[3].uncertainty.distribution")->code,
            ErrorCode::parse_bad_value);
  EXPECT_EQ(find(diagnostics, "processes[0].exchanges[4].uncertainty")->code,
            ErrorCode::parse_bad_value);
  EXPECT_EQ(find(diagnostics, "processes[0].exchanges[5].uncertainty.pedigree")->code,
            ErrorCode::parse_bad_value);
  EXPECT_EQ(diagnostics.error_count(), 7u);
}

TEST(LcaProblemReaderErrors, SyntaxErrorNamesTheLine) {
  const auto diagnostics = parse_failing("{\n  \"flows\": [\n    {\"id\": \"a\"]\n  ]\n}\n");
  ASSERT_EQ(diagnostics.error_count(), 1u);
  EXPECT_EQ(diagnostics.items()[0].code, ErrorCode::parse_syntax);
  EXPECT_EQ(diagnostics.items()[0].where.row, 3);

  const auto not_a_map = parse_failing("[1, 2]");
  EXPECT_EQ(not_a_map.items()[0].code, ErrorCode::parse_syntax);
}

TEST(LcaProblemReaderErrors, FormatMarkerAndTopLevelFields) {
  const auto diagnostics = parse_failing(R"({
  "carbonledger": "inventory/1",
  "flows": [], "processes": [], "method": []
})");
  EXPECT_EQ(find(diagnostics, "carbonledger")->code, ErrorCode::parse_bad_value);
  EXPECT_EQ(find(diagnostics, "method")->code, ErrorCode::parse_unknown_field);
  EXPECT_EQ(find(diagnostics, "method")->where.row, 3);
}

TEST(LcaProblemReaderErrors, ResultIsTheFirstErrorWithTheCount) {
  Diagnostics diagnostics;
  diagnostics.error(ErrorCode::internal, "an earlier problem");  // not this file's
  auto problem = parse_lca_problem(R"({
  "flows": [{"id": "a", "kind": "product", "unit": "kg", "colour": "red"}],
  "processes": [{"id": "p", "reference": "a", "exchanges": [{"flow": "a"}]}]
})",
                                   "x.json", diagnostics);
  ASSERT_FALSE(problem.has_value());
  EXPECT_EQ(problem.error().code, ErrorCode::parse_unknown_field);
  EXPECT_EQ(problem.error().where.field, "flows[0].colour");
  ASSERT_EQ(problem.error().context.size(), 1u);
  EXPECT_EQ(problem.error().context[0], "while reading x.json (3 problems)");
  EXPECT_EQ(diagnostics.error_count(), 4u);
}

TEST(LcaProblemReaderErrors, MissingFileIsNotFound) {
  Diagnostics diagnostics;
  auto problem =
      read_lca_problem(CL_SOURCE_DIR "/data/examples/lca/no-such-file.json", diagnostics);
  ASSERT_FALSE(problem.has_value());
  EXPECT_EQ(problem.error().code, ErrorCode::io_not_found);
  EXPECT_EQ(diagnostics.error_count(), 1u);
}

TEST(LcaProblemReader, ReadsTheSameStructureWrittenAsYaml) {
  Diagnostics diagnostics;
  auto problem = parse_lca_problem(R"(flows:
  - {id: a, kind: product, unit: kg}
processes:
  - id: p
    reference: a
    exchanges:
      - {flow: a, direction: output, amount: 2.5}
demand:
  - {flow: a, amount: 1}
)",
                                   "problem.yaml", diagnostics);
  ASSERT_TRUE(problem.has_value()) << problem.error().to_string();
  EXPECT_DOUBLE_EQ(problem->processes[0].exchanges[0].amount, 2.5);
  EXPECT_EQ(problem->processes[0].exchanges[0].where.row, 7);
}

}  // namespace
}  // namespace cl::io
