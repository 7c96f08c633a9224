#include <gtest/gtest.h>
#include <sys/stat.h>

#include "hwcert/bundle/atomic_file.hpp"
#include "hwcert/bundle/error.hpp"
#include "temp_dir.hpp"

namespace hwcert::bundle {
namespace {

using testing::read_text;
using testing::TempDir;

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(AtomicFile, WritesReplacesAndLeavesNoTemporaryFiles) {
  TempDir dir;
  auto file = dir.path() / "sub" / "out.json";
  write_file_atomic(file, "first", 0644);
  EXPECT_EQ(read_text(file), "first");
  write_file_atomic(file, "second, longer", 0644);
  EXPECT_EQ(read_text(file), "second, longer");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(file.parent_path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST(AtomicFile, AppliesTheRequestedMode) {
  TempDir dir;
  write_file_atomic(dir.path() / "secret", "k", 0600);
  write_file_atomic(dir.path() / "public", "p", 0644);
  EXPECT_EQ(mode_of(dir.path() / "secret"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "public"), 0644u);
}

TEST(AtomicFile, FailureNamesThePath) {
  TempDir dir;
  write_file_atomic(dir.path() / "plain", "x");
  try {
    write_file_atomic(dir.path() / "plain" / "below", "y");  // parent is a file
    FAIL() << "expected BundleError";
  } catch (const BundleError& e) {
    EXPECT_NE(std::string(e.what()).find("plain"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_file(dir.path() / "missing"), BundleError);
}

}  // namespace
}  // namespace hwcert::bundle
