// The plain-matrix directory (docs/formats/lca-matrices.md): a directory written by hand reads to
// the matrices, labels, uncertainty positions and demand worked out in the comments; write → read
// gives back the same system bit for bit; every malformed file is reported with its file and line.
#include "io/lca_matrices.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>

namespace cl::io {
namespace {

namespace fs = std::filesystem;

// A 3-activity system. technosphere.mtx lists (1,2) twice (−2 and −0.5, summed to −2.5), so
//   A = [ 1  −2.5   0 ]      B = [ 0.5  1.8  0 ]      C = [ 1   0 ]
//       [ 0   1     0 ]          [−0.4  0    0 ]          [ 0  −1 ]
//       [ 0  −0.05  1 ]
// In CSC order A's stored values are (1,1) 1, (1,2) −2.5, (2,2) 1, (3,2) −0.05, (3,3) 1, so
// (3,2) is position 3 and (1,2) position 1; B's are (1,1) 0.5, (2,1) −0.4, (1,2) 1.8: (1,2) is 2.
const std::map<std::string, std::string> kValid = {
    {"activities.csv",
     "index,process,process_name,flow,flow_name,unit,waste\n"
     "1,power_plant,\"electricity production, hard coal\",electricity,electricity,kWh,0\n"
     "2,steel_mill,steel production,steel,steel,kg,0\r\n"
     "3,landfill,landfill,slag,\"slag, \"\"inert\"\"\",kg,1\n"},
    {"flows.csv",
     "index,id,name,unit,category\n"
     "1,co2,carbon dioxide,kg,air\n"
     "2,coal,\"hard coal, in ground\",kg,natural resource\n"},
    {"methods.csv",
     "index,id,name,unit\n"
     "1,gwp100,IPCC AR6 GWP100,kg CO2e\n"
     "2,coal_use,coal use,kg\n"},
    {"technosphere.mtx",
     "%%MatrixMarket matrix coordinate real general\n"
     "% a comment\n"
     "%\n"
     "3 3 6\n"
     "1 1 1\n"
     "1 2 -2\r\n"
     "2 2 1\n"
     "3 3 1.0e+00\n"
     "3 2 -0.05\n"
     "1  2\t-0.5\n"},
    {"biosphere.mtx",
     "%%MatrixMarket matrix coordinate real general\n"
     "2 3 3\n"
     "1 1 0.5\n"
     "2 1 -0.4\n"
     "1 2 1.8\n"},
    {"characterization.mtx",
     "%%MatrixMarket matrix coordinate real general\n"
     "2 2 2\n"
     "1 1 1\n"
     "2 2 -1\n"},
    {"uncertainty.csv",
     "matrix,row,col,kind,gsd,sd,min,mode,max\n"
     "technosphere,3,2,uniform,,,-0.06,,-0.04\n"
     "biosphere,1,2,lognormal,1.2,,,,\n"
     "characterization,1,1,normal,,0.1,,,\n"
     "technosphere,1,2,triangular,,,-3,-2.5,-2\n"},
    {"demand.csv",
     "activity,amount\n"
     "2,1000\n"
     "power_plant/electricity,5\n"},
    {"meta.json", "{\"preset\": \"hand\"}\n"},
};

class LcaMatricesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("carbonledger-lca-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Writes the valid directory with `changes` (empty content: the file is left out).
  void write_dir(const std::map<std::string, std::string>& changes = {}) {
    auto files = kValid;
    for (const auto& [name, content] : changes) files[name] = content;
    for (const auto& [name, content] : files) {
      if (content.empty()) {
        fs::remove(dir_ / name);
        continue;
      }
      std::ofstream(dir_ / name, std::ios::binary) << content;
    }
  }

  /// Reads the directory with `changes`, expecting `code` at `file`:`line`.
  void expect_error(const std::map<std::string, std::string>& changes, ErrorCode code,
                    const std::string& file, int line) {
    write_dir(changes);
    auto read = read_lca_matrices(dir_.string());
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code, code) << read.error().to_string();
    EXPECT_EQ(fs::path(read.error().where.file).filename().string(), file)
        << read.error().to_string();
    EXPECT_EQ(read.error().where.row, line) << read.error().to_string();
  }

