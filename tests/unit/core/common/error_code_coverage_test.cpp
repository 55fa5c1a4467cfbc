// Every ErrorCode is triggered through the real API (units, library, compute/validate, the io
// readers and loader), pinning the code and the key words of its message (house style habit 10;
// DuckDB's "a test triggers each exception"). The table records which codes it triggered and the
// last test asserts that the set equals all_error_codes() except `cli.usage` and `internal`:
// those two are raised only by the CLI (usage errors, the top-level catch) and are covered by
// the golden CLI cases in tests/golden/cli.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>
#include "core/carbonfee/estimate.hpp"
#include "core/cbam/compute.hpp"
#include "core/footprint/compute.hpp"
#include "core/inventory/compute.hpp"
#include "core/lca/build.hpp"
#include "core/lca/solver.hpp"
#include "core/program/eligibility.hpp"
#include "core/program/funding.hpp"
#include "core/program/ledger.hpp"
#include "core/program/review.hpp"
#include "core/units/unit.hpp"
#include "io/csv.hpp"
#include "io/factor_loader.hpp"
#include "io/file.hpp"
#include "io/footprint_reader.hpp"
#include "io/inventory_reader.hpp"
#include "io/offsets_reader.hpp"
#include "io/pact.hpp"
#include "io/pact_client.hpp"
#include "io/program_reader.hpp"
#include "io/smtp.hpp"
#include "io/xlsx_reader.hpp"
#include "io/yaml_reader.hpp"

#include "server/auth/password.hpp"
#include "server/http_server.hpp"
#include "store/accounts.hpp"
#include "store/backup.hpp"
#include "store/evidence.hpp"
#include "store/inventories.hpp"
#include "store/migrations.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "support/core_fixtures.hpp"

