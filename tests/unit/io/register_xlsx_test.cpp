// The MOENV register writer on the demo inventory: it writes a zip container (an .xlsx starts
// with the local-file signature "PK") and replaces an existing file; when the folder is missing,
// libxlsxwriter cannot create the file or the rename fails, it returns io.write_failed naming the
// path and leaves neither the file nor its temporary behind. The sheet contents are checked
// against hand calculations in tests/integration/register_check.py.
#include "io/register_xlsx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/inventory/compute.hpp"
#include "io/factor_loader.hpp"
#include "io/inventory_reader.hpp"

namespace cl::io {
namespace {

namespace fs = std::filesystem;

class RegisterXlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("carbonledger-register-" + std::string(info->name()) + "-" +
                                        std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto loaded = load_library(CL_SOURCE_DIR "/data");
    ASSERT_FALSE(loaded.diagnostics.has_errors());
    auto read = read_inventory(CL_SOURCE_DIR "/data/demo/fastener-2024.yaml");
    ASSERT_FALSE(read.diagnostics.has_errors());
    inventory_ = read.inventory;
    auto computed = inventory::compute(inventory_, loaded.library);
    ASSERT_TRUE(computed.has_value()) << computed.error().to_string();
    result_ = *computed;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path dir_;
  inventory::Inventory inventory_;
  inventory::InventoryResult result_;
};

TEST_F(RegisterXlsxTest, WritesAZipWorkbookAndNoTemporaryFile) {
  const std::string path = (dir_ / "register.xlsx").string();
  auto written = write_register_xlsx(inventory_, result_, path);
  ASSERT_TRUE(written.has_value()) << written.error().to_string();
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(read_bytes(path).substr(0, 2), "PK");
  EXPECT_FALSE(fs::exists(path + ".tmp-carbonledger"));
}

TEST_F(RegisterXlsxTest, ReplacesAnExistingFile) {
  const std::string path = (dir_ / "register.xlsx").string();
  std::ofstream(path) << "an older register";
  ASSERT_TRUE(write_register_xlsx(inventory_, result_, path).has_value());
  EXPECT_EQ(read_bytes(path).substr(0, 2), "PK");
}

TEST_F(RegisterXlsxTest, MissingFolderFailsAndLeavesNothing) {
  const fs::path folder = dir_ / "no-such-folder";
  const std::string path = (folder / "register.xlsx").string();
  auto written = write_register_xlsx(inventory_, result_, path);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::io_write_failed);
  EXPECT_EQ(code_id(written.error().code), "io.write_failed");
  EXPECT_EQ(written.error().where.file, path);
  EXPECT_NE(written.error().message.find(path), std::string::npos) << written.error().message;
  EXPECT_NE(written.error().message.find("does not exist"), std::string::npos);
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp-carbonledger"));
}

TEST_F(RegisterXlsxTest, FailedCloseLeavesNothing) {
  // The temporary name is taken by a folder, so libxlsxwriter cannot create the file.
  const std::string path = (dir_ / "register.xlsx").string();
  fs::create_directory(path + ".tmp-carbonledger");
  auto written = write_register_xlsx(inventory_, result_, path);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::io_write_failed);
  EXPECT_NE(written.error().message.find(path), std::string::npos) << written.error().message;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_directory(path + ".tmp-carbonledger"));  // not ours to remove
}

TEST_F(RegisterXlsxTest, FailedRenameRemovesTheTemporaryFile) {
  // The target is a non-empty folder: the workbook is written, the rename onto it fails.
  const fs::path target = dir_ / "register.xlsx";
  fs::create_directories(target / "keep");
  auto written = write_register_xlsx(inventory_, result_, target.string());
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::io_write_failed);
  EXPECT_NE(written.error().message.find("renaming"), std::string::npos) << written.error().message;
  EXPECT_TRUE(fs::is_directory(target / "keep"));
  EXPECT_FALSE(fs::exists(target.string() + ".tmp-carbonledger"));
}

}  // namespace
}  // namespace cl::io