  std::string dir() const { return dir_.string(); }
  fs::path dir_;
};

void expect_same_matrix(const lca::SparseMatrix& a, const lca::SparseMatrix& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  ASSERT_EQ(a.nonZeros(), b.nonZeros());
  for (Eigen::Index col = 0; col <= a.outerSize(); ++col) {
    ASSERT_EQ(a.outerIndexPtr()[col], b.outerIndexPtr()[col]);
  }
  for (Eigen::Index pos = 0; pos < a.nonZeros(); ++pos) {
    ASSERT_EQ(a.innerIndexPtr()[pos], b.innerIndexPtr()[pos]);
    ASSERT_EQ(a.valuePtr()[pos], b.valuePtr()[pos]) << "position " << pos;
  }
}

void expect_same_distribution(const lca::UncertainEntry& a, const lca::UncertainEntry& b) {
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.nominal, b.nominal);
  EXPECT_EQ(a.distribution.kind, b.distribution.kind);
  EXPECT_EQ(a.distribution.gsd, b.distribution.gsd);
  EXPECT_EQ(a.distribution.sd, b.distribution.sd);
  EXPECT_EQ(a.distribution.min, b.distribution.min);
  EXPECT_EQ(a.distribution.mode, b.distribution.mode);
  EXPECT_EQ(a.distribution.max, b.distribution.max);
}

void expect_same_system(const lca::MatrixSystem& a, const lca::MatrixSystem& b) {
  ASSERT_EQ(a.activities.size(), b.activities.size());
  for (std::size_t idx = 0; idx < a.activities.size(); ++idx) {
    EXPECT_EQ(a.activities[idx].process, b.activities[idx].process);
    EXPECT_EQ(a.activities[idx].process_name, b.activities[idx].process_name);
    EXPECT_EQ(a.activities[idx].flow, b.activities[idx].flow);
    EXPECT_EQ(a.activities[idx].flow_name, b.activities[idx].flow_name);
    EXPECT_EQ(a.activities[idx].unit, b.activities[idx].unit);
    EXPECT_EQ(a.activities[idx].waste, b.activities[idx].waste);
  }
  ASSERT_EQ(a.flows.size(), b.flows.size());
  for (std::size_t idx = 0; idx < a.flows.size(); ++idx) {
    EXPECT_EQ(a.flows[idx].id, b.flows[idx].id);
    EXPECT_EQ(a.flows[idx].name, b.flows[idx].name);
    EXPECT_EQ(a.flows[idx].unit, b.flows[idx].unit);
    EXPECT_EQ(a.flows[idx].category, b.flows[idx].category);
  }
  ASSERT_EQ(a.methods.size(), b.methods.size());
  for (std::size_t idx = 0; idx < a.methods.size(); ++idx) {
    EXPECT_EQ(a.methods[idx].id, b.methods[idx].id);
    EXPECT_EQ(a.methods[idx].name, b.methods[idx].name);
    EXPECT_EQ(a.methods[idx].unit, b.methods[idx].unit);
    EXPECT_EQ(a.methods[idx].factors, b.methods[idx].factors);
  }
  expect_same_matrix(a.technosphere, b.technosphere);
  expect_same_matrix(a.biosphere, b.biosphere);
  ASSERT_EQ(a.technosphere_uncertainty.size(), b.technosphere_uncertainty.size());
  for (std::size_t idx = 0; idx < a.technosphere_uncertainty.size(); ++idx) {
    expect_same_distribution(a.technosphere_uncertainty[idx], b.technosphere_uncertainty[idx]);
  }
  ASSERT_EQ(a.biosphere_uncertainty.size(), b.biosphere_uncertainty.size());
  for (std::size_t idx = 0; idx < a.biosphere_uncertainty.size(); ++idx) {
    expect_same_distribution(a.biosphere_uncertainty[idx], b.biosphere_uncertainty[idx]);
  }
  ASSERT_EQ(a.method_uncertainty.size(), b.method_uncertainty.size());
  for (std::size_t method = 0; method < a.method_uncertainty.size(); ++method) {
    ASSERT_EQ(a.method_uncertainty[method].size(), b.method_uncertainty[method].size());
    for (std::size_t idx = 0; idx < a.method_uncertainty[method].size(); ++idx) {
      EXPECT_EQ(a.method_uncertainty[method][idx].first, b.method_uncertainty[method][idx].first);
      expect_same_distribution(a.method_uncertainty[method][idx].second,
                               b.method_uncertainty[method][idx].second);
    }
  }
}