namespace cl {
namespace {

using inventory::SourceType;
using test::add_month;
using test::add_source;

struct Found {
  ErrorCode code;
  std::string message;
};
using Findings = std::vector<Found>;

template <class T>
Findings from(const Result<T>& result) {
  if (result) return {};
  return {{result.error().code, result.error().message}};
}
Findings from(const Diagnostics& diagnostics) {
  Findings out;
  for (const auto& item : diagnostics.items()) out.push_back({item.code, item.message});
  return out;
}

std::filesystem::path scratch_dir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("cl_error_codes_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A valid inventory with one electricity source, changed by `edit`, then computed.
Findings compute_with(const std::function<void(inventory::Inventory&)>& edit,
                      inventory::ComputeOptions options = {}) {
  static const auto library = test::make_test_library();
  auto inv = test::make_inventory(2024);
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 1, 100, "kWh");
  edit(inv);
  return from(inventory::compute(inv, library, options));
}

Findings csv(std::string_view text) {
  std::vector<inventory::ActivityRecord> records;
  Diagnostics diagnostics;
  io::read_activity_csv(text, "activity.csv", records, diagnostics);
  return from(diagnostics);
}

// A footprint study fixture of tests/fixtures/footprint, computed under its profile.
Findings footprint_fixture(const std::string& name) {
  Diagnostics diagnostics;
  auto profiles =
      io::read_footprint_profiles(CL_SOURCE_DIR "/data/footprint/profiles.yaml", diagnostics);
  if (!profiles) return from(profiles);
  auto loaded =
      io::read_footprint_study(CL_SOURCE_DIR "/tests/fixtures/footprint/" + name, diagnostics);
  if (!loaded) return from(loaded);
  auto profile = io::find_profile(*profiles, loaded->study.profile, {});
  if (!profile) return from(profile);
  return from(footprint::compute_footprint(loaded->study, *profile, nullptr, diagnostics));
}

// The offsets catalogue of data/offsets and the fixtures of tests/fixtures/offsets.
const offsets::MethodCatalog& offsets_catalog() {
  static const auto catalog = [] {
    Diagnostics diagnostics;
    return io::read_offset_methods(io::offset_methods_path(CL_SOURCE_DIR "/data"), diagnostics)
        .value();
  }();
  return catalog;
}

Result<offsets::ProjectResult> offsets_fixture(const std::string& name) {
  Diagnostics diagnostics;
  auto project =
      io::read_offset_project(CL_SOURCE_DIR "/tests/fixtures/offsets/" + name, diagnostics);
  if (!project) return tl::unexpected(project.error());
  auto limits =
      io::read_scale_limits(io::scale_limits_path(CL_SOURCE_DIR "/data"), "micro", diagnostics);
  if (!limits) return tl::unexpected(limits.error());
  return offsets::compute_project(*project, offsets_catalog(), *limits);
}

Result<offsets::CreditLedger> offsets_ledger(const std::string& name) {
  Diagnostics diagnostics;
  auto file = io::read_ledger(CL_SOURCE_DIR "/tests/fixtures/offsets/" + name, diagnostics);
  if (!file) return tl::unexpected(file.error());
  return io::replay_ledger(*file);
}

// A steel mill on grid power (build_test.cpp's system), changed by `edit`, then built.
lca::Problem lca_problem() {
  using lca::Direction;
  lca::Problem problem;
  problem.flows = {{"steel", "steel", lca::FlowKind::product, "kg", {}, {}},
                   {"electricity", "electricity", lca::FlowKind::product, "kWh", {}, {}},
                   {"co2", "co2", lca::FlowKind::elementary, "kg", "air", {}}};
  const auto exchange = [](std::string flow, Direction direction, double amount) {
    lca::Exchange out;
    out.flow = std::move(flow);
    out.direction = direction;
    out.amount = amount;
    return out;
  };
  problem.processes = {
      {"mill",
       "mill",
       "steel",
       {exchange("steel", Direction::output, 1), exchange("electricity", Direction::input, 2),
        exchange("co2", Direction::output, 1.5)},
       {},
       {}},
      {"grid", "grid", "electricity", {exchange("electricity", Direction::output, 1)}, {}, {}}};
  return problem;
}

Findings lca_build_with(const std::function<void(lca::Problem&)>& edit) {
  auto problem = lca_problem();
  edit(problem);
  Diagnostics diagnostics;
  lca::build_system(problem, diagnostics);
  return from(diagnostics);
}

lca::MatrixSystem lca_system() {
  Diagnostics diagnostics;
  return *lca::build_system(lca_problem(), diagnostics);
}

lca::SparseMatrix lca_matrix(std::initializer_list<std::initializer_list<double>> rows) {
  Eigen::MatrixXd dense(static_cast<Eigen::Index>(rows.size()),
                        static_cast<Eigen::Index>(rows.begin()->size()));
  Eigen::Index r = 0;
  for (const auto& row : rows) {
    Eigen::Index c = 0;
    for (const double value : row) dense(r, c++) = value;
    ++r;
  }
  return dense.sparseView();
}

Findings lca_factorize(const lca::SparseMatrix& matrix) {
  auto solver = lca::Solver::analyze(
      matrix, [](std::size_t j) { return "act-" + std::to_string(j); }, {lca::SolverKind::klu});
  if (!solver) return from(solver);
  return from(solver->factorize());
}

// Accounts (src/server/auth): an authenticator over the in-memory directory, with one user
// "a@x" (password "a long passphrase", organization "org-a") and one without a membership.
Findings with_authenticator(const std::function<Findings(server::auth::Authenticator&)>& run) {
  using namespace server::auth;
  MemoryDirectory directory;
  const auto hash = *hash_password("a long passphrase");
  directory.add_user("a@x", "", hash, {"", "org-a", Role::factory, {}});
  directory.add_user("nomember@x", "", hash, {"", "", Role::factory, {}});
  ThrottleLimits limits;
  limits.account_failures = 1;
  LoginThrottle throttle(limits);
  PasswordHasher hasher;
  Authenticator authenticator({&directory, &directory, &directory}, throttle, hasher);
  return run(authenticator);
}

// The HTTP API (src/server) without a socket: one request through Api::handle, the answer's code.
Findings api_request(const std::string& method, const std::string& path,
                     const std::string& content_type = "") {
  static const auto api = server::make_api({}, io::load_library(CL_SOURCE_DIR "/data")).value();
  httplib::Request req;
  req.method = method;
  req.path = path;
  if (!content_type.empty()) req.set_header("Content-Type", content_type);
  httplib::Response res;
  api->handle(req, res, "test");
  const auto body = nlohmann::json::parse(res.body);
  const auto code = find_error_code(body.value("code", std::string()));
  if (!code) return {};
  return {{*code, body.value("message", std::string())}};
}

// A screw maker's CBAM communication (core/cbam), changed by `edit`, then computed.
Findings cbam_with(const std::function<void(cbam::Communication&)>& edit) {
  cbam::Communication c;
  c.installation = {.name = "Plant", .country = "TW", .unlocode = "TWKHH"};
  c.period.year = 2026;
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {
      {.id = "P", .goods = {{.cn_code = "73181500", .tonnes = 5}}, .attributions = {{"S1", 1}}}};
  edit(c);
  const cbam::GoodsCatalogue catalogue({{.cn_code = "7318"}, {.cn_code = "7217"}});
  Diagnostics diagnostics;
  cbam::compute(c, catalogue, {}, diagnostics);
  return from(diagnostics);
}

// Funding programs (src/core/program): a one-service, one-mode program built here.
program::Program small_program() {
  using namespace program;
  Program p;
  p.id = "test-program";
  Service service;
  service.id = "svc";
  service.forms = {"f"};
  service.deadline = Deadline{{{2023, 4, 23}, -1}, "notice"};
  p.services.push_back(service);
  Form form;
  form.id = "f";
  form.name = "Form";
  form.fields = {{"ubn", "UBN", FieldType::ubn, "factory.ubn", true, {}, ""},
                 {"c", "consent", FieldType::consent, "consents.c", false, {}, ""},
                 {"x", "capital", FieldType::number, "form.x", true, {}, ""}};
  p.forms.push_back(form);
  p.eligibility = {{RuleKind::registered_manufacturer, "manufacturer", {}, 0, {}, "", "c1"},
                   {RuleKind::consents_given, "consents", {}, 0, {}, "", "c2"},
                   {RuleKind::before_deadline, "deadline", {}, 0, {}, "", "c3"}};
  Mode mode;
  mode.id = "m";
  mode.funding = {100, 50, 10, 5, "f1"};
  p.modes.push_back(mode);
  p.review.rubrics.push_back({"m", {{"all", "g", "All", 100, false, "r1"}}, "r"});
  return p;
}

Findings eligibility_with(const std::function<void(program::Application&)>& edit) {
  program::Application a;
  a.id = "A";
  a.submitted = {{2023, 3, 1}, -1};
  a.services = {"svc"};
  a.factory.manufacturer = true;
  a.factory.factory_registration = "99612345";
  program::FieldValue ubn{program::FieldValue::Kind::text, "22099131", 0, 0};
  program::FieldValue yes{program::FieldValue::Kind::boolean, "true", 0, 0};
  program::FieldValue capital{program::FieldValue::Kind::number, "100", 0, 0};
  a.fields = {{"factory.ubn", ubn}, {"consents.c", yes}, {"form.x", capital}};
  edit(a);
  const auto result = program::check_eligibility(small_program(), a);
  Findings out;
  for (const auto& f : result.refusals) out.push_back({f.code, f.reason});
  for (const auto& f : result.incomplete) out.push_back({f.code, f.reason});
  return out;
}

Findings review_with(const std::function<void(program::Meeting&)>& edit) {
  program::Meeting meeting;
  meeting.committee = 3;
  meeting.attending = {"R1", "R2"};
  meeting.applications = {{"A", "m", "U", 0, 0}, {"B", "m", "U", 0, 0}};
  meeting.scores = {{"R1", "A", {{"all", 80}}, 1, 0},
                    {"R1", "B", {{"all", 80}}, 2, 0},
                    {"R2", "A", {{"all", 80}}, 2, 0},
                    {"R2", "B", {{"all", 80}}, 1, 0}};
  edit(meeting);
  Diagnostics problems;
  program::review(small_program(), meeting, problems);
  return from(problems);
}

struct Case {
  ErrorCode code;
  std::vector<std::string> words;
  std::function<Findings()> trigger;
};

// Storage (src/store): a migrated in-memory SQLite database, and a test actor.
std::unique_ptr<store::Database> store_db() {
  auto db = std::move(store::open_database("sqlite::memory:").value());
  EXPECT_TRUE(store::migrate(*db));
  return db;
}
const store::Actor kStoreActor{"test", "error code coverage"};
store::Organization store_org(std::string kind = "factory") {
  store::Organization org;
  org.kind = std::move(kind);
  org.name = "Org";
  return org;
}

std::vector<Case> cases() {
  using inventory::InstrumentType;
  using inventory::Inventory;
  return {
      {ErrorCode::io_not_found,
       {"file not found", "check the path"},
       [] { return from(io::read_file("/nonexistent/carbonledger/inventory.yaml")); }},
      {ErrorCode::io_read_failed,
       {"is a folder, expected a file"},
       [] { return from(io::read_file(scratch_dir().string())); }},
      {ErrorCode::io_write_failed,
       {"cannot write", "check that the folder exists"},
       [] { return from(io::write_file((scratch_dir() / "no-such-dir" / "x.csv").string(), "")); }},
      {ErrorCode::io_too_large,
       {"is 64 MiB, more than the 64 MiB", "split the file"},
       [] {
         // A sparse file one byte over the 64 MiB document cap (no disk space used).
         const auto path = (scratch_dir() / "huge.yaml").string();
         const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
         EXPECT_GE(fd, 0);
         EXPECT_EQ(::ftruncate(fd, static_cast<off_t>(io::kMaxDocumentBytes) + 1), 0);
         ::close(fd);
         auto found = from(io::read_file(path));
         std::filesystem::remove(path);
         return found;
       }},
      {ErrorCode::io_not_xlsx,
       {"not a zip archive", "save as .xlsx"},
       [] { return from(io::XlsxWorkbook::open("source,period\n", "activity.xlsx")); }},
      {ErrorCode::parse_syntax,
       {"not valid YAML/JSON", "line 1"},
       [] {
         Diagnostics unused;
         return from(io::YamlReader("bad.yaml", unused).parse("a: [1, 2"));
       }},
      {ErrorCode::parse_missing_field,
       {"header must name the columns source, period, amount"},
       [] { return csv("source,amount\nS1,5\n"); }},
      {ErrorCode::parse_bad_value,
       {"amount '1.2.3' is not a number"},
       [] { return csv("source,period,amount,unit\nS1,2024-01,1.2.3,kWh\n"); }},
      {ErrorCode::parse_unknown_field,
       {"unknown column 'remark' is ignored"},
       [] { return csv("source,period,amount,unit,remark\nS1,2024-01,5,kWh,x\n"); }},
      {ErrorCode::unit_unknown,
       {"unknown unit 'furlong'"},
       [] { return from(units::find_unit("furlong")); }},
      {ErrorCode::unit_mismatch,
       {"amount in L (volume) does not fit factor 'elec.kwh'"},
       [] {
         return compute_with(
             [](Inventory& inv) { inv.records[0].amount.set_unit(test::unit("L")); });
       }},
      {ErrorCode::factor_not_found,
       {"no emission factor with id 'nope'"},
       [] { return compute_with([](Inventory& inv) { inv.sources[0].factor = "nope"; }); }},
      {ErrorCode::factor_invalid,
       {"factor id 'elec.kwh' is defined twice"},
       [] {
         auto library = test::make_test_library();
         auto copy = **library.find_factor("elec.kwh");
         return from(library.add_factor(copy));
       }},
      {ErrorCode::gas_unknown,
       {"unknown gas 'CFC-11'"},
       [] {
         return compute_with([](Inventory& inv) {
           factors::EmissionFactor own{
               .id = "mine", .per = test::unit("kWh"), .gases = {{"CFC-11", 1}}};
           inv.own_factors.push_back(own);
         });
       }},
      {ErrorCode::gwp_set_unknown,
       {"unknown GWP set 'AR9'", "TEST-A"},
       [] { return compute_with([](Inventory&) {}, {.gwp_set = "AR9"}); }},
      {ErrorCode::gwp_missing,
       {"GWP set NO-N2O has no value for gas 'N2O'"},
       [] {
         return compute_with(
             [](Inventory& inv) {
               add_source(inv, "S2", "F1", SourceType::stationary_combustion, "fuel.tj");
             },
             {.gwp_set = "NO-N2O"});
       }},
      {ErrorCode::blend_invalid,
       {"unknown refrigerant 'R-999'"},
       [] {
         return compute_with([](Inventory& inv) {
           add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "").refrigerant =
               inventory::RefrigerantEquipment{"R-999", "chiller", {}, ""};
         });
       }},
      {ErrorCode::inventory_duplicate_id,
       {"source id 'S1' is used twice"},
       [] {
         return compute_with([](Inventory& inv) {
           add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
         });
       }},
      {ErrorCode::inventory_unknown_facility,
       {"names facility 'F9'", "not in `facilities`"},
       [] { return compute_with([](Inventory& inv) { inv.sources[0].facility = "F9"; }); }},
      {ErrorCode::inventory_unknown_source,
       {"names source 'S9'", "not in `sources`"},
       [] { return compute_with([](Inventory& inv) { inv.records[0].source = "S9"; }); }},
      {ErrorCode::inventory_negative_amount,
       {"amount -100", "is negative"},
       [] { return compute_with([](Inventory& inv) { inv.records[0].amount.value = -100; }); }},
      {ErrorCode::inventory_bad_period,
       {"period '2024-01-15..2024-02'", "is not a month"},
       [] { return from(io::parse_period("2024-01-15..2024-02")); }},
      {ErrorCode::inventory_missing_month,
       {"needs a record for every month", "2, 3, 4"},
       [] { return compute_with([](Inventory& inv) { inv.sources[0].requires_monthly = true; }); }},
      {ErrorCode::inventory_leak_rate_outside_range,
       {"leak rate 0.300000 is outside the range"},
       [] {
         auto inv = test::make_inventory(2024);
         add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "").refrigerant =
             inventory::RefrigerantEquipment{"R-32", "chiller", 0.30, "measured"};
         return from(inventory::validate(inv, test::make_test_library()));
       }},
      {ErrorCode::inventory_quality_grade,
       {"A1 and A2 must be 1, 2 or 3", "A1=0"},
       [] { return compute_with([](Inventory& inv) { inv.sources[0].quality.a1 = 0; }); }},
      {ErrorCode::inventory_source_type,
       {"category must be 1–6"},
       [] { return compute_with([](Inventory& inv) { inv.sources[0].category = 9; }); }},
      {ErrorCode::inventory_market_instrument,
       {"certificate carries 0 kg CO2e/kWh"},
       [] {
         return compute_with([](Inventory& inv) {
           inv.instruments.push_back({.id = "I1",
                                      .type = InstrumentType::certificate,
                                      .facility = "F1",
                                      .kwh = 10,
                                      .kg_co2e_per_kwh = 0.3});
         });
       }},
      {ErrorCode::inventory_empty,
       {"no emission sources"},
       [] {
         return compute_with([](Inventory& inv) {
           inv.sources.clear();
           inv.records.clear();
         });
       }},
      {ErrorCode::lca_unknown_flow,
       {"uses flow 'slag'"},
       [] {
         return lca_build_with(
             [](lca::Problem& problem) { problem.processes[0].exchanges[2].flow = "slag"; });
       }},
      {ErrorCode::lca_unknown_process,
       {"no process 'oven'"},
       [] { return from(lca_system().find_activity("oven/steel")); }},
      {ErrorCode::lca_unknown_method,
       {"no impact method 'ipcc'"},
       [] { return from(lca_system().find_method("ipcc")); }},
      {ErrorCode::lca_reference,
       {"no reference flow 'co2'"},
       [] {
         return lca_build_with(
             [](lca::Problem& problem) { problem.processes[0].reference = "co2"; });
       }},
      {ErrorCode::lca_no_provider,
       {"nothing provides 'electricity'"},
       [] { return lca_build_with([](lca::Problem& problem) { problem.processes.pop_back(); }); }},
      {ErrorCode::lca_ambiguous_provider,
       {"provided by grid, solar"},
       [] {
         return lca_build_with([](lca::Problem& problem) {
           problem.processes.push_back(problem.processes[1]);
           problem.processes.back().id = "solar";
         });
       }},
      {ErrorCode::lca_allocation,
       {"2 products (steel, slag)", "no allocation"},
       [] {
         return lca_build_with([](lca::Problem& problem) {
           problem.flows.push_back({"slag", "slag", lca::FlowKind::product, "kg", {}, {}});
           auto slag = problem.processes[0].exchanges[0];
           slag.flow = "slag";
           problem.processes[0].exchanges.push_back(slag);
         });
       }},
      {ErrorCode::lca_not_product,
       {"is an elementary flow", "not a product"},
       [] { return from(lca_system().find_activity("co2")); }},
      {ErrorCode::lca_singular,
       {"act-"},
       [] {
         return lca_factorize(lca_matrix({{1, 1, 0}, {1, 1, 0}, {-0.5, -0.5, 1}}));
       }},
      {ErrorCode::lca_ill_conditioned,
       {"act-"},
       [] {
         return lca_factorize(lca_matrix({{1, 1}, {1, 1 + std::ldexp(1.0, -52)}}));
       }},
      {ErrorCode::lca_not_converged,
       {"loop of"},
       [] {
         // A 4-cycle a → b → c → d → a with gain 1.5 per link: the Jacobi iteration matrix has
         // spectral radius 1.5, so it diverges, and 2 GMRES steps cannot span a 4-cycle's
         // Krylov space; the iterative-only path must say that it did not converge.
         lca::SolverOptions options{lca::SolverKind::iterative};
         options.max_iterations = 2;
         auto solver = lca::Solver::analyze(
             lca_matrix({{1, 0, 0, -1.5}, {-1.5, 1, 0, 0}, {0, -1.5, 1, 0}, {0, 0, -1.5, 1}}),
             [](std::size_t j) { return "act-" + std::to_string(j); }, options);
         if (!solver) return from(solver);
         return from(solver->solve(Eigen::VectorXd::Unit(4, 0)));
       }},
      {ErrorCode::cbam_not_cbam_good,
       {"CN code 8481 80 00 is not a CBAM good"},
       [] { return cbam_with([](auto& c) { c.processes[0].goods[0].cn_code = "84818000"; }); }},
      {ErrorCode::cbam_production,
       {"produced no goods"},
       [] { return cbam_with([](auto& c) { c.processes[0].goods[0].tonnes = 0; }); }},
      {ErrorCode::cbam_precursor_data,
       {"has no supplier data and no default value"},
       [] {
         return cbam_with([](auto& c) {
           c.precursors = {{.id = "W", .cn_code = "72171000", .country = "TW"}};
           c.processes[0].precursors = {{"W", 6}};
         });
       }},
      {ErrorCode::cbam_unknown_reference,
       {"source 'S9'"},
       [] { return cbam_with([](auto& c) { c.processes[0].attributions[0].source = "S9"; }); }},
      {ErrorCode::cbam_attribution,
       {"must be a fraction from 0 to 1"},
       [] { return cbam_with([](auto& c) { c.processes[0].attributions[0].share = 1.5; }); }},
      {ErrorCode::cbam_precursor_cycle,
       {"consumes its own product"},
       [] {
         return cbam_with([](auto& c) {
           c.precursors = {{.id = "OWN",
                            .cn_code = "73181500",
                            .origin = cbam::PrecursorOrigin::own,
                            .process = "P"}};
           c.processes[0].precursors = {{"OWN", 1}};
         });
       }},
      {ErrorCode::carbonfee_rules,
       {"no threshold in force in 2025"},
       [] { return from(carbonfee::estimate({.year = 2025, .emissions_t = 1}, {})); }},
      {ErrorCode::carbonfee_input,
       {"0 or more"},
       [] { return from(carbonfee::estimate({.year = 2025, .emissions_t = -1}, {})); }},
      {ErrorCode::offsets_method,
       {"unknown reduction method", "AMS-II.C/lighting"},
       [] { return from(offsets_catalog().find("AMS-0.0/none")); }},
      {ErrorCode::offsets_not_applicable,
       {"renewable-power projects are excluded"},
       [] {
         offsets::Method solar = *offsets_catalog().find("AMS-II.C/lighting").value();
         solar.category = offsets::Category::renewable_power;
         return from(offsets::check_project(offsets::Project{}, solar));
       }},
      {ErrorCode::offsets_scale_limit,
       {"above the micro-scale limit"},
       [] { return from(offsets_fixture("above-micro-limit.yaml")); }},
      {ErrorCode::offsets_additionality,
       {"needs the regulatory test"},
       [] {
         const auto& method = *offsets_catalog().find("AMS-II.C/lighting").value();
         return from(offsets::check_project(offsets::Project{}, method));
       }},
      {ErrorCode::offsets_inclusion,
       {"fails inclusion criterion IC3"},
       [] { return from(offsets_fixture("inclusion-fails.yaml")); }},
      {ErrorCode::offsets_sample_too_small,
       {"66 are required for 90/10"},
       [] { return from(offsets_fixture("sample-too-small.yaml")); }},
      {ErrorCode::offsets_stage,
       {"cannot follow plan"},
       [] { return from(offsets_fixture("stage-skipped.yaml")); }},
      {ErrorCode::offsets_grid_data,
       {"less than 20 %"},
       [] {
         Diagnostics diagnostics;
         auto data =
             io::read_grid_data(CL_SOURCE_DIR "/tests/fixtures/offsets/grid-bad.yaml", diagnostics);
         if (!data) return from(data);
         return from(offsets::combined_margin(*data));
       }},
      {ErrorCode::offsets_credit,
       {"more than the verified reduction allows"},
       [] { return from(offsets_ledger("ledger-over-issue.yaml")); }},
      {ErrorCode::offsets_credit_used,
       {"already used", "used or retired once"},
       [] { return from(offsets_ledger("ledger-double-use.yaml")); }},
      {ErrorCode::footprint_profile,
       {"unknown standard profile 'iso99999'"},
       [] { return footprint_fixture("unknown-profile.yaml"); }},
      {ErrorCode::footprint_invalid,
       {"PACT accepts AR5 or AR6"},
       [] {
         footprint::Study study;
         study.declared_unit = "kilogram";
         study.gwp = "AR4";
         Diagnostics diagnostics;
         return from(footprint::compute_footprint(study, {}, nullptr, diagnostics));
       }},
      {ErrorCode::footprint_stage_missing,
       {"requires the transport stage"},
       [] { return footprint_fixture("stage-missing.yaml"); }},
      {ErrorCode::footprint_shares,
       {"the shares sum to 0.9, not 1"},
       [] { return footprint_fixture("shares-not-one.yaml"); }},
      {ErrorCode::footprint_supplier_unit,
       {"gives its footprint per 1 piece"},
       [] { return footprint_fixture("supplier-unit.yaml"); }},
      {ErrorCode::footprint_unlinked,
       {"has neither an emission factor nor a background process nor a supplier"},
       [] { return footprint_fixture("unlinked.yaml"); }},
      {ErrorCode::footprint_reference,
       {"is not among the study's suppliers"},
       [] {
         footprint::Study study;
         study.declared_unit = "kilogram";
         study.gwp = "AR6";
         footprint::ActivityLine line;
         line.id = "L1";
         line.per_unit = true;
         line.supplier = "S9";
         study.lines.push_back(line);
         Diagnostics diagnostics;
         return from(footprint::compute_footprint(study, {}, nullptr, diagnostics));
       }},
      {ErrorCode::footprint_cutoff,
       {"above the 5 %"},
       [] {
         footprint::Study study;
         study.declared_unit = "kilogram";
         study.gwp = "AR6";
         study.exemptions = {{"office", 6.0}};
         footprint::Profile profile;
         profile.max_exempted_percent = 5.0;
         Diagnostics diagnostics;
         return from(footprint::compute_footprint(study, profile, nullptr, diagnostics));
       }},
      {ErrorCode::footprint_allocation,
       {"which", "does not allow"},
       [] {
         footprint::Study study;
         study.declared_unit = "kilogram";
         study.gwp = "AR6";
         study.production = 1;
         footprint::SharedLine line;
         line.id = "SH1";
         line.basis = footprint::AllocationBasis::value;
         study.shared.push_back(line);
         Diagnostics diagnostics;
         return from(footprint::compute_footprint(study, {}, nullptr, diagnostics));
       }},
      {ErrorCode::pact_invalid,
       {"wrong unit \"kg\""},
       [] {
         Diagnostics diagnostics;
         return from(io::read_pact_supplier(
             CL_SOURCE_DIR "/tests/fixtures/footprint/pact-wrong-units.json", "S1", diagnostics));
       }},
      {ErrorCode::pact_remote,
       {"failed", "check the URL and that the host is up"},
       [] {
         // Port 1 on the loopback: nothing listens there (tcpmux, never served here).
         io::PactApiClient client({"http://127.0.0.1:1", "id", "secret", std::chrono::seconds(2)});
         return from(client.authenticate());
       }},
      {ErrorCode::mail_failed,
       {"smtp://127.0.0.1:1", "check the mail server"},
       [] {
         // Port 1 on the loopback: nothing listens there, the connection is refused.
         return from(io::send_smtp({"smtp://127.0.0.1:1", "", "", std::chrono::seconds(2)},
                                   "a@example.com", "b@example.com", "Subject: x\r\n\r\nx\r\n"));
       }},
      {ErrorCode::auth_required,
       {"log in first"},
       [] {
         return with_authenticator(
             [](server::auth::Authenticator& auth) { return from(auth.authenticate({})); });
       }},
      {ErrorCode::auth_invalid_credentials,
       {"password is not right"},
       [] {
         return with_authenticator([](server::auth::Authenticator& auth) {
           return from(auth.login("a@x", "wrong passphrase", "10.0.0.1", ""));
         });
       }},
      {ErrorCode::auth_forbidden,
       {"belongs to no organization"},
       [] {
         return with_authenticator([](server::auth::Authenticator& auth) {
           return from(auth.login("nomember@x", "a long passphrase", "10.0.0.1", ""));
         });
       }},
      {ErrorCode::auth_csrf,
       {"X-CSRF-Token"},
       [] {
         return with_authenticator([](server::auth::Authenticator& auth) {
           const auto login = auth.login("a@x", "a long passphrase", "10.0.0.1", "");
           return from(auth.authenticate({login->session, "", "", true}));
         });
       }},
      {ErrorCode::auth_rate_limited,
       {"too many login attempts", "try again in 900 s"},
       [] {
         return with_authenticator([](server::auth::Authenticator& auth) {
           (void)auth.login("a@x", "wrong passphrase", "10.0.0.1", "");  // locks (1 failure)
           return from(auth.login("a@x", "a long passphrase", "10.0.0.1", ""));
         });
       }},
      {ErrorCode::auth_weak_password,
       {"at least 8 characters"},
       [] { return from(server::auth::check_password_policy("short")); }},
      {ErrorCode::http_not_found,
       {"no such route"},
       [] { return api_request("GET", "/api/v1/nothing-here"); }},
      {ErrorCode::http_method_not_allowed,
       {"DELETE is not allowed here; use GET"},
       [] { return api_request("DELETE", "/api/v1/health"); }},
      {ErrorCode::http_unsupported_media_type,
       {"Content-Type: application/json", "text/plain"},
       [] { return api_request("POST", "/api/v1/auth/login", "text/plain"); }},
      {ErrorCode::store_bad_url,
       {"not a database URL", "--db sqlite:PATH"},
       [] { return from(store::open_database("mysql://localhost/ledger")); }},
      {ErrorCode::store_open_failed,
       {"cannot open sqlite:/nonexistent", "folder exists"},
       [] { return from(store::open_database("sqlite:/nonexistent/carbonledger/ledger.db")); }},
      {ErrorCode::store_query_failed,
       {"no such table"},
       [] {
         auto db = store_db();
         return from(store::guard([&] { return db->query("SELECT * FROM no_such_table").size(); }));
       }},
      {ErrorCode::store_not_migrated,
       {"schema version 0", "carbonledger migrate"},
       [] {
         auto db = std::move(store::open_database("sqlite::memory:").value());
         return from(store::require_current_schema(*db));
       }},
      {ErrorCode::store_schema_too_new,
       {"newer than this carbonledger"},
       [] {
         auto db = store_db();
         db->exec(
             "INSERT INTO schema_migrations VALUES (99, 'future', '2099-01-01T00:00:00.000Z')");
         return from(store::migrate(*db));
       }},
      {ErrorCode::store_not_found,
       {"organization 42 does not exist"},
       [] { return from(store::get_organization(*store_db(), 42)); }},
      {ErrorCode::store_conflict,
       {"a@x.org exists already"},
       [] {
         auto db = store_db();
         const store::User user{0, "a@x.org", "A", "hash", false, {}};
         EXPECT_TRUE(store::create_user(*db, kStoreActor, user));
         return from(store::create_user(*db, kStoreActor, user));
       }},
      {ErrorCode::store_invalid,
       {"'bank' is not one of factory"},
       [] {
         return from(store::create_organization(*store_db(), kStoreActor, store_org("bank")));
       }},
      {ErrorCode::store_frozen,
       {"never changes", "new version"},
       [] {
         auto db = store_db();
         store::InventoryRecord inv;
         inv.organization_id = store::create_organization(*db, kStoreActor, store_org())->id;
         inv.year = 2024;
         const auto id = store::create_inventory(*db, kStoreActor, inv)->id;
         EXPECT_TRUE(store::freeze_version(*db, kStoreActor, id, {{"year", 2024}},
                                           nlohmann::json::object()));
         return from(store::guard([&] { db->exec("UPDATE inventory_versions SET reason = 'x'"); }));
       }},
      {ErrorCode::store_audit_broken,
       {"no longer matches its SHA-256"},
       [] {
         auto db = store_db();
         const auto org = store::create_organization(*db, kStoreActor, store_org())->id;
         const auto file = store::store_evidence(*db, kStoreActor, org, "a.csv", "a,b\n")->id;
         db->exec("UPDATE evidence_blobs SET content = $1", {store::Blob{'x'}});
         return from(store::evidence_content(*db, file));
       }},
      {ErrorCode::store_evidence_type,
       {"unsupported type", "PDF, PNG, JPEG"},
       [] {
         return from(
             store::detect_media_type("\x7f"
                                      "ELF\x02",
                                      "bill.pdf"));
       }},
      {ErrorCode::store_evidence_too_large,
       {"more than the 25 MiB"},
       [] {
         auto db = store_db();
         const auto org = store::create_organization(*db, kStoreActor, store_org())->id;
         const std::string big(store::kMaxEvidenceBytes + 1, 'a');
         return from(store::store_evidence(*db, kStoreActor, org, "big.csv", big));
       }},
      {ErrorCode::store_not_empty,
       {"is not empty", "new, migrated database"},
       [] {
         auto db = store_db();
         EXPECT_TRUE(store::create_organization(*db, kStoreActor, store_org()));
         const auto path = (scratch_dir() / "backup.jsonl").string();
         EXPECT_TRUE(store::backup_database(*db, path));
         return from(store::restore_database(*db, path));
       }},
      {ErrorCode::program_definition,
       {"add up to 90 points, not 100"},
       [] {
         const auto path = (scratch_dir() / "program.yaml").string();
         EXPECT_TRUE(io::write_file(path,
                                    "id: p\nname: P\nyear: 2025\nsource: s\nmodes:\n"
                                    "  - {id: m, name: M, funding: {government_ntd: 1, "
                                    "own_min_ntd: 1, cite: c}, cite: c}\nreview:\n"
                                    "  pass_score: 70\n  quorum_cite: q\n"
                                    "  qualify_cite: q\n  order_cite: o\n  rubrics:\n"
                                    "    - {mode: m, cite: r, items: [{id: a, group: g, "
                                    "name: A, max: 90}]}\n"));
         Diagnostics diagnostics;
         (void)io::read_program(path, diagnostics);
         return from(diagnostics);
       }},
      {ErrorCode::program_ubn_invalid,
       {"is not a valid unified business number", "sum 29"},
       [] { return eligibility_with([](auto& a) { a.fields["factory.ubn"].text = "22099130"; }); }},
      {ErrorCode::program_ineligible,
       {"not a manufacturer"},
       [] { return eligibility_with([](auto& a) { a.factory.manufacturer = false; }); }},
      {ErrorCode::program_consent_missing,
       {"consent: not agreed"},
       [] { return eligibility_with([](auto& a) { a.fields["consents.c"].text = "false"; }); }},
      {ErrorCode::program_after_deadline,
       {"after the deadline: on or before 2023-04-23"},
       [] { return eligibility_with([](auto& a) {
              a.submitted = {{2023, 4, 24}, -1};
            }); }},
      {ErrorCode::program_incomplete,
       {"Form capital is missing"},
       [] { return eligibility_with([](auto& a) { a.fields.erase("form.x"); }); }},
      {ErrorCode::program_score_out_of_range,
       {"All: score 101 outside 0–100"},
       [] { return review_with([](auto& m) { m.scores[0].items["all"] = 101; }); }},
      {ErrorCode::program_quorum,
       {"no quorum: 1 of 3"},
       [] {
         return review_with([](auto& m) {
           m.attending = {"R1"};
           m.scores.resize(2);
         });
       }},
      {ErrorCode::program_review_invalid,
       {"has not scored 'B'"},
       [] { return review_with([](auto& m) { m.scores.pop_back(); }); }},
      {ErrorCode::program_lots_needed,
       {"A, B tie on rank sum, first places and total score"},
       [] { return review_with([](auto&) {}); }},
      {ErrorCode::program_satellites_below_minimum,
       {"never fewer than 5"},
       [] {
         return from(program::fund_case(small_program(), {"m", 6, 4, std::nullopt}));
       }},
      {ErrorCode::program_over_budget,
       {"exceeds what is left of cost item 'a'"},
       [] {
         // Mode m: 100 government + 50 own = 150 (small_program); cost item a budgets 150.
         const auto funded = program::fund_case(small_program(), {"m", 5, 5, std::nullopt});
         return from(program::check_expense(*funded, {{"a", "A", 150}}, {}, "a", 151));
       }},
      {ErrorCode::program_change_refused,
       {"no change allowed"},
       [] {
         auto p = small_program();
         p.changes.push_back({"product", "the product", {}, 0, std::nullopt, "c"});
         return from(program::check_change(p, "m", "product", {2014, 1, 1}, 0));
       }},
  };
}

