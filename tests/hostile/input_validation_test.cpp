// Hostile inputs to the host side: shapes whose element count or byte size overflows 64 bits,
// negative and absurd dims, rank above HWC_MAX_RANK, unknown dtypes and ops, attributes of the
// wrong type. Each is refused by TensorSpec::validate, validate_op_call or the suite parser
// with an error that says what is wrong, before anything is allocated or launched.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/conformance/suite.hpp"
#include "hwcert/loader/op_call.hpp"

namespace hwcert {
namespace {

constexpr int64_t k2to32 = int64_t{1} << 32;

void expect_refused(const Status& status, const std::string& part) {
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.to_string();
  EXPECT_NE(status.message().find(part), std::string::npos)
      << "'" << status.message() << "' lacks '" << part << "'";
}

TEST(TensorSpecValidation, ElementCountOverflowingInt64IsRefused) {
  const TensorSpec spec = TensorSpec::dense(DType::kF32, {k2to32, k2to32});
  EXPECT_FALSE(spec.element_count().has_value());
  EXPECT_FALSE(spec.required_bytes().has_value());
  EXPECT_FALSE(spec.validate().ok());
}

TEST(TensorSpecValidation, ByteSizeOverflowingUint64IsRefused) {
  // 2^62 elements fit in int64, 2^62 * 8 bytes do not fit in uint64.
  const TensorSpec spec = TensorSpec::dense(DType::kF64, {int64_t{1} << 62});
  EXPECT_TRUE(spec.element_count().has_value());
  EXPECT_FALSE(spec.required_bytes().has_value());
  EXPECT_FALSE(spec.validate().ok());
}

TEST(TensorSpecValidation, HugeStridesOverflowingTheByteSpanAreRefused) {
  TensorSpec spec = TensorSpec::dense(DType::kF32, {3, 3});
  spec.strides = {std::numeric_limits<int64_t>::max() / 2, 1};
  EXPECT_FALSE(spec.required_bytes().has_value());
  EXPECT_FALSE(spec.validate().ok());
}

TEST(TensorSpecValidation, ByteOffsetNearTheTopIsRefused) {
  TensorSpec spec = TensorSpec::dense(DType::kF32, {16});
  spec.byte_offset = std::numeric_limits<uint64_t>::max() - 8;
  EXPECT_FALSE(spec.required_bytes().has_value());
  EXPECT_FALSE(spec.validate().ok());
}

TEST(TensorSpecValidation, NegativeDimIsRefused) {
  EXPECT_FALSE(TensorSpec::dense(DType::kF32, {4, -1}).validate().ok());
  EXPECT_FALSE(
      TensorSpec::dense(DType::kF32, {std::numeric_limits<int64_t>::min()}).validate().ok());
}

TEST(TensorSpecValidation, NegativeStrideIsRefused) {
  TensorSpec spec = TensorSpec::dense(DType::kF32, {4});
  spec.strides = {-1};
  EXPECT_FALSE(spec.validate().ok());
}

TEST(TensorSpecValidation, StridesOfTheWrongRankAreRefused) {
  TensorSpec spec = TensorSpec::dense(DType::kF32, {4, 4});
  spec.strides = {1};
  EXPECT_FALSE(spec.validate().ok());
}

TEST(TensorSpecValidation, RankAboveTheAbiMaximumIsRefused) {
  const std::vector<int64_t> shape(HWC_MAX_RANK + 1, 1);
  EXPECT_FALSE(TensorSpec::dense(DType::kF32, shape).validate().ok());
  const std::vector<int64_t> at_max(HWC_MAX_RANK, 1);
  EXPECT_TRUE(TensorSpec::dense(DType::kF32, at_max).validate().ok());
}

TEST(TensorSpecValidation, UnknownDtypeIsRefused) {
  EXPECT_FALSE(TensorSpec::dense(static_cast<DType>(0), {4}).validate().ok());
  EXPECT_FALSE(TensorSpec::dense(static_cast<DType>(HWC_DTYPE_COUNT), {4}).validate().ok());
  EXPECT_FALSE(TensorSpec::dense(static_cast<DType>(-7), {4}).validate().ok());
  EXPECT_FALSE(parse_dtype("f33").has_value());
  EXPECT_FALSE(parse_dtype("").has_value());
}

TEST(OpCallValidation, UnknownOpIsRefusedByName) {
  const TensorSpec x = TensorSpec::dense(DType::kF32, {4});
  expect_refused(catalogue::validate_op_call(OpCall("no_such_op", {x}, {x})), "no_such_op");
}

TEST(OpCallValidation, AttributeOfTheWrongTypeIsRefusedByName) {
  const TensorSpec x = TensorSpec::dense(DType::kF32, {2, 3});
  const TensorSpec y = TensorSpec::dense(DType::kF32, {3, 2});
  expect_refused(catalogue::validate_op_call(
                     OpCall("transpose", {x}, {y}, {Attribute{"perm", std::string("1,0")}})),
                 "perm");
  const TensorSpec z = TensorSpec::dense(DType::kF32, {4, 3});
  expect_refused(
      catalogue::validate_op_call(OpCall("concat", {x, x}, {z}, {Attribute{"axis", 0.5}})), "axis");
}

TEST(OpCallValidation, WrongNumberOfInputsIsRefused) {
  const TensorSpec x = TensorSpec::dense(DType::kF32, {4});
  expect_refused(catalogue::validate_op_call(OpCall("add", {x}, {x})), "add");
}

TEST(OpCallValidation, OverflowingOutputShapeIsRefused) {
  const TensorSpec x = TensorSpec::dense(DType::kF32, {k2to32, k2to32});
  EXPECT_FALSE(catalogue::validate_op_call(OpCall("relu", {x}, {x})).ok());
}

TEST(OpCallValidation, UnknownAttributeIsRefusedByName) {
  const TensorSpec x = TensorSpec::dense(DType::kF32, {4});
  expect_refused(catalogue::validate_op_call(
                     OpCall("relu", {x}, {x}, {Attribute{"bogus_attribute", int64_t{1}}})),
                 "bogus_attribute");
}

// The suite parser: each malformed case is refused with "<file>:<line>:<column>: ...".
struct MalformedSuite {
  const char* name;
  const char* text;
};

class SuiteValidation : public testing::TestWithParam<MalformedSuite> {};

TEST_P(SuiteValidation, IsRefusedWithItsPosition) {
  auto suite = conformance::parse_suite(GetParam().text, "hostile.toml");
  ASSERT_FALSE(suite.ok()) << GetParam().name << " was accepted with " << suite->cases.size()
                           << " cases";
  EXPECT_NE(suite.status().message().find("hostile.toml"), std::string::npos)
      << suite.status().message();
}

const MalformedSuite kMalformedSuites[] = {
    {"unknown_op", "[[case]]\nop = \"no_such_op\"\ndtypes = [\"f32\"]\nshapes = [[4]]\n"},
    {"unknown_dtype", "[[case]]\nop = \"relu\"\ndtypes = [\"f33\"]\nshapes = [[4]]\n"},
    {"negative_dim", "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[4, -1]]\n"},
    {"overflowing_dims",
     "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[4294967296, 4294967296]]\n"},
    {"overflowing_bytes",
     "[[case]]\nop = \"relu\"\ndtypes = [\"f64\"]\nshapes = [[4611686018427387904]]\n"},
    {"rank_above_max",
     "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[1,1,1,1,1,1,1,1,1]]\n"},
    {"attribute_type",
     "[[case]]\nop = \"transpose\"\ndtypes = [\"f32\"]\nshapes = [[2, 3]]\n"
     "attributes = { perm = \"1,0\" }\n"},
    {"unknown_attribute",
     "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[4]]\nattributes = { bogus = 1 }\n"},
    {"unknown_tier",
     "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[4]]\ntiers = [\"fuzzy\"]\n"},
    {"unknown_layout",
     "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[4]]\nlayouts = [\"diagonal\"]\n"},
    {"shape_not_integers", "[[case]]\nop = \"relu\"\ndtypes = [\"f32\"]\nshapes = [[\"a\"]]\n"},
    {"missing_op", "[[case]]\ndtypes = [\"f32\"]\nshapes = [[4]]\n"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, SuiteValidation, testing::ValuesIn(kMalformedSuites),
                         [](const testing::TestParamInfo<MalformedSuite>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace hwcert