TEST_F(LcaMatricesTest, ReadsAHandWrittenDirectory) {
  write_dir();
  auto read = read_lca_matrices(dir());
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  const auto& system = read->system;
  ASSERT_EQ(system.activities.size(), 3u);
  EXPECT_EQ(system.activities[0].process_name, "electricity production, hard coal");
  EXPECT_EQ(system.activities[1].unit, "kg");  // the line ended in CRLF
  EXPECT_EQ(system.activities[2].flow_name, "slag, \"inert\"");
  EXPECT_FALSE(system.activities[1].waste);
  EXPECT_TRUE(system.activities[2].waste);
  ASSERT_EQ(system.flows.size(), 2u);
  EXPECT_EQ(system.flows[1].name, "hard coal, in ground");
  EXPECT_EQ(system.flows[1].category, "natural resource");

  const Eigen::MatrixXd a = Eigen::MatrixXd(system.technosphere);
  Eigen::MatrixXd expected_a(3, 3);
  expected_a << 1, -2.5, 0, 0, 1, 0, 0, -0.05, 1;
  EXPECT_EQ(a, expected_a);
  EXPECT_EQ(system.technosphere.nonZeros(), 5);
  Eigen::MatrixXd expected_b(2, 3);
  expected_b << 0.5, 1.8, 0, -0.4, 0, 0;
  EXPECT_EQ(Eigen::MatrixXd(system.biosphere), expected_b);

  ASSERT_EQ(system.methods.size(), 2u);
  EXPECT_EQ(system.methods[0].unit, "kg CO2e");
  EXPECT_EQ(system.methods[0].factors, Eigen::Vector2d(1, 0));
  EXPECT_EQ(system.methods[1].factors, Eigen::Vector2d(0, -1));

  ASSERT_EQ(system.technosphere_uncertainty.size(), 2u);
  const auto& uniform = system.technosphere_uncertainty[0];
  EXPECT_EQ(uniform.position, 3);
  EXPECT_EQ(uniform.nominal, -0.05);
  EXPECT_EQ(uniform.distribution.kind, lca::DistributionKind::uniform);
  EXPECT_EQ(uniform.distribution.min, -0.06);
  EXPECT_EQ(uniform.distribution.max, -0.04);
  const auto& triangular = system.technosphere_uncertainty[1];
  EXPECT_EQ(triangular.position, 1);
  EXPECT_EQ(triangular.nominal, -2.5);
  EXPECT_EQ(triangular.distribution.kind, lca::DistributionKind::triangular);
  EXPECT_EQ(triangular.distribution.mode, -2.5);
  ASSERT_EQ(system.biosphere_uncertainty.size(), 1u);
  EXPECT_EQ(system.biosphere_uncertainty[0].position, 2);
  EXPECT_EQ(system.biosphere_uncertainty[0].nominal, 1.8);
  EXPECT_EQ(system.biosphere_uncertainty[0].distribution.gsd, 1.2);
  ASSERT_EQ(system.method_uncertainty.size(), 2u);
  ASSERT_EQ(system.method_uncertainty[0].size(), 1u);
  EXPECT_EQ(system.method_uncertainty[0][0].first, 0u);
  EXPECT_EQ(system.method_uncertainty[0][0].second.nominal, 1.0);
  EXPECT_EQ(system.method_uncertainty[0][0].second.distribution.kind,
            lca::DistributionKind::normal);
  EXPECT_EQ(system.method_uncertainty[0][0].second.distribution.sd, 0.1);
  EXPECT_TRUE(system.method_uncertainty[1].empty());

  ASSERT_EQ(read->demand.size(), 2u);
  EXPECT_EQ(read->demand[0], (std::pair<std::string, double>("steel_mill/steel", 1000.0)));
  EXPECT_EQ(read->demand[1], (std::pair<std::string, double>("power_plant/electricity", 5.0)));
  EXPECT_EQ(read->meta, "{\"preset\": \"hand\"}\n");
}