std::set<ErrorCode>& triggered() {
  static std::set<ErrorCode> codes;
  return codes;
}

TEST(ErrorCodeCoverageTest, EachCaseTriggersItsCodeWithItsMessage) {
  for (const auto& item : cases()) {
    SCOPED_TRACE(std::string(code_id(item.code)));
    const Findings found = item.trigger();
    auto match = std::find_if(found.begin(), found.end(),
                              [&](const Found& f) { return f.code == item.code; });
    ASSERT_NE(match, found.end()) << "not triggered; got " << found.size() << " other findings";
    for (const auto& word : item.words) {
      EXPECT_NE(match->message.find(word), std::string::npos)
          << "'" << word << "' not in: " << match->message;
    }
    triggered().insert(item.code);
  }
}

TEST(ErrorCodeCoverageTest, LoaderReportsAMissingDataFolder) {
  auto loaded = io::load_library("/nonexistent/carbonledger-data");
  const auto found = from(loaded.diagnostics);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, ErrorCode::io_not_found);
  EXPECT_NE(found[0].message.find("factor data folder not found"), std::string::npos);
}

TEST(ErrorCodeCoverageTest, EveryCodeIsTriggeredExceptTheCliOnes) {
  // Runs after the table test (gtest runs tests of a suite in declaration order); run the table
  // again if this test was selected alone.
  if (triggered().empty()) {
    for (const auto& item : cases()) {
      const Findings found = item.trigger();
      for (const auto& f : found) {
        if (f.code == item.code) triggered().insert(item.code);
      }
    }
  }
  std::set<ErrorCode> expected(all_error_codes().begin(), all_error_codes().end());
  expected.erase(ErrorCode::cli_usage);  // golden CLI tests
  expected.erase(ErrorCode::internal);   // golden CLI tests
  std::vector<std::string_view> missing;
  for (ErrorCode code : expected) {
    if (!triggered().contains(code)) missing.push_back(code_id(code));
  }
  EXPECT_TRUE(missing.empty()) << "codes without a triggering test: "
                               << ::testing::PrintToString(missing);
  EXPECT_EQ(triggered(), expected);
  std::filesystem::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cl
