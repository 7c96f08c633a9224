#include "hwcert/support/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "hwcert/support/error.hpp"
#include "hwcert/support/temp_dir.hpp"

namespace hwcert::support {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::size_t entries_in(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

std::string message_of_write(const fs::path& path, std::string_view content) {
  try {
    write_file_atomic(path, content);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(AtomicFile, WritesReplacesAndLeavesNoTemporaryFiles) {
  TempDir dir;
  const fs::path file = dir.path() / "sub" / "out.json";  // the parent is created
  write_file_atomic(file, "first, longer");
  EXPECT_EQ(read_file(file), "first, longer");
  write_file_atomic(file, "second");
  EXPECT_EQ(read_file(file), "second");  // replaced whole, no tail of the first
  write_file_atomic(file, "{\"x\": 1}\n");
  EXPECT_EQ(read_file(file), "{\"x\": 1}\n");
  EXPECT_EQ(entries_in(file.parent_path()), 1u);
}

TEST(AtomicFile, WritesEmptyAndBinaryContent) {
  TempDir dir;
  write_file_atomic(dir.path() / "empty", "");
  EXPECT_EQ(read_file(dir.path() / "empty"), "");
  const std::string binary("a\0b\xff", 4);
  write_file_atomic(dir.path() / "binary", binary);
  EXPECT_EQ(read_file(dir.path() / "binary"), binary);
}

TEST(AtomicFile, AppliesTheRequestedMode) {
  TempDir dir;
  write_file_atomic(dir.path() / "secret", "k", 0600);
  write_file_atomic(dir.path() / "public", "p", 0644);
  write_file_atomic(dir.path() / "default", "d");
  EXPECT_EQ(mode_of(dir.path() / "secret"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "public"), 0644u);
  EXPECT_EQ(mode_of(dir.path() / "default"), 0644u);
}

TEST(AtomicFile, FailureNamesThePathAndLeavesNothingBehind) {
  TempDir dir;
  write_file_atomic(dir.path() / "plain", "x");
  const std::string message = message_of_write(dir.path() / "plain" / "below", "y");
  EXPECT_EQ(message.rfind((dir.path() / "plain" / "below").string() + ": ", 0), 0u) << message;
  EXPECT_EQ(read_file(dir.path() / "plain"), "x");
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(AtomicFile, FailedReplacementKeepsWhatWasThere) {
  TempDir dir;
  // A directory in the way: the rename fails after the temporary file was written.
  const fs::path target = dir.path() / "taken";
  fs::create_directories(target / "inside");
  const std::string message = message_of_write(target, "new content");
  EXPECT_NE(message.find("cannot rename the temporary file into place"), std::string::npos)
      << message;
  EXPECT_TRUE(fs::is_directory(target / "inside"));
  EXPECT_EQ(entries_in(dir.path()), 1u);  // the temporary file is gone
}

TEST(ReadFile, MissingFileThrowsWithThePath) {
  TempDir dir;
  try {
    read_file(dir.path() / "missing");
    FAIL() << "expected support::Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir.path() / "missing").string() + ": cannot read: No such file or directory");
  }
}

}  // namespace
}  // namespace hwcert::support
