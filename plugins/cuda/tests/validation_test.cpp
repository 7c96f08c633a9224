// Descriptor checks against docs/op-catalogue.md. plan_op checks a descriptor without a
// device, so these run on every machine: a malformed descriptor is INVALID_ARGUMENT, a
// valid one this plugin cannot run is UNSUPPORTED, before anything reaches a GPU.
#include <limits>
#include <string>

#include <hwcert/plugin_common/op_kinds.hpp>

#include "error.hpp"
#include "op_plan.hpp"
#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

TEST(CudaValidation, WellFormedOpsArePlanned) {
  EXPECT_EQ(
      plan_status(OpCall("add", {tensor(kF32, {4, 1}), tensor(kF32, {3})}, {tensor(kF32, {4, 3})})),
      HWC_STATUS_OK);
  EXPECT_EQ(
      plan_status(OpCall("transpose", {tensor(HWC_DTYPE_BF16, {2, 3, 4})},
                         {tensor(HWC_DTYPE_BF16, {4, 2, 3})}, {ints_attr("perm", {2, 0, 1})})),
      HWC_STATUS_OK);
  EXPECT_EQ(
      plan_status(OpCall("cast", {tensor(HWC_DTYPE_I64, {5})}, {tensor(HWC_DTYPE_F8_E4M3, {5})})),
      HWC_STATUS_OK);
  EXPECT_EQ(plan_status(OpCall("matmul", {tensor(kF32, {2, 1, 4, 8}), tensor(kF32, {3, 8, 5})},
                               {tensor(kF32, {2, 3, 4, 5})}, {string_attr("math_mode", "tf32")})),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_status(OpCall("reduce_sum", {tensor(HWC_DTYPE_I32, {2, 3, 4})},
                               {tensor(HWC_DTYPE_I32, {2, 1, 1})},
                               {ints_attr("axes", {-1, 1}), int_attr("keepdims", 1)})),
            HWC_STATUS_OK);
  EXPECT_EQ(
      plan_status(OpCall("max_pool2d", {tensor(kF32, {1, 5, 5, 2})}, {tensor(kF32, {1, 3, 3, 2})},
                         {string_attr("layout", "NHWC"), ints_attr("kernel", {2, 2}),
                          ints_attr("strides", {2, 2}), ints_attr("pads", {0, 0, 1, 1})})),
      HWC_STATUS_OK);
}

TEST(CudaValidation, UnknownOpsAndOpsetsAreRejected) {
  std::string message;
  EXPECT_EQ(plan_status(OpCall("frobnicate", {tensor(kF32, {2})}, {tensor(kF32, {2})}), &message),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("frobnicate"), std::string::npos) << message;
  EXPECT_EQ(plan_status(OpCall("vendor.acme.fused", {tensor(kF32, {2})}, {tensor(kF32, {2})})),
            HWC_STATUS_UNSUPPORTED);
  OpCall later_opset("copy", {tensor(kF32, {2})}, {tensor(kF32, {2})});
  later_opset.mutable_desc().opset = plugin_common::kNewestOpset + 1;
  EXPECT_EQ(plan_status(later_opset), HWC_STATUS_UNSUPPORTED);
}

