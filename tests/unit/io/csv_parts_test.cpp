// A large CSV body cut into parts of whole lines (io/csv_parts.hpp), taken from memory and read
// from a file, against the cut written out here by its definition, and the file opened for
// reading in parts (io/file.hpp OpenFile) with its errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_parts.hpp"
#include "io/file.hpp"

namespace cl::io {
namespace {

class CsvParts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cl-csv-parts-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, std::string_view content) const {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
};

/// The parts by the definition, one character at a time: part i starts just after the first
/// '\n' at or after size / count * i (part 0 at 0; the end when there is none), and ends where
/// the next one starts (the last at the end).
std::vector<std::string> parts_by_definition(const std::string& body, std::size_t count) {
  std::vector<std::size_t> starts;
  for (std::size_t idx = 0; idx < count; ++idx) {
    if (idx == 0) {
      starts.push_back(0);
      continue;
    }
    std::size_t at = body.size() / count * idx;
    while (at < body.size() && body[at] != '\n') ++at;
    starts.push_back(at < body.size() ? at + 1 : body.size());
  }
  starts.push_back(body.size());
  std::vector<std::string> out;
  for (std::size_t idx = 0; idx < count; ++idx) {
    out.push_back(body.substr(starts[idx], starts[idx + 1] - starts[idx]));
  }
  return out;
}

TEST_F(CsvParts, FromMemoryAndFromTheFileEveryPartIsTheDefinedOne) {
  // Random bodies of short and long lines, with LF, CRLF and lone CR; some with no '\n' at all,
  // some with a line longer than a part. The file has a header before the body (`offset`), and
  // `slack` from 1 byte (the line crossing a part's end is read in many steps) to 4 KiB.
  std::mt19937 random(20241207);
  int checked = 0;
  for (int round = 0; round < 300; ++round) {
    const std::size_t lines = random() % 60;
    const int long_every = 1 + static_cast<int>(random() % 8);
    std::string body;
    for (std::size_t line = 0; line < lines; ++line) {
      const std::size_t length = line % long_every == 0 ? random() % 400 : random() % 12;
      for (std::size_t chr = 0; chr < length; ++chr) body += "ab,c"[random() % 4];
      const char* const ends[] = {"\n", "\r\n", "\r", "\n"};
      if (round % 10 != 3) {  // every tenth body: lone CRs only
        body += ends[random() % 4];
      } else {
        body += '\r';
      }
    }
    if (random() % 2 == 0) body += "tail,without,line,end";
    const std::string header = "source,period\n";
    const std::string path = write("body.csv", header + body);
    auto file = OpenFile::open(path, 1u << 20);
    ASSERT_TRUE(file.has_value());
    for (std::size_t count = 1; count <= 7; ++count) {
      const LineParts parts{.size = body.size(), .count = count};
      const auto expected = parts_by_definition(body, count);
      PartBuffer buffer;  // reused over the parts, as a thread does
      std::string joined;
      for (std::size_t idx = 0; idx < count; ++idx) {
        EXPECT_EQ(line_part(body, parts, idx), expected[idx])
            << "round " << round << ", part " << idx << " of " << count;
        const std::size_t slack = idx % 3 == 0 ? 1 : idx % 3 == 1 ? 7 : 4096;
        auto read = read_line_part(*file, header.size(), parts, idx, buffer, slack);
        ASSERT_TRUE(read.has_value()) << read.error().message;
        ASSERT_TRUE(read->has_value()) << "no line runs on 8 MiB here";
        EXPECT_EQ(**read, expected[idx])
            << "round " << round << ", part " << idx << " of " << count << ", slack " << slack;
        joined += expected[idx];
        ++checked;
      }
      EXPECT_EQ(joined, body);  // nothing lost or read twice
    }
  }
  EXPECT_EQ(checked, 300 * 28);
}

TEST_F(CsvParts, APartIsWholeLinesAndACrLfIsNeverCut) {
  // 10 lines "row-N\r\n" of 7 bytes each (70 bytes), 4 parts: nominal starts 0, 17, 34, 51.
  // The first '\n' at or after 17 is byte 20 (the end of line 3, bytes 14..20), after 34 byte
  // 34 (line 5, 28..34), after 51 byte 55 (line 8, 49..55). So parts of 3, 2, 3 and 2 lines.
  std::string body;
  for (int line = 1; line <= 10; ++line) body += "row-" + std::to_string(line % 10) + "\r\n";
  ASSERT_EQ(body.size(), 70u);
  const LineParts parts{.size = body.size(), .count = 4};
  EXPECT_EQ(line_part(body, parts, 0), "row-1\r\nrow-2\r\nrow-3\r\n");
  EXPECT_EQ(line_part(body, parts, 1), "row-4\r\nrow-5\r\n");
  EXPECT_EQ(line_part(body, parts, 2), "row-6\r\nrow-7\r\nrow-8\r\n");
  EXPECT_EQ(line_part(body, parts, 3), "row-9\r\nrow-0\r\n");
}

TEST_F(CsvParts, ALineRunningOnTooFarIsLeftToTheWholeFilesReading) {
  // 100 bytes cut in 2 (nominal starts 0 and 50): part 0's last line starts at 40 and its
  // '\n' is byte 89, the 40th byte past its nominal end at 50 (bytes 50 to 89).
  const std::string body =
      std::string(39, 'a') + "\n" + std::string(49, 'b') + "\n" + std::string(9, 'c') + "\n";
  ASSERT_EQ(body.size(), 100u);
  const std::string path = write("long.csv", body);
  auto file = OpenFile::open(path, 1u << 20);
  ASSERT_TRUE(file.has_value());
  const LineParts parts{.size = 100, .count = 2};
  PartBuffer buffer;
  auto within = read_line_part(*file, 0, parts, 0, buffer, 1, 40);  // 40 past 50: enough
  ASSERT_TRUE(within.has_value() && within->has_value());
  EXPECT_EQ(**within, body.substr(0, 90));
  auto beyond = read_line_part(*file, 0, parts, 0, buffer, 1, 39);  // one byte short
  ASSERT_TRUE(beyond.has_value());
  EXPECT_FALSE(beyond->has_value());
  // Part 1 starts after that line and reaches the end: no line end to look for.
  auto second = read_line_part(*file, 0, parts, 1, buffer, 1, 0);
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_EQ(**second, body.substr(90));
}

TEST_F(CsvParts, AFileReplacedAfterOpeningIsReadAsOpened) {
  // Writers often replace a file by renaming a new one over it (write_file does): the open file
  // keeps its size and bytes.
  const std::string path = write("rows.csv", "a,b\n1,2\n");
  auto file = OpenFile::open(path, 1u << 20);
  ASSERT_TRUE(file.has_value());
  const std::string replacement = write("new.csv", "a,b\n1,2\n3,4\n5,6\n");
  std::filesystem::rename(replacement, path);
  EXPECT_EQ(file->size(), 8u);
  std::string bytes(8, '\0');
  ASSERT_TRUE(file->read_at(bytes.data(), 8, 0).has_value());
  EXPECT_EQ(bytes, "a,b\n1,2\n");
}

TEST_F(CsvParts, OpeningReportsWhatReadingWholeWould) {
  const std::string missing = (dir_ / "missing.csv").string();
  auto opened = OpenFile::open(missing, 1u << 20);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::io_not_found);
  EXPECT_EQ(opened.error().code, read_file(missing).error().code);