TEST_F(LcaMatricesTest, OptionalFilesMayBeAbsent) {
  write_dir({{"methods.csv", ""},
             {"characterization.mtx", ""},
             {"uncertainty.csv", ""},
             {"demand.csv", ""},
             {"meta.json", ""}});
  auto read = read_lca_matrices(dir());
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  EXPECT_TRUE(read->system.methods.empty());
  EXPECT_TRUE(read->system.technosphere_uncertainty.empty());
  EXPECT_TRUE(read->demand.empty());
  EXPECT_TRUE(read->meta.empty());
}

TEST_F(LcaMatricesTest, RoundTripGivesTheSameSystem) {
  write_dir();
  auto first = read_lca_matrices(dir());
  ASSERT_TRUE(first.has_value()) << first.error().to_string();
  // Values that need all 17 digits, a tiny one, and labels with commas, quotes and UTF-8.
  auto system = first->system;
  system.technosphere.coeffRef(1, 1) = 1.0 / 3.0;
  system.biosphere.coeffRef(1, 0) = 1e-300;
  system.activities[0].process_name = "電力, \"coal\"";
  system.methods[1].factors[0] = 0.1 + 0.2;
  const LcaDemand demand = {{"steel_mill/steel", 1.0 / 7.0}, {"slag", 2}};
  const auto out = dir_ / "copy";
  auto written = write_lca_matrices(system, out.string(), demand, "{\"seed\": 1}");
  ASSERT_TRUE(written.has_value()) << written.error().to_string();
  auto again = read_lca_matrices(out.string());
  ASSERT_TRUE(again.has_value()) << again.error().to_string();
  expect_same_system(system, again->system);
  EXPECT_EQ(again->demand, demand);
  EXPECT_EQ(again->meta, "{\"seed\": 1}");
  EXPECT_FALSE(fs::exists(out / "technosphere.mtx.tmp-carbonledger"));
}

TEST_F(LcaMatricesTest, WritingWithoutOptionalPartsRemovesOldOnes) {
  write_dir();
  auto read = read_lca_matrices(dir());
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  auto system = read->system;
  system.methods.clear();
  system.method_uncertainty.clear();
  system.technosphere_uncertainty.clear();
  system.biosphere_uncertainty.clear();
  ASSERT_TRUE(write_lca_matrices(system, dir()).has_value());
  for (const char* name : {"characterization.mtx", "uncertainty.csv", "demand.csv", "meta.json"}) {
    EXPECT_FALSE(fs::exists(dir_ / name)) << name;
  }
  auto again = read_lca_matrices(dir());
  ASSERT_TRUE(again.has_value()) << again.error().to_string();
  expect_same_system(system, again->system);
}

TEST_F(LcaMatricesTest, WriterRefusesTwoDistributionsInOneEntry) {
  write_dir();
  auto read = read_lca_matrices(dir());
  ASSERT_TRUE(read.has_value());
  auto system = read->system;
  // Two exchanges adding into A(1,2) = −2.5 (position 1): −2 and −0.5, each with its own spread.
  system.technosphere_uncertainty = {
      {1, -2.0, {lca::DistributionKind::lognormal, 1.1, 0, 0, 0, 0}},
      {1, -0.5, {lca::DistributionKind::lognormal, 1.3, 0, 0, 0, 0}}};
  const auto out = dir_ / "refused";
  auto written = write_lca_matrices(system, out.string());
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::io_write_failed);
  EXPECT_NE(written.error().message.find("technosphere (1, 2)"), std::string::npos);
  EXPECT_FALSE(fs::exists(out / "technosphere.mtx"));
}

