// `footprint import-background -o`: nothing is written when the package has a problem (the file
// does not exist afterwards, and an older file of that name is left as it was), and what is
// written on success reads back as a lca-problem/1 file with the demo's hand-worked footprints
// (data/background/README.md: steel sheet 5.948, polypropylene 2.135 kg CO2e/kg).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "cli/context.hpp"
#include "core/footprint/compute.hpp"
#include "io/lca_problem_reader.hpp"

namespace cl::cli {
namespace {

namespace fs = std::filesystem;

struct Run {
  bool failed = false;
  std::string error;
  std::string out;
};

Run run_footprint(std::vector<std::string> args) {
  CLI::App app{"test"};
  std::ostringstream out, err;
  Context context;
  context.out = &out;
  context.err = &err;
  add_footprint_commands(app, context);
  args.insert(args.begin(), "footprint");
  std::vector<const char*> argv{"carbonledger"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  Run run;
  try {
    app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
  } catch (const CommandError& error) {
    run.failed = true;
    run.error = error.error.to_string();
  }
  run.out = out.str();
  return run;
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("cl-bgcli-" + std::to_string(::getpid()) + "-" + name);
}

TEST(ImportBackgroundCli, NothingWrittenWhenThePackageHasAProblem) {
  const auto output = temp_path("not-written.json");
  fs::remove(output);
  const auto run =
      run_footprint({"import-background", CL_SOURCE_DIR "/tests/fixtures/background/dangling-flow",
                     "-o", output.string()});
  EXPECT_TRUE(run.failed);
  EXPECT_NE(run.error.find("nothing was imported"), std::string::npos) << run.error;
  EXPECT_FALSE(fs::exists(output));
  // An earlier good import under that name survives a failed one untouched.
  std::ofstream(output) << "{\"earlier\": true}\n";
  EXPECT_TRUE(
      run_footprint({"import-background", CL_SOURCE_DIR "/tests/fixtures/background/not-a-zip.zip",
                     "-o", output.string()})
          .failed);
  std::ifstream in(output);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "{\"earlier\": true}\n");
  fs::remove(output);
}

TEST(ImportBackgroundCli, SavedProblemReadsBackWithTheWorkedFootprints) {
  const auto output = temp_path("demo.json");
  const auto run =
      run_footprint({"import-background", CL_SOURCE_DIR "/data/background/kettle-demo-olca",
                     "--category", "GWP 100", "-o", output.string()});
  ASSERT_FALSE(run.failed) << run.error;
  Diagnostics diagnostics;
  auto problem = io::read_lca_problem(output.string(), diagnostics);
  ASSERT_TRUE(problem) << problem.error().to_string();
  auto values = footprint::background_footprints(
      *problem, "",
      {"a02e83a6-0597-5812-bafe-cd2f5b7a4ae7", "50abd834-d052-5f5c-9022-48baf08f67cf"},
      diagnostics);
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_NEAR(values->at("a02e83a6-0597-5812-bafe-cd2f5b7a4ae7").kg_co2e_per_unit, 5.948, 1e-12);
  EXPECT_NEAR(values->at("50abd834-d052-5f5c-9022-48baf08f67cf").kg_co2e_per_unit, 2.135, 1e-12);
  fs::remove(output);
}

}  // namespace
}  // namespace cl::cli
