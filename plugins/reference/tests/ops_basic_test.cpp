// copy, cast, add, mul and matmul against hand-computed values.
#include <cmath>

#include "dtype_convert.hpp"
#include "plugin_fixture.hpp"

namespace hwcert::reference::test {
namespace {

using OpsBasicTest = PluginTest;

TEST_F(OpsBasicTest, StridedCopyTransposesAView) {
  // X is a 2x3 row-major matrix read through its transpose view [3,2] strides [1,3].
  HWC_Buffer* x = upload<float>({1, 2, 3, 4, 5, 6});
  HWC_Buffer* y = alloc(6 * sizeof(float));
  Op op{
      "copy", {Tensor(HWC_DTYPE_F32, {3, 2}).strides({1, 3})}, {Tensor(HWC_DTYPE_F32, {3, 2})}, {}};
  ASSERT_EQ(run(op, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST_F(OpsBasicTest, CopyWithOffsetsBroadcastAndEmpty) {
  HWC_Buffer* x = upload<int32_t>({7, 8, 9});
  HWC_Buffer* y = upload<int32_t>(std::vector<int32_t>(8, -1));
  // Broadcast x[1] (stride 0) into the odd slots of y starting at element 1.
  Op op{"copy",
        {Tensor(HWC_DTYPE_I32, {3}).strides({0}).offset(4)},
        {Tensor(HWC_DTYPE_I32, {3}).strides({2}).offset(4)},
        {}};
  ASSERT_EQ(run(op, {x}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 8), (std::vector<int32_t>{-1, 8, -1, 8, -1, 8, -1, -1}));
  Op empty{"copy", {Tensor(HWC_DTYPE_I32, {0, 4})}, {Tensor(HWC_DTYPE_I32, {0, 4})}, {}};
  EXPECT_EQ(run(empty, {x}, {y}), 0);
  // A view reaching past its buffer is OUT_OF_RANGE at launch.
  Op past{"copy", {Tensor(HWC_DTYPE_I32, {4})}, {Tensor(HWC_DTYPE_I32, {4})}, {}};
  EXPECT_EQ(run(past, {x}, {y}), HWC_STATUS_OUT_OF_RANGE);
}

TEST_F(OpsBasicTest, CastRules) {
  HWC_Buffer* x = upload<float>({1.5f, -2.7f, 300.0f, NAN, 65520.0f, -1e9f});
  HWC_Buffer* y8 = alloc(6);
  Op to_i8{"cast", {Tensor(HWC_DTYPE_F32, {6})}, {Tensor(HWC_DTYPE_I8, {6})}, {}};
  ASSERT_EQ(run(to_i8, {x}, {y8}), 0);
  EXPECT_EQ(download<int8_t>(y8, 6), (std::vector<int8_t>{1, -2, 127, 0, 127, -128}));
  HWC_Buffer* y16 = alloc(12);
  Op to_f16{"cast", {Tensor(HWC_DTYPE_F32, {6})}, {Tensor(HWC_DTYPE_F16, {6})}, {}};
  ASSERT_EQ(run(to_f16, {x}, {y16}), 0);
  const auto h = download<uint16_t>(y16, 6);
  EXPECT_EQ(h[0], 0x3e00);
  EXPECT_EQ(h[4], 0x7c00);  // overflow -> Inf
  EXPECT_EQ(h[5], 0xfc00);
  EXPECT_EQ(h[3] & 0x7e00, 0x7e00);
  HWC_Buffer* ye4 = alloc(6);
  Op to_e4m3{"cast", {Tensor(HWC_DTYPE_F32, {6})}, {Tensor(HWC_DTYPE_F8_E4M3, {6})}, {}};
  ASSERT_EQ(run(to_e4m3, {x}, {ye4}), 0);
  const auto e = download<uint8_t>(ye4, 6);
  EXPECT_EQ(e[0], 0x3c);  // 1.5
  EXPECT_EQ(e[2], 0x79);  // 300 rounds to 288 (ulp 32 at 256)
  EXPECT_EQ(e[5], 0xfe);  // -1e9 saturates to -448
  // Integer wrap and bool.
  HWC_Buffer* xi = upload<int32_t>({300, -1, 0, 128});
  HWC_Buffer* yu = alloc(4);
  Op to_u8{"cast", {Tensor(HWC_DTYPE_I32, {4})}, {Tensor(HWC_DTYPE_U8, {4})}, {}};
  ASSERT_EQ(run(to_u8, {xi}, {yu}), 0);
  EXPECT_EQ(download<uint8_t>(yu, 4), (std::vector<uint8_t>{44, 255, 0, 128}));
  HWC_Buffer* yb = alloc(4);
  Op to_bool{"cast", {Tensor(HWC_DTYPE_I32, {4})}, {Tensor(HWC_DTYPE_BOOL, {4})}, {}};
  ASSERT_EQ(run(to_bool, {xi}, {yb}), 0);
  EXPECT_EQ(download<uint8_t>(yb, 4), (std::vector<uint8_t>{1, 1, 0, 1}));
}

TEST_F(OpsBasicTest, BroadcastingAdd) {
  HWC_Buffer* a = upload<float>({1, 2, 3, 4, 5, 6});  // [2,3]
  HWC_Buffer* b = upload<float>({10, 20, 30});        // [3]
  HWC_Buffer* y = alloc(6 * sizeof(float));
  Op op{"add",
        {Tensor(HWC_DTYPE_F32, {2, 3}), Tensor(HWC_DTYPE_F32, {3})},
        {Tensor(HWC_DTYPE_F32, {2, 3})},
        {}};
  ASSERT_EQ(run(op, {a, b}, {y}), 0);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{11, 22, 33, 14, 25, 36}));
  // [2,1] x [1,3] -> [2,3]
  HWC_Buffer* c = upload<float>({100, 200});
  Op outer{"add",
           {Tensor(HWC_DTYPE_F32, {2, 1}), Tensor(HWC_DTYPE_F32, {1, 3})},
           {Tensor(HWC_DTYPE_F32, {2, 3})},
           {}};
  ASSERT_EQ(run(outer, {c, b}, {y}), 0);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{110, 120, 130, 210, 220, 230}));
  Op bad{"add",
         {Tensor(HWC_DTYPE_F32, {2, 3}), Tensor(HWC_DTYPE_F32, {2})},
         {Tensor(HWC_DTYPE_F32, {2, 3})},
         {}};
  EXPECT_EQ(support(bad), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpsBasicTest, IntegerMulWrapsAndF16MulRoundsOnce) {
  HWC_Buffer* a = upload<int8_t>({100, -128, 3});
  HWC_Buffer* b = upload<int8_t>({3, -1, -5});
  HWC_Buffer* y = alloc(3);
  Op op{"mul",
        {Tensor(HWC_DTYPE_I8, {3}), Tensor(HWC_DTYPE_I8, {3})},
        {Tensor(HWC_DTYPE_I8, {3})},
        {}};
  ASSERT_EQ(run(op, {a, b}, {y}), 0);
  EXPECT_EQ(download<int8_t>(y, 3), (std::vector<int8_t>{44, -128, -15}));
  // (1 + 2^-10) * (1 + 2^-10) = 1 + 2^-9 + 2^-20 -> rounds to 1 + 2^-9 in f16.
  const uint16_t v = f32_to_f16(1.0f + 0x1p-10f);
  HWC_Buffer* ha = upload<uint16_t>({v, 0x7c00});
  HWC_Buffer* hy = alloc(4);
  Op hmul{"mul",
          {Tensor(HWC_DTYPE_F16, {2}), Tensor(HWC_DTYPE_F16, {2})},
          {Tensor(HWC_DTYPE_F16, {2})},
          {}};
  ASSERT_EQ(run(hmul, {ha, ha}, {hy}), 0);
  const auto out = download<uint16_t>(hy, 2);
  EXPECT_EQ(out[0], f32_to_f16(1.0f + 0x1p-9f));
  EXPECT_EQ(out[1], 0x7c00);
}

TEST_F(OpsBasicTest, Matmul2x3x2) {
  HWC_Buffer* a = upload<float>({1, 2, 3, 4, 5, 6});     // [2,3]
  HWC_Buffer* b = upload<float>({7, 8, 9, 10, 11, 12});  // [3,2]
  HWC_Buffer* y = alloc(4 * sizeof(float));
  Op op{"matmul",
        {Tensor(HWC_DTYPE_F32, {2, 3}), Tensor(HWC_DTYPE_F32, {3, 2})},
        {Tensor(HWC_DTYPE_F32, {2, 2})},
        {}};
  ASSERT_EQ(run(op, {a, b}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{58, 64, 139, 154}));
  // transpose_b with B given as [2,3] = B^T, alpha = 2, bias [2] with beta = -1.
  HWC_Buffer* bt = upload<float>({7, 9, 11, 8, 10, 12});
  HWC_Buffer* bias = upload<float>({1, 2});
  Op op2{"matmul",
         {Tensor(HWC_DTYPE_F32, {2, 3}), Tensor(HWC_DTYPE_F32, {2, 3}), Tensor(HWC_DTYPE_F32, {2})},
         {Tensor(HWC_DTYPE_F32, {2, 2})},
         {int_attr("transpose_b", 1), float_attr("alpha", 2.0), float_attr("beta", -1.0)}};
  ASSERT_EQ(run(op2, {a, bt, bias}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{115, 126, 277, 306}));
}

TEST_F(OpsBasicTest, MatmulInt8AndBf16AndBatched) {
  HWC_Buffer* a = upload<int8_t>({127, -128, 1, 2});  // [2,2]
  HWC_Buffer* b = upload<int8_t>({127, 1, -128, 1});  // [2,2]
  HWC_Buffer* y = alloc(4 * sizeof(int32_t));
  Op op{"matmul",
        {Tensor(HWC_DTYPE_I8, {2, 2}), Tensor(HWC_DTYPE_I8, {2, 2})},
        {Tensor(HWC_DTYPE_I32, {2, 2})},
        {}};
  ASSERT_EQ(run(op, {a, b}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 4),
            (std::vector<int32_t>{127 * 127 + 128 * 128, -1, 127 - 256, 3}));
  // Batched [2,1,2] x [2,1] (B broadcast over the batch), bf16.
  std::vector<uint16_t> av;
  for (float v : {1.f, 2.f, 3.f, 4.f}) av.push_back(f32_to_bf16(v));
  std::vector<uint16_t> bv{f32_to_bf16(0.5f), f32_to_bf16(0.25f)};
  HWC_Buffer* ab = upload(av);
  HWC_Buffer* bb = upload(bv);
  HWC_Buffer* yb = alloc(4);
  Op batched{"matmul",
             {Tensor(HWC_DTYPE_BF16, {2, 1, 2}), Tensor(HWC_DTYPE_BF16, {2, 1})},
             {Tensor(HWC_DTYPE_BF16, {2, 1, 1})},
             {}};
  ASSERT_EQ(run(batched, {ab, bb}, {yb}), 0);
  const auto out = download<uint16_t>(yb, 2);
  EXPECT_EQ(bf16_to_f32(out[0]), 1.0f);
  EXPECT_EQ(bf16_to_f32(out[1]), 2.5f);
}

TEST_F(OpsBasicTest, MatmulValidation) {
  std::string reason;
  Op mismatch{"matmul",
              {Tensor(HWC_DTYPE_F32, {2, 3}), Tensor(HWC_DTYPE_F32, {2, 2})},
              {Tensor(HWC_DTYPE_F32, {2, 2})},
              {}};
  EXPECT_EQ(support(mismatch, &reason), -HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(reason.find("inner"), std::string::npos);
  // A 2x2 matmul of one dtype with one attribute, and the support it gets.
  struct AttributeCase {
    int32_t dtype;
    Attr attribute;
    int32_t support;
  };
  const AttributeCase cases[] = {
      {HWC_DTYPE_F32, int_attr("transpose_c", 1), -HWC_STATUS_INVALID_ARGUMENT},  // unknown
      {HWC_DTYPE_F32, int_attr("alpha", 1), -HWC_STATUS_INVALID_ARGUMENT},        // wrong type
      {HWC_DTYPE_F32, string_attr("math_mode", "tf32"), HWC_OP_SUPPORTED},
      {HWC_DTYPE_F32, string_attr("math_mode", "hf32"), HWC_OP_SUPPORTED},
      {HWC_DTYPE_F16, string_attr("math_mode", "f16_accumulate"), HWC_OP_SUPPORTED},
      {HWC_DTYPE_F32, string_attr("math_mode", "f16_accumulate"), HWC_OP_UNSUPPORTED},
      {HWC_DTYPE_F16, string_attr("math_mode", "tf32"), HWC_OP_UNSUPPORTED},
      {HWC_DTYPE_F32, string_attr("math_mode", "fast"), -HWC_STATUS_INVALID_ARGUMENT},
  };
  for (const AttributeCase& c : cases) {
    Op op{"matmul",
          {Tensor(c.dtype, {2, 2}), Tensor(c.dtype, {2, 2})},
          {Tensor(c.dtype, {2, 2})},
          {c.attribute}};
    reason.clear();
    EXPECT_EQ(support(op, &reason), c.support) << c.attribute.name << " on dtype " << c.dtype;
    // An unsupported math mode names itself in the reason.
    if (c.support == HWC_OP_UNSUPPORTED && c.attribute.text == "f16_accumulate") {
      EXPECT_NE(reason.find("f16_accumulate"), std::string::npos) << reason;
    }
  }
  Op unknown_op{
      "vendor.acme.frobnicate", {Tensor(HWC_DTYPE_F32, {2})}, {Tensor(HWC_DTYPE_F32, {2})}, {}};
  EXPECT_EQ(support(unknown_op, &reason), HWC_OP_UNSUPPORTED);
}

TEST_F(OpsBasicTest, MatmulTf32ModeRoundsInputs) {
  // a = 1 + 2^-12 rounds to 1 in TF32, so 1 * a gives 1 in tf32 mode and a in strict mode.
  const float a_value = 1.0f + 0x1p-12f;
  HWC_Buffer* a = upload<float>({a_value});
  HWC_Buffer* b = upload<float>({1.0f});
  HWC_Buffer* y = alloc(sizeof(float));
  Op strict{"matmul",
            {Tensor(HWC_DTYPE_F32, {1, 1}), Tensor(HWC_DTYPE_F32, {1, 1})},
            {Tensor(HWC_DTYPE_F32, {1, 1})},
            {}};
  ASSERT_EQ(run(strict, {a, b}, {y}), 0);
  EXPECT_EQ(download<float>(y, 1)[0], a_value);
  Op tf32 = strict;
  tf32.attrs.push_back(string_attr("math_mode", "tf32"));
  ASSERT_EQ(run(tf32, {a, b}, {y}), 0);
  EXPECT_EQ(download<float>(y, 1)[0], 1.0f);
}

TEST_F(OpsBasicTest, Hf32ModeRoundsInputsOfMatmulAndConv) {
  // a = 1 + 2^-12 + 2^-14 is 0.625 of an hf32 ulp (11 bits, 2^-11) above 1: hf32 rounds it
  // to 1 + 2^-11, tf32 (10 bits) to 1, strict keeps it.
  const float a_value = 1.0f + 0x1p-12f + 0x1p-14f;
  HWC_Buffer* a = upload<float>({a_value});
  HWC_Buffer* b = upload<float>({1.0f});
  HWC_Buffer* y = alloc(sizeof(float));
  for (const char* op : {"matmul", "conv2d"}) {
    const std::vector<int64_t> shape =
        std::string(op) == "matmul" ? std::vector<int64_t>{1, 1} : std::vector<int64_t>{1, 1, 1, 1};
    Op call{op,
            {Tensor(HWC_DTYPE_F32, shape), Tensor(HWC_DTYPE_F32, shape)},
            {Tensor(HWC_DTYPE_F32, shape)},
            {}};
    const auto result = [&](const char* mode) {
      Op with_mode = call;
      with_mode.attrs.push_back(string_attr("math_mode", mode));
      EXPECT_EQ(run(with_mode, {a, b}, {y}), 0) << op << " " << mode;
      return download<float>(y, 1)[0];
    };
    EXPECT_EQ(result("strict"), a_value) << op;
    EXPECT_EQ(result("hf32"), 1.0f + 0x1p-11f) << op;
    EXPECT_EQ(result("tf32"), 1.0f) << op;
  }
}

}  // namespace
}  // namespace hwcert::reference::test