TEST_F(LcaMatricesTest, MalformedMatrixMarketFiles) {
  const std::string head = "%%MatrixMarket matrix coordinate real general\n";
  expect_error({{"technosphere.mtx", "%%MatrixMarket matrix array real general\n3 3\n"}},
               ErrorCode::parse_syntax, "technosphere.mtx", 1);
  expect_error({{"technosphere.mtx", "3 3 0\n"}}, ErrorCode::parse_syntax, "technosphere.mtx", 1);
  expect_error({{"technosphere.mtx", head + "% size follows\n4 4 1\n1 1 1\n"}},
               ErrorCode::parse_bad_value, "technosphere.mtx", 3);
  expect_error({{"biosphere.mtx", head + "3 3 1\n1 1 1\n"}}, ErrorCode::parse_bad_value,
               "biosphere.mtx", 2);
  expect_error({{"technosphere.mtx", head + "3 3 two\n"}}, ErrorCode::parse_syntax,
               "technosphere.mtx", 2);
  expect_error({{"technosphere.mtx", head + "3 3 2\n1 1 1\n4 1 1\n"}}, ErrorCode::parse_bad_value,
               "technosphere.mtx", 4);
  expect_error({{"technosphere.mtx", head + "3 3 2\n1 1 1\n1 0 1\n"}}, ErrorCode::parse_bad_value,
               "technosphere.mtx", 4);
  expect_error({{"technosphere.mtx", head + "3 3 2\n1 1 1\n2 2 abc\n"}}, ErrorCode::parse_bad_value,
               "technosphere.mtx", 4);
  expect_error({{"technosphere.mtx", head + "3 3 2\n1 1 1\n2 2 nan\n"}}, ErrorCode::parse_bad_value,
               "technosphere.mtx", 4);
  expect_error({{"technosphere.mtx", head + "3 3 2\n1 1 1\n2 2 1 7\n"}}, ErrorCode::parse_bad_value,
               "technosphere.mtx", 4);
  expect_error({{"technosphere.mtx", head + "3 3 3\n1 1 1\n2 2 1\n"}}, ErrorCode::parse_syntax,
               "technosphere.mtx", 4);
  expect_error({{"technosphere.mtx", head + "3 3 1\n1 1 1\n2 2 1\n\n"}}, ErrorCode::parse_syntax,
               "technosphere.mtx", 4);
  expect_error({{"characterization.mtx", head + "1 2 0\n"}}, ErrorCode::parse_bad_value,
               "characterization.mtx", 2);
}

TEST_F(LcaMatricesTest, MalformedLabelFiles) {
  expect_error({{"activities.csv", "index,process,flow\n1,a,b\n"}}, ErrorCode::parse_syntax,
               "activities.csv", 1);
  expect_error({{"activities.csv",
                 "index,process,process_name,flow,flow_name,unit,waste\n"
                 "1,a,a,x,x,kg,0\n3,b,b,y,y,kg,0\n4,c,c,z,z,kg,0\n"}},
               ErrorCode::parse_bad_value, "activities.csv", 3);
  expect_error({{"activities.csv",
                 "index,process,process_name,flow,flow_name,unit,waste\n"
                 "1,a,a,x,x,kg,0\n2,b,b,y,y,kg,yes\n3,c,c,z,z,kg,0\n"}},
               ErrorCode::parse_bad_value, "activities.csv", 3);
  expect_error({{"flows.csv", "index,id,name,unit,category\n1,co2,co2,kg\n2,coal,coal,kg,r\n"}},
               ErrorCode::parse_syntax, "flows.csv", 2);
  // Two activities in the labels but a 3 × 3 technosphere.
  expect_error({{"activities.csv",
                 "index,process,process_name,flow,flow_name,unit,waste\n"
                 "1,a,a,x,x,kg,0\n2,b,b,y,y,kg,0\n"}},
               ErrorCode::parse_bad_value, "technosphere.mtx", 4);
}

TEST_F(LcaMatricesTest, MissingFiles) {
  expect_error({{"biosphere.mtx", ""}}, ErrorCode::io_not_found, "biosphere.mtx", 0);
  // Two methods in methods.csv need a characterization matrix.
  expect_error({{"characterization.mtx", ""}}, ErrorCode::io_not_found, "characterization.mtx", 0);
}

