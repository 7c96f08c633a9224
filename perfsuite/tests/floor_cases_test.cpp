// The cases a target's floors need, named so that the floor's glob finds them and sized for
// the device's class.
#include "hwcert/perfsuite/floor_cases.hpp"

#include <gtest/gtest.h>

#include "hwcert/support/glob.hpp"

namespace hwcert::perf {
namespace {

const Suite& suite_of(const std::variant<Suite, SuiteError>& built) {
  if (const auto* error = std::get_if<SuiteError>(&built)) ADD_FAILURE() << error->message;
  return std::get<Suite>(built);
}

TEST(FloorCases, TheCaseNameComesFromTheFloorsPattern) {
  EXPECT_EQ(floor_case_name("matmul_tf32/f32/*", "matmul"), "matmul_tf32");
  EXPECT_EQ(floor_case_name("copy/f32/*", "copy"), "copy");
  EXPECT_EQ(floor_case_name("*", "matmul"), "matmul");
  EXPECT_EQ(floor_case_name("mat*/f16/*", "matmul"), "matmul");
}

TEST(FloorCases, EveryFloorGetsACaseItsGlobMatches) {
  Roofline roofline;
  roofline.copy_bytes = 1 << 20;
  const std::vector<FloorCase> floors = {{"matmul", "matmul", "f16", "strict"},
                                         {"matmul_tf32", "matmul", "f32", "tf32"},
                                         {"copy", "copy", "f32", "strict"},
                                         {"copy", "copy", "f32", "strict"}};  // asked twice
  const auto built = floor_suite(floors, kSizeClassDatacenter, roofline);
  const Suite& suite = suite_of(built);
  ASSERT_EQ(suite.cases.size(), 3u);
  EXPECT_TRUE(support::glob_match("matmul/f16/*", suite.cases[0].id)) << suite.cases[0].id;
  EXPECT_EQ(suite.cases[0].shape, "m8192_n8192_k8192");
  EXPECT_TRUE(support::glob_match("matmul_tf32/f32/*", suite.cases[1].id)) << suite.cases[1].id;
  EXPECT_TRUE(support::glob_match("copy/f32/*", suite.cases[2].id)) << suite.cases[2].id;
  EXPECT_EQ(suite.cases[2].shape, "262144");  // 1 MiB of f32
}

TEST(FloorCases, SizesFollowTheClassAndTheRoofline) {
  const std::vector<FloorCase> floors = {{"matmul", "matmul", "f32", "strict"},
                                         {"copy", "copy", "f16", "strict"}};
  const auto built = floor_suite(floors, kSizeClassSmall, std::nullopt);
  const Suite& small = suite_of(built);
  ASSERT_EQ(small.cases.size(), 2u);
  EXPECT_EQ(small.cases[0].shape, "m1024_n1024_k1024");
  EXPECT_EQ(small.cases[1].shape, "33554432");  // 64 MiB of f16 without a roofline
}

TEST(FloorCases, AnOpWithoutACaseFormIsAnError) {
  const std::vector<FloorCase> floors = {{"conv2d", "conv2d", "f16", "strict"}};
  EXPECT_TRUE(std::holds_alternative<SuiteError>(floor_suite(floors, kSizeClassSmall, {})));
}

}  // namespace
}  // namespace hwcert::perf
