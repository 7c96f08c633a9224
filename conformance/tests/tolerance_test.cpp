// The tolerance file: parsing, rule selection, the shipped table, malformed files.
#include "hwcert/conformance/tolerance.hpp"
#include "hwcert/catalogue/op_schema.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hwcert::conformance {
namespace {

TEST(ToleranceTable, ParsesRulesAndPicksTheMostSpecific) {
  auto table = ToleranceTable::parse(R"(
[defaults]
max_zero_fraction = 0.25

[[rule]]
op = "exp"
ulp = 3

[[rule]]
op = "exp"
dtype = "f16"
ulp = 1

[[rule]]
op = "matmul"
ulp = 1
k_eps = 1
mode_eps = 2

[[rule]]
op = "matmul"
math_mode = "tf32"
ulp = 2
)",
                                     "t.toml");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_DOUBLE_EQ(table->default_max_zero_fraction(), 0.25);
  EXPECT_EQ(table->find("exp", DType::kF32, "strict")->ulp, 3);
  EXPECT_EQ(table->find("exp", DType::kF16, "strict")->ulp, 1);
  EXPECT_EQ(table->find("matmul", DType::kF32, "strict")->k_eps, 1);
  EXPECT_EQ(table->find("matmul", DType::kF32, "tf32")->ulp, 2);
  EXPECT_EQ(table->find("log", DType::kF32, "strict"), nullptr);
  EXPECT_EQ(table->find("exp", DType::kF16, "strict")->origin, "t.toml:9");
}

TEST(ToleranceTable, MalformedFileNamesLineAndColumn) {
  auto bad_syntax = ToleranceTable::parse("[[rule]]\nop = \"exp\"\nulp = = 3\n", "bad.toml");
  ASSERT_FALSE(bad_syntax.ok());
  EXPECT_EQ(bad_syntax.status().message().rfind("bad.toml:3:", 0), 0u)
      << bad_syntax.status().message();

  auto bad_type = ToleranceTable::parse("[[rule]]\nop = \"exp\"\nulp = \"three\"\n", "bad.toml");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.status().message(), "bad.toml:3:7: 'ulp' must be a number");

  auto unknown = ToleranceTable::parse("[[rule]]\nop = \"exp\"\nulps = 3\n", "bad.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("bad.toml:3:8: unknown key 'ulps'"), std::string::npos)
      << unknown.status().message();

  auto no_op = ToleranceTable::parse("[[rule]]\nulp = 3\n", "bad.toml");
  ASSERT_FALSE(no_op.ok());
  EXPECT_NE(no_op.status().message().find("needs 'op'"), std::string::npos);

  auto bad_dtype = ToleranceTable::parse("[[rule]]\nop = \"exp\"\ndtype = \"f12\"\n", "bad.toml");
  ASSERT_FALSE(bad_dtype.ok());
  EXPECT_EQ(bad_dtype.status().message().rfind("bad.toml:3:9:", 0), 0u)
      << bad_dtype.status().message();
}

TEST(ToleranceTable, ShippedTableCoversEveryOp) {
  const ToleranceTable& table = ToleranceTable::builtin();
  ASSERT_FALSE(table.rules().empty());
  for (const catalogue::OpSchema& op : catalogue::op_schemas()) {
    EXPECT_NE(table.find(op.name, DType::kF32, "strict"), nullptr) << op.name;
  }
  EXPECT_TRUE(table.find("copy", DType::kF32, "strict")->bitwise);
  EXPECT_EQ(table.find("exp", DType::kF32, "strict")->ulp, 3);
  EXPECT_EQ(table.find("matmul", DType::kI32, "strict")->k_eps, 0);
  for (const char* op : {"gelu", "silu"}) {
    for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16, DType::kF64}) {
      EXPECT_TRUE(table.find(op, dtype, "strict")->value_sign) << op << " " << dtype_name(dtype);
    }
  }
  EXPECT_FALSE(table.find("sub", DType::kF32, "strict")->value_sign);
}

TEST(ToleranceTable, ValueSignIsABoolean) {
  auto table = ToleranceTable::parse("[[rule]]\nop = \"gelu\"\nvalue_sign = true\n", "t.toml");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_TRUE(table->find("gelu", DType::kF32, "strict")->value_sign);
  auto bad = ToleranceTable::parse("[[rule]]\nop = \"gelu\"\nvalue_sign = 1\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "t.toml:3:14: 'value_sign' must be true or false");
}

TEST(ToleranceBound, CombinesTerms) {
  ToleranceRule rule;
  rule.ulp = 1;
  rule.k_eps = 1;
  ToleranceContext ctx;
  ctx.output = DType::kF16;
  ctx.accumulation = DType::kF32;
  ctx.accumulation_length = 16;
  // 1 ulp of 1.0 in f16 (2^-10) + 16 * 2^-23 * 4
  EXPECT_DOUBLE_EQ(tolerance_bound(rule, ctx, 1.0, 4.0, 4.0),
                   std::ldexp(1.0, -10) + 64 * std::ldexp(1.0, -23));
  EXPECT_EQ(describe(rule, ctx), "1 ulp + 1*K*eps(f32)*mag (K=16)");
  rule.bitwise = true;
  EXPECT_EQ(describe(rule, ctx), "bit-exact");
}

TEST(ToleranceBound, ProbabilisticAndModelledTerms) {
  auto table = ToleranceTable::parse(
      "[[rule]]\nop = \"matmul\"\nsqrt_k_eps = 2\n[[rule]]\nop = \"gelu\"\ncompute_eps = 1\n",
      "t.toml");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ToleranceContext ctx;
  ctx.output = DType::kBF16;
  ctx.accumulation = DType::kF32;
  ctx.accumulation_length = 64;
  // 2 * sqrt(64) * 2^-23 * (|ref| + spread)
  EXPECT_DOUBLE_EQ(
      tolerance_bound(*table->find("matmul", DType::kBF16, "strict"), ctx, 1.0, 9.0, 3.0),
      16 * std::ldexp(1.0, -23) * 4);
  EXPECT_EQ(describe(*table->find("matmul", DType::kBF16, "strict"), ctx),
            "0 ulp + 2*sqrt(K)*eps(f32)*(|ref|+rss) (K=64)");
  // gelu's modelled error is in units of eps(f32) for a bf16 output (computed in f32).
  EXPECT_DOUBLE_EQ(
      tolerance_bound(*table->find("gelu", DType::kBF16, "strict"), ctx, 1.0, 3.0, 3.0),
      3 * std::ldexp(1.0, -23));
  EXPECT_EQ(compute_dtype(DType::kF64), DType::kF64);
  EXPECT_EQ(compute_dtype(DType::kF16), DType::kF32);
}

}  // namespace
}  // namespace hwcert::conformance