  opened = OpenFile::open(dir_.string(), 1u << 20);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::io_read_failed);
  EXPECT_NE(opened.error().message.find("is a folder"), std::string::npos);

  const std::string big = write("big.csv", std::string(3u << 20, 'x'));
  opened = OpenFile::open(big, 2u << 20);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::io_too_large);
  EXPECT_EQ(opened.error().message, read_file(big, 2u << 20).error().message);
}

TEST_F(CsvParts, AFileThatShrinksWhileReadIsAnErrorNamingIt) {
  const std::string path = write("rows.csv", "a,b\n1,2\n3,4\n5,6\n");
  auto file = OpenFile::open(path, 1u << 20);
  ASSERT_TRUE(file.has_value());
  ASSERT_EQ(file->size(), 16u);
  std::string bytes(8, '\0');
  ASSERT_TRUE(file->read_at(bytes.data(), 8, 4).has_value());
  EXPECT_EQ(bytes, "1,2\n3,4\n");
  std::filesystem::resize_file(path, 10);  // someone else truncates it
  auto read = file->read_at(bytes.data(), 8, 4);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::io_read_failed);
  EXPECT_EQ(read.error().where.file, path);
  EXPECT_NE(read.error().message.find("changed while being read"), std::string::npos);
  // A part of the body after the header: the same error, not a short part.
  const LineParts parts{.size = 12, .count = 2};
  PartBuffer buffer;
  auto part = read_line_part(*file, 4, parts, 1, buffer);
  ASSERT_FALSE(part.has_value());
  EXPECT_EQ(part.error().code, ErrorCode::io_read_failed);
}

}  // namespace
}  // namespace cl::io
