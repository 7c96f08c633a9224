#include "hwcert/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace hwcert::support {
namespace {

namespace fs = std::filesystem;

TEST(TempDir, IsFreshAndRemovedWithItsContents) {
  fs::path kept;
  {
    const TempDir first("hwcert-test");
    const TempDir second("hwcert-test");
    kept = first.path();
    EXPECT_TRUE(fs::is_directory(first.path()));
    EXPECT_NE(first.path(), second.path());
    EXPECT_EQ(first.path().parent_path(), fs::temp_directory_path());
    EXPECT_EQ(first.path().filename().string().rfind("hwcert-test-", 0), 0u);
    EXPECT_TRUE(fs::is_empty(first.path()));
    fs::create_directories(first.path() / "a" / "b");
    std::ofstream(first.path() / "a" / "b" / "file") << "x";
  }
  EXPECT_FALSE(fs::exists(kept));
}

}  // namespace
}  // namespace hwcert::support
