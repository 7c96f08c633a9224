// TensorSpec arithmetic and OpCall's ABI view.
#include <gtest/gtest.h>

#include <cstring>

#include "hwcert/loader/dtype.hpp"
#include "hwcert/loader/op_call.hpp"

namespace hwcert {
namespace {

TEST(TensorSpec, DenseStridesAndBytes) {
  TensorSpec spec = TensorSpec::dense(DType::kF32, {2, 3, 4});
  EXPECT_EQ(spec.effective_strides(), (std::vector<int64_t>{12, 4, 1}));
  EXPECT_EQ(spec.element_count(), 24);
  EXPECT_EQ(spec.required_bytes(), 96u);
  EXPECT_TRUE(spec.is_dense());
  EXPECT_TRUE(spec.validate().ok());
}

TEST(TensorSpec, StridedViewNeedsBytesUpToLastElement) {
  TensorSpec spec = TensorSpec::dense(DType::kF16, {3, 2});
  spec.strides = {1, 3};  // a transposed view of a 2x3 tensor
  spec.byte_offset = 10;
  EXPECT_FALSE(spec.is_dense());
  EXPECT_EQ(spec.required_bytes(), 10u + 6u * 2u);
}

TEST(TensorSpec, EmptyTensorNeedsNoBytes) {
  TensorSpec spec = TensorSpec::dense(DType::kF32, {4, 0});
  EXPECT_EQ(spec.element_count(), 0);
  EXPECT_EQ(spec.required_bytes(), 0u);
}

TEST(TensorSpec, RejectsOverflowNegativeAndRank) {
  TensorSpec overflow = TensorSpec::dense(DType::kF64, {1LL << 40, 1LL << 40});
  EXPECT_EQ(overflow.validate().code(), StatusCode::kInvalidArgument);
  TensorSpec negative = TensorSpec::dense(DType::kF32, {2, -1});
  EXPECT_NE(negative.validate().message().find("negative"), std::string::npos);
  TensorSpec deep = TensorSpec::dense(DType::kF32, std::vector<int64_t>(9, 1));
  EXPECT_NE(deep.validate().message().find("rank 9"), std::string::npos);
  TensorSpec bad_dtype = TensorSpec::dense(static_cast<DType>(99), {1});
  EXPECT_NE(bad_dtype.validate().message().find("dtype"), std::string::npos);
}

TEST(OpCall, DescriptorViewMatchesAndSurvivesCopiesAndMoves) {
  OpCall original("matmul",
                  {TensorSpec::dense(DType::kF32, {2, 3}), TensorSpec::dense(DType::kF32, {3, 4})},
                  {TensorSpec::dense(DType::kF32, {2, 4})},
                  {{"transpose_a", int64_t{0}},
                   {"alpha", 2.5},
                   {"math_mode", std::string("tf32")},
                   {"pads", std::vector<int64_t>{1, 2}}});
  OpCall copy = original;
  OpCall moved = std::move(original);
  for (const OpCall* call : {&copy, &moved}) {
    const HWC_OpDesc* desc = call->desc();
    ASSERT_EQ(desc->struct_size, sizeof(HWC_OpDesc));
    EXPECT_STREQ(desc->op_name, "matmul");
    ASSERT_EQ(desc->num_inputs, 2u);
    EXPECT_EQ(desc->inputs[1]->shape[1], 4);
    EXPECT_EQ(desc->inputs[0]->strides[0], 3);
    ASSERT_EQ(desc->num_attributes, 4u);
    EXPECT_EQ(desc->attributes[1]->type, HWC_ATTR_FLOAT);
    EXPECT_DOUBLE_EQ(desc->attributes[1]->value_float, 2.5);
    EXPECT_STREQ(desc->attributes[2]->value_string, "tf32");
    EXPECT_EQ(desc->attributes[3]->count, 2u);
    EXPECT_EQ(desc->attributes[3]->value_ints[1], 2);
  }
}

TEST(DType, NamesRoundTrip) {
  for (DType dtype : kAllDTypes) {
    EXPECT_EQ(parse_dtype(dtype_name(dtype)), dtype);
    EXPECT_GT(dtype_size(dtype), 0u);
  }
  EXPECT_FALSE(parse_dtype("f128").has_value());
  EXPECT_FALSE(dtype_from_abi(0).has_value());
  EXPECT_FALSE(dtype_from_abi(HWC_DTYPE_COUNT).has_value());
}

}  // namespace
}  // namespace hwcert