TEST(CudaValidation, MalformedTensorsAreInvalidArguments) {
  HWC_TensorDesc bad_dtype = tensor(kF32, {2});
  bad_dtype.dtype = HWC_DTYPE_COUNT;
  EXPECT_EQ(plan_status(OpCall("copy", {bad_dtype}, {tensor(kF32, {2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  HWC_TensorDesc rank9 = tensor(kF32, {1, 1, 1, 1, 1, 1, 1, 1});
  rank9.rank = 9;
  EXPECT_EQ(plan_status(OpCall("copy", {rank9}, {tensor(kF32, {1})})), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("copy", {tensor(kF32, {-2})}, {tensor(kF32, {2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("copy", {tensor(kF32, {2}, {-1})}, {tensor(kF32, {2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  const int64_t huge = int64_t{1} << 40;
  std::string message;
  EXPECT_EQ(
      plan_status(OpCall("copy", {tensor(kF32, {huge, huge})}, {tensor(kF32, {2})}), &message),
      HWC_STATUS_INVALID_ARGUMENT)
      << "element count overflows 64 bits";
  EXPECT_EQ(plan_status(OpCall("copy", {tensor(kF32, {3}, {std::numeric_limits<int64_t>::max()})},
                               {tensor(kF32, {3})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "byte extent overflows 64 bits";
  HWC_TensorDesc short_struct = tensor(kF32, {2});
  short_struct.struct_size = 8;
  EXPECT_EQ(plan_status(OpCall("copy", {short_struct}, {tensor(kF32, {2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("copy", {tensor(kF32, {2}, {}, 2)}, {tensor(kF32, {2})})),
            HWC_STATUS_UNSUPPORTED)
      << "byte_offset not a multiple of the element size";
}

TEST(CudaValidation, ShapesAndDtypesFollowTheCatalogue) {
  EXPECT_EQ(plan_status(OpCall("copy", {tensor(kF32, {2, 3})}, {tensor(kF32, {3, 2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(
      plan_status(OpCall("add", {tensor(kF32, {4, 2}), tensor(kF32, {3})}, {tensor(kF32, {4, 3})})),
      HWC_STATUS_INVALID_ARGUMENT)
      << "shapes that do not broadcast";
  EXPECT_EQ(plan_status(OpCall("div", {tensor(HWC_DTYPE_I32, {2}), tensor(HWC_DTYPE_I32, {2})},
                               {tensor(HWC_DTYPE_I32, {2})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "integer div is not in opset 1";
  EXPECT_EQ(plan_status(OpCall("exp", {tensor(HWC_DTYPE_I32, {2})}, {tensor(HWC_DTYPE_I32, {2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("matmul", {tensor(kF32, {4, 8}), tensor(kF32, {7, 5})},
                               {tensor(kF32, {4, 5})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "K differs";
  EXPECT_EQ(
      plan_status(OpCall("matmul", {tensor(HWC_DTYPE_I8, {4, 8}), tensor(HWC_DTYPE_I8, {8, 5})},
                         {tensor(HWC_DTYPE_I8, {4, 5})})),
      HWC_STATUS_INVALID_ARGUMENT)
      << "i8 x i8 gives i32";
  EXPECT_EQ(plan_status(OpCall("gather", {tensor(kF32, {5, 3}), tensor(HWC_DTYPE_F32, {2})},
                               {tensor(kF32, {2, 3})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "indices must be i32 or i64";
  EXPECT_EQ(plan_status(OpCall("layer_norm",
                               {tensor(kF32, {2, 4}), tensor(kF32, {2, 4}), tensor(kF32, {4})},
                               {tensor(kF32, {2, 4})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "gamma must have shape x.shape[axis:]";
  EXPECT_EQ(plan_status(OpCall("copy", {tensor(kF32, {2})}, {tensor(kF32, {2}, {0})})),
            HWC_STATUS_UNSUPPORTED)
      << "an output whose elements overlap";
}

TEST(CudaValidation, AttributesAreCheckedByNameTypeAndRange) {
  const auto sm = [](Attr a) {
    std::vector<Attr> list;
    list.push_back(std::move(a));
    return OpCall("softmax", {tensor(kF32, {2, 3})}, {tensor(kF32, {2, 3})}, std::move(list));
  };
  EXPECT_EQ(plan_status(sm(int_attr("axis", 1))), HWC_STATUS_OK);
  EXPECT_EQ(plan_status(sm(float_attr("axis", 1.0))), HWC_STATUS_INVALID_ARGUMENT) << "wrong type";
  EXPECT_EQ(plan_status(sm(int_attr("axes", 1))), HWC_STATUS_INVALID_ARGUMENT) << "unknown name";
  EXPECT_EQ(plan_status(sm(int_attr("axis", 2))), HWC_STATUS_INVALID_ARGUMENT) << "out of range";
  EXPECT_EQ(plan_status(OpCall("gelu", {tensor(kF32, {2})}, {tensor(kF32, {2})},
                               {string_attr("approximate", "sigmoid")})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("transpose", {tensor(kF32, {2, 3})}, {tensor(kF32, {3, 2})},
                               {ints_attr("perm", {1, 1})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("transpose", {tensor(kF32, {2, 3})}, {tensor(kF32, {3, 2})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "perm is required";
  EXPECT_EQ(plan_status(OpCall("reduce_max", {tensor(kF32, {2, 3})}, {tensor(kF32, {2})},
                               {ints_attr("axes", {1, -1})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "an axis named twice";
  EXPECT_EQ(
      plan_status(OpCall("matmul", {tensor(HWC_DTYPE_F16, {4, 8}), tensor(HWC_DTYPE_F16, {8, 5})},
                         {tensor(HWC_DTYPE_F16, {4, 5})}, {string_attr("math_mode", "tf32")})),
      HWC_STATUS_INVALID_ARGUMENT)
      << "tf32 applies to f32 inputs";
  EXPECT_EQ(plan_status(OpCall("matmul", {tensor(kF32, {4, 8}), tensor(kF32, {8, 5})},
                               {tensor(kF32, {4, 5})}, {int_attr("transpose_a", 2)})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("rms_norm", {tensor(kF32, {2, 4}), tensor(kF32, {4})},
                               {tensor(kF32, {2, 4})}, {float_attr("epsilon", -1.0)})),
            HWC_STATUS_INVALID_ARGUMENT);
}

TEST(CudaValidation, ConvAndPoolGeometry) {
  EXPECT_EQ(plan_status(OpCall("conv2d", {tensor(kF32, {1, 4, 8, 8}), tensor(kF32, {6, 2, 3, 3})},
                               {tensor(kF32, {1, 6, 6, 6})}, {int_attr("groups", 2)})),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_status(OpCall("conv2d", {tensor(kF32, {1, 4, 8, 8}), tensor(kF32, {6, 2, 3, 3})},
                               {tensor(kF32, {1, 6, 6, 6})}, {int_attr("groups", 3)})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "groups must divide C";
  EXPECT_EQ(plan_status(OpCall("conv2d", {tensor(kF32, {1, 4, 2, 2}), tensor(kF32, {6, 4, 3, 3})},
                               {tensor(kF32, {1, 6, 0, 0})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "kernel larger than the input";
  EXPECT_EQ(plan_status(OpCall("avg_pool2d", {tensor(kF32, {1, 1, 4, 4})},
                               {tensor(kF32, {1, 1, 2, 2})}, {ints_attr("kernel", {2, 0})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(
      plan_status(OpCall("max_pool2d", {tensor(kF32, {1, 1, 4, 4})}, {tensor(kF32, {1, 1, 2, 2})},
                         {ints_attr("kernel", {2, 2}), int_attr("count_include_pad", 1)})),
      HWC_STATUS_INVALID_ARGUMENT)
      << "count_include_pad belongs to avg_pool2d";
}

// batch_norm's inputs: X of `shape`, then scale, bias, mean, var of [channels] (f32).
std::vector<HWC_TensorDesc> opset2_batch_norm_inputs(std::vector<int64_t> shape, int64_t channels) {
  std::vector<HWC_TensorDesc> in = {tensor(kF32, std::move(shape))};
  for (int i = 0; i < 4; ++i) in.push_back(tensor(kF32, {channels}));
  return in;
}

TEST(CudaOpset2Validation, ActivationsAndBatchNormArePlanned) {
  EXPECT_EQ(plan_status(OpCall("clip", {tensor(HWC_DTYPE_F16, {4})}, {tensor(HWC_DTYPE_F16, {4})},
                               {float_attr("min", -1), float_attr("max", 1)})),
            HWC_STATUS_OK);
  for (const char* name : {"leaky_relu", "hard_sigmoid", "hard_swish", "erf"})
    EXPECT_EQ(plan_status(
                  OpCall(name, {tensor(HWC_DTYPE_BF16, {2, 3})}, {tensor(HWC_DTYPE_BF16, {2, 3})})),
              HWC_STATUS_OK)
        << name;
  EXPECT_EQ(plan_status(OpCall("batch_norm", opset2_batch_norm_inputs({2, 3, 4, 4}, 3),
                               {tensor(kF32, {2, 3, 4, 4})}, {float_attr("epsilon", 1e-3)})),
            HWC_STATUS_OK);
}

TEST(CudaOpset2Validation, MalformedCallsAreInvalidArguments) {
  std::string message;
  EXPECT_EQ(plan_status(OpCall("erf", {tensor(HWC_DTYPE_I32, {4})}, {tensor(HWC_DTYPE_I32, {4})}),
                        &message),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("hard_swish", {tensor(kF32, {4})}, {tensor(kF32, {4})},
                               {float_attr("alpha", 0.2)})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(
      plan_status(OpCall("batch_norm", opset2_batch_norm_inputs({2, 4}, 3), {tensor(kF32, {2, 4})}),
                  &message),
      HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("scale"), std::string::npos) << message;
  EXPECT_EQ(
      plan_status(OpCall("batch_norm", opset2_batch_norm_inputs({3}, 3), {tensor(kF32, {3})})),
      HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(OpCall("batch_norm", opset2_batch_norm_inputs({2, 3}, 3),
                               {tensor(kF32, {2, 3})}, {float_attr("epsilon", -1)})),
            HWC_STATUS_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace hwcert::cuda::testing
