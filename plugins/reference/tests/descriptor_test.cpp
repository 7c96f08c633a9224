// Malformed descriptors and launch arguments: errors, never crashes.
#include <cmath>
#include <random>

#include "dtype_convert.hpp"
#include "plugin_fixture.hpp"

namespace hwcert::reference::test {
namespace {

using DescriptorTest = PluginTest;

TEST_F(DescriptorTest, MalformedTensorsAndOps) {
  Op op{"add",
        {Tensor(HWC_DTYPE_F32, {2}), Tensor(HWC_DTYPE_F32, {2})},
        {Tensor(HWC_DTYPE_F32, {2})}};
  EXPECT_EQ(support(op), HWC_OP_SUPPORTED);
  std::string message;
  auto expect_invalid = [&](Op& broken, const char* what) {
    EXPECT_EQ(support(broken, &message), -HWC_STATUS_INVALID_ARGUMENT) << what;
    EXPECT_FALSE(message.empty()) << what;
  };
  Op small_struct = op;
  small_struct.inputs[0].desc.struct_size = 8;
  expect_invalid(small_struct, "tensor struct_size");
  Op big_rank = op;
  big_rank.inputs[0].desc.rank = HWC_MAX_RANK + 1;
  expect_invalid(big_rank, "rank > 8");
  Op negative = op;
  negative.inputs[1].desc.strides[0] = -1;
  expect_invalid(negative, "negative stride");
  Op bad_dtype = op;
  bad_dtype.inputs[0].desc.dtype = 99;
  expect_invalid(bad_dtype, "dtype 99");
  Op wrong_count{"add", {Tensor(HWC_DTYPE_F32, {2})}, {Tensor(HWC_DTYPE_F32, {2})}};
  expect_invalid(wrong_count, "one input for add");
  Op duplicate{"gelu",
               {Tensor(HWC_DTYPE_F32, {2})},
               {Tensor(HWC_DTYPE_F32, {2})},
               {string_attr("approximate", "tanh"), string_attr("approximate", "none")}};
  expect_invalid(duplicate, "attribute given twice");
  // Raw descriptor corruption that the builders cannot express.
  const HWC_OpDesc* raw = op.desc();
  HWC_OpDesc copy = *raw;
  int32_t supported = -1;
  copy.op_name = nullptr;
  EXPECT_EQ(status(api_->op_support(device_, &copy, &supported, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  copy = *raw;
  copy.inputs = nullptr;
  EXPECT_EQ(status(api_->op_support(device_, &copy, &supported, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  copy = *raw;
  copy.struct_size = 16;
  EXPECT_EQ(status(api_->op_support(device_, &copy, &supported, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  copy = *raw;
  copy.opset = 3;  // newer than the plugin
  ASSERT_EQ(status(api_->op_support(device_, &copy, &supported, nullptr, 0)), 0);
  EXPECT_EQ(supported, HWC_OP_UNSUPPORTED);
  EXPECT_EQ(status(api_->op_support(device_, raw, nullptr, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->op_support(device_, raw, &supported, nullptr, 16)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->op_support(nullptr, raw, &supported, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  // A reason is truncated to the capacity and always terminated.
  Op vendor{"vendor.acme.op", {Tensor(HWC_DTYPE_F32, {2})}, {Tensor(HWC_DTYPE_F32, {2})}};
  char reason[8];
  std::memset(reason, 'x', sizeof(reason));
  ASSERT_EQ(status(api_->op_support(device_, vendor.desc(), &supported, reason, sizeof(reason))),
            0);
  EXPECT_EQ(supported, HWC_OP_UNSUPPORTED);
  EXPECT_EQ(reason[7], '\0');
  uint64_t workspace = 99;
  ASSERT_EQ(status(api_->op_workspace_size(device_, raw, &workspace)), 0);
  EXPECT_EQ(workspace, 0u);
  EXPECT_EQ(status(api_->op_workspace_size(device_, vendor.desc(), &workspace)),
            HWC_STATUS_UNSUPPORTED);
}

TEST_F(DescriptorTest, LaunchArgumentErrors) {
  HWC_Buffer* a = upload<float>({1, 2});
  HWC_Buffer* y = alloc(8);
  Op op{"add",
        {Tensor(HWC_DTYPE_F32, {2}), Tensor(HWC_DTYPE_F32, {2})},
        {Tensor(HWC_DTYPE_F32, {2})}};
  HWC_Buffer* ins[] = {a, a};
  EXPECT_EQ(status(api_->op_launch(stream_, op.desc(), ins, 1, &y, 1, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->op_launch(stream_, op.desc(), nullptr, 2, &y, 1, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  HWC_Buffer* bogus_ins[] = {a, reinterpret_cast<HWC_Buffer*>(stream_)};
  EXPECT_EQ(status(api_->op_launch(stream_, op.desc(), bogus_ins, 2, &y, 1, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->op_launch(nullptr, op.desc(), ins, 2, &y, 1, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  Op unknown{"vendor.acme.op", {Tensor(HWC_DTYPE_F32, {2})}, {Tensor(HWC_DTYPE_F32, {2})}};
  EXPECT_EQ(status(api_->op_launch(stream_, unknown.desc(), ins, 1, &y, 1, nullptr, 0)),
            HWC_STATUS_UNSUPPORTED);
  // An output offset past the end of its buffer.
  Op shifted{"add",
             {Tensor(HWC_DTYPE_F32, {2}), Tensor(HWC_DTYPE_F32, {2})},
             {Tensor(HWC_DTYPE_F32, {2}).offset(4)}};
  EXPECT_EQ(status(api_->op_launch(stream_, shifted.desc(), ins, 2, &y, 1, nullptr, 0)),
            HWC_STATUS_OUT_OF_RANGE);
  ASSERT_EQ(status(api_->op_launch(stream_, op.desc(), ins, 2, &y, 1, nullptr, 0)), 0);
  EXPECT_EQ(download<float>(y, 2), (std::vector<float>{2, 4}));
}

TEST_F(DescriptorTest, CastF32PathMatchesF64PathForEveryF16AndBf16Neighbourhood) {
  // Casting f32 -> f16/bf16 takes the f32 path; the same values cast from f64 take the
  // generic encoder. Both must agree on random and boundary values.
  std::mt19937 rng(11);
  std::uniform_int_distribution<uint32_t> bits;
  std::vector<float> values;
  for (int i = 0; i < 4000; ++i) {
    const float v = std::bit_cast<float>(bits(rng));
    values.push_back(v);
    values.push_back(std::ldexp(v / std::ldexp(1.0f, std::ilogb(v)),
                                std::uniform_int_distribution<int>(-30, 20)(rng)));
  }
  std::vector<double> doubles(values.begin(), values.end());
  const int64_t n = static_cast<int64_t>(values.size());
  HWC_Buffer* f = upload(values);
  HWC_Buffer* d = upload(doubles);
  HWC_Buffer* out_f = alloc(static_cast<uint64_t>(n) * 2);
  HWC_Buffer* out_d = alloc(static_cast<uint64_t>(n) * 2);
  for (int32_t target : {HWC_DTYPE_F16, HWC_DTYPE_BF16}) {
    Op from_f{"cast", {Tensor(HWC_DTYPE_F32, {n})}, {Tensor(target, {n})}};
    Op from_d{"cast", {Tensor(HWC_DTYPE_F64, {n})}, {Tensor(target, {n})}};
    ASSERT_EQ(run(from_f, {f}, {out_f}), 0);
    ASSERT_EQ(run(from_d, {d}, {out_d}), 0);
    const auto a = download<uint16_t>(out_f, static_cast<std::size_t>(n));
    const auto b = download<uint16_t>(out_d, static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::isnan(values[i])) continue;  // NaN payloads may differ
      ASSERT_EQ(a[i], b[i]) << "value " << values[i] << " target " << target;
    }
  }
}

}  // namespace
}  // namespace hwcert::reference::test
