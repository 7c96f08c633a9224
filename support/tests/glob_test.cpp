#include "hwcert/support/glob.hpp"

#include <gtest/gtest.h>

namespace hwcert::support {
namespace {

TEST(GlobMatch, StarAndQuestionMark) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*", "matmul.f32"));
  EXPECT_TRUE(glob_match("matmul.*", "matmul.f32_m4"));
  EXPECT_FALSE(glob_match("matmul.*", "softmax.f32"));
  EXPECT_TRUE(glob_match("*.f3?_*", "add.f32_4x4"));
  EXPECT_FALSE(glob_match("*.f3?_*", "add.f3_4x4"));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYbZc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYYbZ"));
  EXPECT_TRUE(glob_match("exact", "exact"));
  EXPECT_FALSE(glob_match("exact", "exactly"));
  EXPECT_FALSE(glob_match("?", ""));
  EXPECT_TRUE(glob_match("m?tmul*big", "matmul.f16_big"));
  EXPECT_FALSE(glob_match("a?", "a"));
  EXPECT_TRUE(glob_match("*a*b*", "xxaxxbxx"));
}

TEST(NameFilter, PositiveAndNegativePatterns) {
  const NameFilter filter = NameFilter::parse("matmul.*:softmax.*-*bf16*:*f8*");
  EXPECT_TRUE(filter.matches("matmul.f32_m4"));
  EXPECT_TRUE(filter.matches("softmax.f16_x"));
  EXPECT_FALSE(filter.matches("matmul.bf16_m4"));
  EXPECT_FALSE(filter.matches("matmul.f8e4m3_m4"));
  EXPECT_FALSE(filter.matches("add.f32"));
  EXPECT_EQ(filter.text(), "matmul.*:softmax.*-*bf16*:*f8*");
}

TEST(NameFilter, OnlyNegativeMeansEverythingElse) {
  const NameFilter filter = NameFilter::parse("-exp.*");
  EXPECT_TRUE(filter.matches("log.f32"));
  EXPECT_FALSE(filter.matches("exp.f32"));
  EXPECT_TRUE(NameFilter::parse("").matches("anything"));
  EXPECT_EQ(NameFilter::parse("").text(), "*");
  EXPECT_TRUE(NameFilter().matches("anything"));
}

TEST(NameFilter, SlashSeparatedIds) {
  const std::string id = "matmul/f32/m64_n64_k64";
  EXPECT_TRUE(NameFilter::parse("*").matches(id));
  EXPECT_TRUE(NameFilter::parse("matmul/*").matches(id));
  EXPECT_FALSE(NameFilter::parse("add/*").matches(id));
  EXPECT_TRUE(NameFilter::parse("add/*:matmul/*").matches("matmul/f32/m64"));
  EXPECT_FALSE(NameFilter::parse("*-*/f32/*").matches("matmul/f32/m64"));
  EXPECT_TRUE(NameFilter::parse("-*/bf16/*").matches("matmul/f32/m64"));
  EXPECT_TRUE(NameFilter::parse("matmul/f?2/*").matches("matmul/f32/m64"));
}

TEST(NameFilter, EmptyPatternsBetweenSeparatorsAreIgnored) {
  const NameFilter filter = NameFilter::parse("::add.*::-:");
  EXPECT_TRUE(filter.matches("add.f32"));
  EXPECT_FALSE(filter.matches("mul.f32"));
}

}  // namespace
}  // namespace hwcert::support
