// Suite files: cartesian expansion, ids, layouts, malformed files, the shipped suites.
#include "hwcert/conformance/suite.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <set>

namespace hwcert::conformance {
namespace {

TEST(Suite, ExpandsTheCartesianProduct) {
  auto suite = parse_suite(R"(
name = "mini"
seed = 7

[[case]]
op = "matmul"
dtypes = ["f32", "f16"]
shapes = [[8, 4, 2], [1, 1, 1], [0, 4, 4]]
attributes = { transpose_b = [0, 1], alpha = 0.5 }
tiers = ["exact", "statistical"]

[[case]]
op = "cast"
dtypes = ["f32->f16", "f16->i8"]
shapes = [[5]]
layouts = ["dense", "strided", "offset"]
)",
                           "mini.toml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  EXPECT_EQ(suite->name, "mini");
  ASSERT_EQ(suite->cases.size(), 2u * 3 * 2 * 2 + 2 * 3);
  std::set<std::string> ids;
  for (const Case& c : suite->cases) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_TRUE(catalogue::validate_op_call(c.call).ok()) << c.id;
    EXPECT_EQ(c.suite, "mini");
  }
  const Case& first = suite->cases.front();
  EXPECT_EQ(first.id, "matmul.f32_8x4x2_alpha0.5_transpose_b0_dense_exact");
  EXPECT_EQ(first.call.inputs()[0].shape, (std::vector<int64_t>{8, 2}));
  EXPECT_EQ(first.tier, InputTier::kExact);
  EXPECT_EQ(suite->cases[2].call.inputs()[1].shape, (std::vector<int64_t>{4, 2}));  // B^T
  EXPECT_TRUE(ids.count("cast.f16-i8_5_strided_statistical"));
  // Seeds depend on the id, not on the position: stable when cases are added.
  auto again = parse_suite(
      "seed = 7\n[[case]]\nop = \"matmul\"\ndtypes = [\"f32\"]\n"
      "shapes = [[8, 4, 2]]\nattributes = { transpose_b = [0], alpha = 0.5 }\n"
      "tiers = [\"exact\"]\n",
      "other.toml");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->cases[0].id, first.id);
  EXPECT_EQ(again->cases[0].seed, first.seed);
}

