#include "hwcert/perfsuite/suite.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "hwcert/perfsuite/driver.hpp"

namespace hwcert::perf {
namespace {

Suite parse_ok(std::string_view text) {
  auto parsed = parse_suite(text, "test.toml");
  if (auto* error = std::get_if<SuiteError>(&parsed)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<Suite>(parsed);
}

std::string parse_error(std::string_view text) {
  auto parsed = parse_suite(text, "bad.toml");
  if (auto* error = std::get_if<SuiteError>(&parsed)) return error->message;
  ADD_FAILURE() << "parsed without error";
  return {};
}

TEST(Suite, ExpandsCartesianProductOfShapesDtypesAndSweep) {
  const Suite suite = parse_ok(R"(
name = "t"
[[case]]
op = "matmul"
dtypes = ["f32", "bf16"]
shapes = [{m = 64, n = 64, k = 64}, {m = 128, n = 32, k = 16}]
sweep = { transpose_b = [0, 1] }
)");
  ASSERT_EQ(suite.cases.size(), 8u);
  EXPECT_EQ(suite.name, "t");
  EXPECT_EQ(suite.cases[0].id, "matmul/f32/m64_n64_k64/transpose_b=0");
  EXPECT_EQ(suite.cases[1].id, "matmul/f32/m64_n64_k64/transpose_b=1");
  EXPECT_EQ(suite.cases[2].id, "matmul/bf16/m64_n64_k64/transpose_b=0");
  EXPECT_EQ(suite.cases[7].id, "matmul/bf16/m128_n32_k16/transpose_b=1");
  // transpose_b = 1 stores B as [N, K].
  EXPECT_EQ(suite.cases[7].call.inputs()[1].shape, (std::vector<int64_t>{32, 16}));
  EXPECT_EQ(suite.cases[0].origin, "test.toml:3:1");
}

TEST(Suite, FixedAttributesNameAndSizeClass) {
  const Suite suite = parse_ok(R"(
name = "t"
[[case]]
op = "conv2d"
name = "conv_nhwc"
size_class = "small"
dtypes = ["f16"]
shapes = [{n = 1, c = 16, h = 8, w = 8, cout = 32, kh = 3, kw = 3}]
attributes = { layout = "NHWC", pads = [1, 1, 1, 1] }

[[case]]
op = "cast"
dtypes = ["f32"]
out_dtypes = ["f16", "f8e4m3"]
shapes = [{shape = [1024]}]
size_class = "datacenter"
)");
  ASSERT_EQ(suite.cases.size(), 3u);
  EXPECT_EQ(suite.cases[0].id, "conv_nhwc/f16/n1_c16_h8_w8_k32_r3x3");
  EXPECT_EQ(suite.cases[0].call.outputs()[0].shape, (std::vector<int64_t>{1, 8, 8, 32}));
  EXPECT_EQ(suite.cases[1].id, "cast/f32->f16/1024");
  EXPECT_EQ(suite.cases[2].out_dtype, "f8e4m3");
  EXPECT_EQ(select_size_class(suite.cases, "small").size(), 1u);
  EXPECT_EQ(select_size_class(suite.cases, "datacenter").size(), 2u);
}

TEST(Suite, SyntaxErrorHasFileLineColumn) {
  EXPECT_EQ(parse_error("name = \"x\"\n[[case]\n").rfind("bad.toml:2:", 0), 0u);
}

TEST(Suite, SemanticErrorsPointAtTheNode) {
  const std::string unknown_op = parse_error(R"(name = "x"
[[case]]
op = "frobnicate"
dtypes = ["f32"]
shapes = [{shape = [4]}]
)");
  EXPECT_NE(unknown_op.find("bad.toml:3:6: unknown op 'frobnicate'"), std::string::npos)
      << unknown_op;

  const std::string bad_dtype = parse_error(R"(name = "x"
[[case]]
op = "add"
dtypes = ["f32", "f31"]
shapes = [{a = [4]}]
)");
  EXPECT_NE(bad_dtype.find("bad.toml:4:18: unknown dtype 'f31'"), std::string::npos) << bad_dtype;

  const std::string missing_k = parse_error(R"(name = "x"
[[case]]
op = "matmul"
dtypes = ["f32"]
shapes = [{m = 4, n = 4}]
)");
  EXPECT_NE(missing_k.find("bad.toml:5:11: shape of matmul needs 'k'"), std::string::npos)
      << missing_k;

  const std::string typo = parse_error(R"(name = "x"
[[case]]
op = "add"
dtype = ["f32"]
shapes = [{a = [4]}]
)");
  EXPECT_NE(typo.find("bad.toml:4:9: unknown key 'dtype'"), std::string::npos) << typo;

  const std::string no_broadcast = parse_error(R"(name = "x"
[[case]]
op = "add"
dtypes = ["f32"]
shapes = [{a = [4, 3], b = [5]}]
)");
  EXPECT_NE(no_broadcast.find("bad.toml:5:11:"), std::string::npos) << no_broadcast;
  EXPECT_NE(no_broadcast.find("do not broadcast"), std::string::npos);

  EXPECT_NE(parse_error("description = \"no name\"\n").find("missing 'name'"), std::string::npos);
  EXPECT_NE(parse_error("name = \"x\"\n").find("no [[case]]"), std::string::npos);
}

TEST(Suite, DuplicateIdsAreRejected) {
  const std::string duplicate = parse_error(R"(name = "x"
[[case]]
op = "copy"
dtypes = ["f32"]
shapes = [{shape = [4]}, {shape = [4]}]
)");
  EXPECT_NE(duplicate.find("duplicate case id 'copy/f32/4'"), std::string::npos) << duplicate;
}

TEST(Suite, ShippedSuitesParse) {
  for (const char* name : {"smoke", "core"}) {
    const auto file = resolve_suite(name, HWCERT_PERF_SUITES);
    auto loaded = load_suite(file);
    ASSERT_TRUE(std::holds_alternative<Suite>(loaded)) << std::get<SuiteError>(loaded).message;
    EXPECT_FALSE(std::get<Suite>(loaded).cases.empty()) << name;
  }
}

TEST(Suite, CoreCoversEveryMatmulDtypeInBothSizeClasses) {
  auto loaded = load_suite(resolve_suite("core", HWCERT_PERF_SUITES));
  ASSERT_TRUE(std::holds_alternative<Suite>(loaded)) << std::get<SuiteError>(loaded).message;
  const Suite& core = std::get<Suite>(loaded);
  for (const char* size_class : {"small", "datacenter"}) {
    std::set<std::string> dtypes, ops;
    for (const auto& c : select_size_class(core.cases, size_class)) {
      ops.insert(c.op);
      if (c.op == "matmul") dtypes.insert(c.dtype);
    }
    for (const char* d : {"f64", "f32", "f16", "bf16", "f8e4m3", "f8e5m2", "i8"}) {
      EXPECT_TRUE(dtypes.count(d)) << size_class << " lacks matmul " << d;
    }
    for (const char* op : {"conv2d", "softmax", "layer_norm", "rms_norm", "gelu", "add",
                           "reduce_sum", "scaled_dot_product_attention", "copy", "cast"}) {
      EXPECT_TRUE(ops.count(op)) << size_class << " lacks " << op;
    }
  }
}

}  // namespace
}  // namespace hwcert::perf
