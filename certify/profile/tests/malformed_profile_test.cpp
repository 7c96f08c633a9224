// Malformed profiles are refused with the file, line and column of the problem.
#include <gtest/gtest.h>

#include <string>

#include "hwcert/profile/load_profile.hpp"
#include "toy_profile.hpp"

namespace hwcert::profile {
namespace {

ProfileLoad parse(const std::string& text) {
  return parse_profile(text, "toy.toml", "toy");
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

// Exactly one error, at this line, whose message contains `needle`.
void expect_error(const ProfileLoad& r, uint32_t line, const std::string& needle) {
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u) << r.error_text();
  EXPECT_EQ(r.errors[0].where.line, line) << r.error_text();
  EXPECT_NE(r.errors[0].message.find(needle), std::string::npos) << r.error_text();
  EXPECT_EQ(r.errors[0].where.file, "toy.toml");
}

TEST(MalformedProfile, TheBaseProfileIsValid) {
  auto r = parse(kToyProfile);
  ASSERT_TRUE(r.ok()) << r.error_text();
  const Level* full = r.profile->find_level("full");
  ASSERT_NE(full, nullptr);
  EXPECT_EQ(full->requirements.size(), 3u);  // add f32, matmul f32, matmul f16
}

TEST(MalformedProfile, TomlSyntaxErrorHasLineAndColumn) {
  auto r = parse(replace(kToyProfile, "vendor = \"Toy\"", "vendor = \"Toy"));
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].where.line, 4u);
  EXPECT_GT(r.errors[0].where.column, 0u);
  EXPECT_EQ(r.errors[0].to_string().rfind("toy.toml:4:", 0), 0u) << r.errors[0].to_string();
}

TEST(MalformedProfile, UnknownKeyIsNamed) {
  auto r = parse(replace(kToyProfile, "vendor = \"Toy\"\n", "vendor = \"Toy\"\nvendr = \"x\"\n"));
  expect_error(r, 5, "unknown key 'vendr'");
  EXPECT_EQ(r.errors[0].where.column, 1u);
}

TEST(MalformedProfile, UnknownOpIsRefusedAtItsPosition) {
  auto r =
      parse(replace(kToyProfile, "ops = [\"add\", \"matmul\"]", "ops = [\"add\", \"matmull\"]"));
  expect_error(r, 25, "'matmull' is not an op of the catalogue");
  EXPECT_EQ(r.errors[0].where.column, 15u);
}

TEST(MalformedProfile, OpDtypePairOutsideTheCatalogueIsRefused) {
  auto text = replace(kToyProfile, "native_dtypes = [\"f32\", \"f16\"]",
                      "native_dtypes = [\"f32\", \"f16\", \"i8\"]");
  auto r = parse(replace(text, "ops = [\"matmul\"]\ndtypes = [\"f16\"]",
                         "ops = [\"exp\"]\ndtypes = [\"i8\"]"));
  expect_error(r, 33, "the catalogue has no exp on i8");
}

TEST(MalformedProfile, RequiringANonNativeDtypeIsRefused) {
  auto r = parse(replace(kToyProfile, "ops = [\"matmul\"]\ndtypes = [\"f16\"]",
                         "ops = [\"matmul\"]\ndtypes = [\"bf16\"]"));
  expect_error(r, 33, "not in native_dtypes");
}

TEST(MalformedProfile, UnknownDtypeIsRefused) {
  auto r = parse(replace(kToyProfile, "native_dtypes = [\"f32\", \"f16\"]",
                         "native_dtypes = [\"f32\", \"f16\", \"fp16\"]"));
  expect_error(r, 6, "unknown dtype 'fp16'");
}

TEST(MalformedProfile, DisputedFigureNeedsAlternatives) {
  auto r = parse(replace(kToyProfile, "value = 100.0\n", "value = 100.0\ndisputed = true\n"));
  expect_error(r, 9, "disputed = true but lists no 'alternatives'");
}