TEST(Suite, SeedsTakeTheWholeUint64Range) {
  // TOML integers stop at 2^63 - 1: larger seeds are written as strings of decimal digits.
  const std::string neg_case = "[[case]]\nop = \"neg\"\ndtypes = [\"f32\"]\nshapes = [[3]]\n";
  auto suite = parse_suite(R"(
seed = "18446744073709551615"
[[case]]
op = "exp"
dtypes = ["f32"]
shapes = [[3]]
seeds = [5, "9223372036854775808", "18446744073709551615"]
)" + neg_case,
                           "seeds.toml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  ASSERT_EQ(suite->cases.size(), 4u);
  EXPECT_EQ(suite->cases[0].seed, 5u);
  EXPECT_EQ(suite->cases[1].seed, uint64_t{1} << 63);
  EXPECT_EQ(suite->cases[2].seed, 0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(suite->cases[2].id, "exp.f32_3_dense_statistical_s18446744073709551615");
  auto low = parse_suite("seed = -1\n" + neg_case, "low.toml");
  ASSERT_TRUE(low.ok()) << low.status().message();
  EXPECT_EQ(low->cases[0].seed, suite->cases[3].seed);  // -1 is 2^64 - 1
  for (const char* bad : {"\"18446744073709551616\"", "\"-1\"", "\"0x10\"", "1.5"}) {
    EXPECT_FALSE(parse_suite(fmt::format("seed = {}\n", bad) + neg_case, "bad.toml").ok()) << bad;
  }
}

TEST(Suite, LayoutsChangeStridesAndOffsets) {
  auto suite = parse_suite(R"(
[[case]]
op = "add"
dtypes = ["f32"]
shapes = [[2, 3]]
layouts = ["column_major", "strided", "broadcast_view", "offset", "strided_output"]
)",
                           "l.toml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  ASSERT_EQ(suite->cases.size(), 5u);
  EXPECT_EQ(suite->cases[0].call.inputs()[0].strides, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(suite->cases[1].call.inputs()[0].strides, (std::vector<int64_t>{7, 2}));
  EXPECT_EQ(suite->cases[1].call.outputs()[0].strides, (std::vector<int64_t>{7, 2}));
  EXPECT_EQ(suite->cases[2].call.inputs()[0].strides, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(suite->cases[3].call.inputs()[0].byte_offset, 84u);
  EXPECT_TRUE(suite->cases[4].call.inputs()[0].strides.empty());
  EXPECT_FALSE(suite->cases[4].call.outputs()[0].strides.empty());
}

TEST(Suite, RejectsMalformedFilesWithLineAndColumn) {
  const auto error = [](std::string_view text) {
    auto suite = parse_suite(text, "bad.toml");
    EXPECT_FALSE(suite.ok());
    return suite.ok() ? std::string() : suite.status().message();
  };
  EXPECT_EQ(error("[[case]]\nop = \"exp\"\ndtypes = [\"f32\"]\nshapes = [[2]]\ncolour = 1\n"),
            "bad.toml:5:10: unknown key 'colour' in [[case]] (expected op, dtypes, shapes, "
            "attributes, tiers, layouts, bias, seeds, determinism, max_zero_fraction, sample)");
  EXPECT_EQ(error("[[case]]\nop = \"expp\"\ndtypes = [\"f32\"]\nshapes = [[2]]\n"),
            "bad.toml:2:6: unknown op \"expp\" (not in the catalogue)");
  EXPECT_NE(error("[[case]]\nop = \"exp\"\ndtypes = [\"f33\"]\nshapes = [[2]]\n")
                .find("bad.toml:3:10: unknown dtype in \"f33\""),
            std::string::npos);
  EXPECT_NE(error("[[case]]\nop = \"exp\"\ndtypes = [\"f32\"]\nshapes = [[2, \"x\"]]\n")
                .find("bad.toml:4:15: expected an integer in a shape"),
            std::string::npos);
  EXPECT_NE(
      error("[[case]]\nop = \"exp\"\ndtypes = [\"f32\"]\nshapes = [[2]]\ntiers = [\"fast\"]\n")
          .find("bad.toml:5:9: unknown tier \"fast\""),
      std::string::npos);
  EXPECT_NE(error("[[case]]\nop = \"softmax\"\ndtypes = [\"f32\"]\nshapes = [[2]]\n"
                  "attributes = { axis = 1.5 }\n")
                .find("attribute 'axis' must be int"),
            std::string::npos);
  EXPECT_NE(error("[[case]]\nop = \"matmul\"\ndtypes = [\"f32\"]\nshapes = [[[2, 3], [4, 5]]]\n")
                .find("bad.toml:1:1: expands to an invalid call: matmul: inner dimensions differ"),
            std::string::npos);
  EXPECT_NE(error("[[case]]\nop = \"exp\"\ndtypes = [\"f32\"]\nshapes = [[2]]\n"
                  "tiers = [\"out_of_range\"]\n")
                .find("bad.toml:1:1: the out_of_range tier needs an op with index inputs"),
            std::string::npos);
  EXPECT_NE(error("[[case]]\nop = \"gather\"\ndtypes = [\"f32*i32\"]\nshapes = [[[6], [0]]]\n"
                  "tiers = [\"out_of_range\"]\n")
                .find("the out_of_range tier needs at least one index"),
            std::string::npos);
  EXPECT_EQ(error("[[case]]\nop = \"exp\"\nshapes = [[2]]\n")
                .rfind("bad.toml:1:1: a [[case]] needs dtypes", 0),
            0u);
  EXPECT_EQ(error("[[case]\n").rfind("bad.toml:1:", 0), 0u);
}

TEST(ShippedSuites, SmokeAndCoreParse) {
  auto smoke = load_suite(std::filesystem::path(HWCERT_TEST_SUITES_DIR) / "smoke.toml");
  ASSERT_TRUE(smoke.ok()) << smoke.status().message();
  EXPECT_GE(smoke->cases.size(), 40u);
  auto core = load_suite(std::filesystem::path(HWCERT_TEST_SUITES_DIR) / "core.toml");
  ASSERT_TRUE(core.ok()) << core.status().message();
  EXPECT_GE(core->cases.size(), 2000u);
  std::set<std::string> ids, ops;
  for (const Case& c : core->cases) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    ops.insert(c.call.op_name());
  }
  for (const catalogue::OpSchema& op : catalogue::op_schemas())
    EXPECT_TRUE(ops.count(op.name)) << op.name << " not in core";
}

// core-large: device-sized shapes, every large output verified on a sample (the oracle
// evaluates only the sampled elements), and the sizes the suite is there for.
TEST(ShippedSuites, CoreLargeSamplesDeviceSizedShapes) {
  auto large = load_suite(std::filesystem::path(HWCERT_TEST_SUITES_DIR) / "core-large.toml");
  ASSERT_TRUE(large.ok()) << large.status().message();
  std::set<std::string> ids;
  int64_t longest_k = 0, longest_sequence = 0, most_rows = 0;
  for (const Case& c : large->cases) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    int64_t outputs = 1;
    for (const int64_t d : c.call.outputs()[0].shape) outputs *= d;
    EXPECT_TRUE(c.sample_elements.has_value() || outputs <= 65536)
        << c.id << " verifies " << outputs << " outputs in full";
    const auto& first = c.call.inputs()[0].shape;
    if (c.call.op_name() == "matmul") longest_k = std::max(longest_k, first.back());
    if (c.call.op_name() == "scaled_dot_product_attention")
      longest_sequence = std::max(longest_sequence, c.call.inputs()[1].shape[2]);
    if (c.call.op_name() == "softmax") most_rows = std::max(most_rows, first[0]);
  }
  EXPECT_EQ(longest_k, 16384);
  EXPECT_EQ(longest_sequence, 4096);
  EXPECT_EQ(most_rows, 65536);
}

// A folder in the working directory that shares a suite's name is not taken for the suite.
TEST(NamedSuites, AFolderNamedLikeASuiteDoesNotShadowIt) {
  support::TempDir dir("hwcert-suite-name");
  std::filesystem::create_directory(dir.path() / "core");
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto suite = load_named_suite("core", dir.path() / "hwcert");
  std::filesystem::current_path(before);
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  EXPECT_EQ(suite->name, "core");
  EXPECT_GE(suite->cases.size(), 2000u);
  // Named as a path, the folder is an error that says what it is.
  auto folder = load_suite(dir.path() / "core");
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.status().message().find("folder"), std::string::npos)
      << folder.status().message();
}

}  // namespace
}  // namespace hwcert::conformance