TEST_F(LcaMatricesTest, MalformedUncertaintyAndDemand) {
  const std::string head = "matrix,row,col,kind,gsd,sd,min,mode,max\n";
  // (1,3) of A holds no entry.
  expect_error({{"uncertainty.csv", head + "technosphere,1,3,lognormal,1.1,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"uncertainty.csv", head + "biosphere,3,1,lognormal,1.1,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"uncertainty.csv", head + "inventory,1,1,lognormal,1.1,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"uncertainty.csv", head + "technosphere,1,1,beta,,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"uncertainty.csv", head + "technosphere,1,1,normal,1.1,0.1,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"uncertainty.csv", head + "technosphere,1,1,normal,,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  // A(1,1) = 1 lies outside [2, 3] (check_distribution).
  expect_error({{"uncertainty.csv", head + "technosphere,1,1,uniform,,,2,,3\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"uncertainty.csv", head + "characterization,2,2,lognormal,1.1,,,,\n" +
                                        "characterization,2,2,lognormal,1.2,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 3);
  expect_error({{"uncertainty.csv", head + "characterization,1,2,lognormal,1.1,,,,\n"}},
               ErrorCode::parse_bad_value, "uncertainty.csv", 2);
  expect_error({{"demand.csv", "activity,amount\n1,5\n4,1\n"}}, ErrorCode::parse_bad_value,
               "demand.csv", 3);
  expect_error({{"demand.csv", "activity,amount\nsteel,lots\n"}}, ErrorCode::parse_bad_value,
               "demand.csv", 2);
  expect_error({{"demand.csv", "flow,amount\nsteel,1\n"}}, ErrorCode::parse_syntax, "demand.csv",
               1);
}

TEST_F(LcaMatricesTest, EcoinventSizedRoundTrip) {
  // The size of the EI-M preset: 20,000 activities with 266,000 technosphere entries, 2,000
  // elementary flows with 407,000 biosphere entries, random values with all 17 digits.
  constexpr int kActivities = 20000;
  constexpr int kFlows = 2000;
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> pick_activity(0, kActivities - 1);
  std::uniform_int_distribution<int> pick_flow(0, kFlows - 1);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  lca::MatrixSystem system;
  for (int idx = 0; idx < kActivities; ++idx) {
    const auto id = std::to_string(idx);
    system.activities.push_back(
        {"p" + id, "process " + id, "f" + id, "flow, " + id, "kg", idx % 50 == 0, 1.0});
  }
  for (int idx = 0; idx < kFlows; ++idx) {
    system.flows.push_back({"e" + std::to_string(idx), "emission", "kg", "air"});
  }
  std::vector<Eigen::Triplet<double, int>> triplets;
  for (int idx = 0; idx < kActivities; ++idx) triplets.emplace_back(idx, idx, 1.0);
  while (triplets.size() < 266000) {
    triplets.emplace_back(pick_activity(rng), pick_activity(rng), value(rng));
  }
  system.technosphere.resize(kActivities, kActivities);
  system.technosphere.setFromTriplets(triplets.begin(), triplets.end());
  triplets.clear();
  while (triplets.size() < 407000) {
    triplets.emplace_back(pick_flow(rng), pick_activity(rng), value(rng));
  }
  system.biosphere.resize(kFlows, kActivities);
  system.biosphere.setFromTriplets(triplets.begin(), triplets.end());
  lca::ImpactMethod method{"gwp", "GWP", "kg CO2e", lca::Vector::Zero(kFlows)};
  for (int idx = 0; idx < kFlows; idx += 3) method.factors[idx] = value(rng);
  system.methods.push_back(method);
  system.method_uncertainty.resize(1);
  for (std::int64_t pos = 0; pos < system.technosphere.nonZeros(); pos += 10) {
    system.technosphere_uncertainty.push_back(
        {pos,
         system.technosphere.valuePtr()[pos],
         {lca::DistributionKind::lognormal, 1.1, 0, 0, 0, 0}});
  }

  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(write_lca_matrices(system, dir()).has_value());
  const auto written = std::chrono::steady_clock::now();
  auto read = read_lca_matrices(dir());
  const auto done = std::chrono::steady_clock::now();
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  expect_same_system(system, read->system);
  const auto ms = [](auto duration) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  };
  std::cout << "EI-M-sized matrices: write " << ms(written - start) << " ms, read "
            << ms(done - written) << " ms (" << system.technosphere.nonZeros() << " + "
            << system.biosphere.nonZeros() << " entries)\n";
}

}  // namespace
}  // namespace cl::io