TEST(MalformedProfile, FloorOnDisputedPeakMustBeAdvisory) {
  auto r = parse(replace(kToyProfile, "tflops = 10.0\n",
                         "tflops = 10.0\ndisputed = true\nalternatives = [12.0]\n"));
  expect_error(r, 37, "disputed peak; mark it advisory");  // the [[floors]] table
  auto fixed = parse(replace(replace(kToyProfile, "tflops = 10.0\n",
                                     "tflops = 10.0\ndisputed = true\nalternatives = [12.0]\n"),
                             "min_fraction = 0.5\n", "min_fraction = 0.5\nadvisory = true\n"));
  EXPECT_TRUE(fixed.ok()) << fixed.error_text();
}

TEST(MalformedProfile, FloorWithoutPublishedPeakIsRefused) {
  auto r = parse(replace(kToyProfile, "dtype = \"f16\"\nbasis = \"peak\"",
                         "dtype = \"f32\"\nbasis = \"peak\""));
  expect_error(r, 35, "does not publish");
  auto roofline = parse(replace(kToyProfile, "dtype = \"f16\"\nbasis = \"peak\"",
                                "dtype = \"f32\"\nbasis = \"roofline\""));
  EXPECT_TRUE(roofline.ok()) << roofline.error_text();
}

TEST(MalformedProfile, FractionOutOfRangeIsRefused) {
  auto r = parse(replace(kToyProfile, "min_fraction = 0.5", "min_fraction = 1.5"));
  expect_error(r, 39, "'min_fraction' must lie in (0, 1]");
  EXPECT_EQ(r.errors[0].where.column, 16u);
}

TEST(MalformedProfile, MissingLevelAndExtendsCycle) {
  auto text = replace(kToyProfile, "[levels.full]\ndescription = \"full\"\nextends = \"core\"",
                      "[levels.extra]\ndescription = \"full\"\nextends = \"extra\"");
  auto r = parse(replace(text, "[[levels.full.require]]", "[[levels.extra.require]]"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error_text().find("needs the level 'full'"), std::string::npos) << r.error_text();
  EXPECT_NE(r.error_text().find("cycle"), std::string::npos) << r.error_text();
}

TEST(MalformedProfile, WrongTypesAndMissingKeys) {
  auto r = parse(replace(kToyProfile, "name = \"Toy accelerator\"\n", "name = 3\n"));
  expect_error(r, 3, "'name' in the profile must be a string");
  auto missing =
      parse(replace(kToyProfile, "source = \"toy datasheet\"\n\n[[peaks]]", "\n[[peaks]]"));
  expect_error(missing, 9, "needs the string key 'source'");
}

TEST(MalformedProfile, IdMustMatchFileNameAndSchemaVersion) {
  auto r = parse_profile(kToyProfile, "other.toml", "other");
  ASSERT_EQ(r.errors.size(), 1u) << r.error_text();
  EXPECT_EQ(r.errors[0].to_string(), "other.toml:2:6: id 'toy' differs from the file name 'other'");
  auto v = parse(replace(kToyProfile, "schema_version = 1", "schema_version = 2"));
  expect_error(v, 1, "schema_version 2 is not supported");
}

TEST(MalformedProfile, MathModeOnAnOpWithoutOneIsRefused) {
  auto r = parse(replace(kToyProfile, "expected = { matmul = [\"strict\"] }",
                         "expected = { matmul = [\"strict\"], add = [\"tf32\"] }"));
  expect_error(r, 19, "'add' takes no math_mode");
  auto silent = parse(replace(kToyProfile, "[\"f32_as_f16\"]", "[\"f32_as_f15\"]"));
  expect_error(silent, 20, "unknown silent behaviour 'f32_as_f15'");
}

TEST(MalformedProfile, UnreadableFileIsReported) {
  auto r = load_profile("/nonexistent/dir/none.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].where.line, 0u);
  EXPECT_EQ(r.errors[0].to_string(),
            "/nonexistent/dir/none.toml: cannot read: No such file or directory");
}

}  // namespace
}  // namespace hwcert::profile
