// The CUDA tests' main: CTest runs one gtest test per process (gtest_discover_tests), and a
// test that skipped exits 77 (SKIP_RETURN_CODE), so only a real skip counts as one; a test
// that failed stays a failure whatever it printed.
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const int status = RUN_ALL_TESTS();
  if (status != 0) return status;
  const testing::UnitTest& unit = *testing::UnitTest::GetInstance();
  const bool only_skips = unit.skipped_test_count() > 0 && unit.successful_test_count() == 0;
  return only_skips ? 77 : 0;
}
