// matmul (cuBLASLt) and conv2d (cuDNN) of the CUDA plugin's op library. The planning tests
// are host-only and run everywhere; the device tests compare against a double-precision host
// loop and skip with a message when no CUDA device is present.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "device_required.hpp"
#include "library/conv2d_cudnn_status.hpp"
#include "library/conv2d_plan.hpp"
#include "library/device_libraries.hpp"
#include "library/library_ops.hpp"
#include "library/matmul_cublaslt.hpp"
#include "library/matmul_cublaslt_status.hpp"
#include "library/matmul_plan.hpp"
#include "library/matmul_staging.hpp"

namespace hwcert::cuda::library {
namespace {

DeviceTraits hopper() {
  DeviceTraits traits;
  traits.cc_major = 9;
  traits.cc_minor = 0;
  traits.sm_count = 132;
  return traits;
}

DeviceTraits compute_capability(int major, int minor) {
  DeviceTraits traits = hopper();
  traits.cc_major = major;
  traits.cc_minor = minor;
  return traits;
}

/// A tensor with the given shape and strides (row-major when strides are empty).
DeviceTensor tensor(int32_t dtype, std::vector<int64_t> shape, std::vector<int64_t> strides = {}) {
  DeviceTensor t;
  t.dtype = dtype;
  t.rank = static_cast<uint32_t>(shape.size());
  int64_t running = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    t.shape[i] = shape[i];
    t.strides[i] = strides.empty() ? running : strides[i];
    running *= shape[i];
  }
  return t;
}

MatmulProblem matmul(int32_t dtype, int64_t m, int64_t n, int64_t k) {
  MatmulProblem p;
  p.a = tensor(dtype, {m, k});
  p.b = tensor(dtype, {k, n});
  p.y = tensor(dtype, {m, n});
  return p;
}

bool plan_problem(const MatmulProblem& problem, const DeviceTraits& traits, MatmulPlan& plan,
                  std::string& reason) {
  return plan_matmul(problem, traits, plan, reason);
}
bool plan_problem(const Conv2dProblem& problem, const DeviceTraits& traits, Conv2dPlan& plan,
                  std::string& reason) {
  return plan_conv2d(problem, traits, plan, reason);
}
template <typename Problem>
using PlanOf = std::conditional_t<std::is_same_v<Problem, MatmulProblem>, MatmulPlan, Conv2dPlan>;

template <typename Problem>
PlanOf<Problem> planned(const Problem& problem, const DeviceTraits& traits = hopper()) {
  PlanOf<Problem> plan;
  std::string reason;
  EXPECT_TRUE(plan_problem(problem, traits, plan, reason)) << reason;
  return plan;
}

template <typename Problem>
std::string refusal(const Problem& problem, const DeviceTraits& traits = hopper()) {
  PlanOf<Problem> plan;
  std::string reason;
  EXPECT_FALSE(plan_problem(problem, traits, plan, reason));
  EXPECT_FALSE(reason.empty());
  return reason;
}

/// A cuBLASLt operand's layout as a test expects it: rows x cols, leading dimension, and
/// whether cuBLASLt transposes it.
::testing::AssertionResult has_layout(const LtMatrix& m, int64_t rows, int64_t cols, int64_t ld,
                                      bool transposed) {
  if (m.rows == rows && m.cols == cols && m.ld == ld && m.transposed == transposed)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << m.rows << " x " << m.cols << ", ld " << m.ld << (m.transposed ? ", transposed" : "");
}

TEST(MatmulPlan, RowMajorComputesTransposedProductInColumnMajor) {
  const MatmulPlan plan = planned(matmul(HWC_DTYPE_F32, 4, 5, 3));
  EXPECT_EQ(plan.path, MatmulPath::gemm);
  EXPECT_EQ(plan.compute, MatmulCompute::f32);
  EXPECT_TRUE(plan.swapped);
  EXPECT_FALSE(plan.stage_a || plan.stage_b || plan.stage_y);
  EXPECT_EQ(plan.lt_m, 5);
  EXPECT_EQ(plan.lt_n, 4);
  EXPECT_EQ(plan.k, 3);
  // cuBLASLt's A is B^T [N, K], stored as B's rows: 5 x 3, ld 5, no op.
  EXPECT_TRUE(has_layout(plan.lt_a, 5, 3, 5, false));
  EXPECT_TRUE(has_layout(plan.lt_b, 3, 4, 3, false));
  EXPECT_TRUE(has_layout(plan.lt_d, 5, 4, 5, false));
  EXPECT_EQ(plan.batch_count, 1);
  EXPECT_EQ(plan.calls, 1);
  EXPECT_TRUE(plan.loops.empty());
}

TEST(MatmulPlan, TransposeFlagsBecomeCublasOps) {
  MatmulProblem p = matmul(HWC_DTYPE_F32, 4, 5, 3);
  p.a = tensor(HWC_DTYPE_F32, {3, 4});  // [K, M]
  p.b = tensor(HWC_DTYPE_F32, {5, 3});  // [N, K]
  p.transpose_a = p.transpose_b = true;
  const MatmulPlan plan = planned(p);
  EXPECT_TRUE(plan.swapped);
  EXPECT_TRUE(has_layout(plan.lt_a, 3, 5, 3, true));
  EXPECT_TRUE(has_layout(plan.lt_b, 4, 3, 4, true));
}

TEST(MatmulPlan, TransposedViewWithPaddedLeadingDim) {
  // A is the transpose of a [K, 8]-strided buffer: M stride 1, K stride 8.
  MatmulProblem p = matmul(HWC_DTYPE_F32, 6, 5, 3);
  p.a = tensor(HWC_DTYPE_F32, {6, 3}, {1, 8});
  const MatmulPlan plan = planned(p);
  EXPECT_FALSE(plan.stage_a);
  EXPECT_TRUE(plan.lt_b.transposed);  // op(A)^T [K, M] is stored with K rows of stride 8
  EXPECT_EQ(plan.lt_b.rows, 6);
  EXPECT_EQ(plan.lt_b.ld, 8);
}

TEST(MatmulPlan, ColumnMajorOutputIsComputedDirectly) {
  MatmulProblem p = matmul(HWC_DTYPE_F64, 4, 5, 3);
  p.y = tensor(HWC_DTYPE_F64, {4, 5}, {1, 4});
  const MatmulPlan plan = planned(p);
  EXPECT_FALSE(plan.swapped);
  EXPECT_EQ(plan.compute, MatmulCompute::f64);
  EXPECT_EQ(plan.lt_m, 4);
  EXPECT_EQ(plan.lt_d.rows, 4);
  EXPECT_EQ(plan.lt_d.ld, 4);
}

TEST(MatmulPlan, BroadcastBatchIsBatchStrideZero) {
  MatmulProblem p;
  p.a = tensor(HWC_DTYPE_F16, {6, 4, 3}, {0, 3, 1});
  p.b = tensor(HWC_DTYPE_F16, {6, 3, 5});
  p.y = tensor(HWC_DTYPE_F16, {6, 4, 5});
  const MatmulPlan plan = planned(p);
  EXPECT_EQ(plan.compute, MatmulCompute::f16_f32_accumulate);
  EXPECT_EQ(plan.batch_count, 6);
  EXPECT_EQ(plan.lt_b.batch_stride, 0);   // cuBLASLt's B is our A
  EXPECT_EQ(plan.lt_a.batch_stride, 15);  // our B
  EXPECT_EQ(plan.lt_d.batch_stride, 20);
  EXPECT_EQ(plan.calls, 1);
}

TEST(MatmulPlan, ContiguousBatchDimsFlattenIntoOneBatch) {
  MatmulProblem p;
  p.a = tensor(HWC_DTYPE_BF16, {2, 3, 4, 8});
  p.b = tensor(HWC_DTYPE_BF16, {2, 3, 8, 5});
  p.y = tensor(HWC_DTYPE_BF16, {2, 3, 4, 5});
  const MatmulPlan plan = planned(p);
  EXPECT_EQ(plan.batch_count, 6);
  EXPECT_TRUE(plan.loops.empty());
}

TEST(MatmulPlan, BatchDimsThatDoNotFlattenLoop) {
  MatmulProblem p;
  p.a = tensor(HWC_DTYPE_F32, {2, 3, 4, 8});
  p.b = tensor(HWC_DTYPE_F32, {2, 3, 8, 5});
  p.y = tensor(HWC_DTYPE_F32, {2, 3, 4, 5}, {20, 40, 5, 1});  // batch dims permuted in Y
  const MatmulPlan plan = planned(p);
  EXPECT_EQ(plan.batch_count, 3);  // the larger group is cuBLASLt's batch
  ASSERT_EQ(plan.loops.size(), 1u);
  EXPECT_EQ(plan.loops[0].extent, 2);
  EXPECT_EQ(plan.loops[0].stride_y, 20);
  EXPECT_EQ(plan.loops[0].stride_a, 96);
  EXPECT_EQ(plan.calls, 2);
  EXPECT_EQ(plan.lt_d.batch_stride, 40);
}

TEST(MatmulPlan, InputWithoutContiguousDimIsStagedDense) {
  MatmulProblem p = matmul(HWC_DTYPE_F32, 4, 5, 3);
  p.a = tensor(HWC_DTYPE_F32, {4, 3}, {6, 2});
  const MatmulPlan plan = planned(p);
  EXPECT_TRUE(plan.stage_a);
  EXPECT_FALSE(plan.stage_b);
  EXPECT_EQ(plan.a.strides[1], 1);
  EXPECT_EQ(plan.a.strides[0], 3);
  EXPECT_EQ(plan.staged_a_bytes, 4u * 3u * 4u);
  EXPECT_EQ(matmul_workspace_bytes(plan), 256u + kLtMinWorkspaceBytes);
  const MatmulPlan large = planned(matmul(HWC_DTYPE_BF16, 4096, 4096, 4096));
  EXPECT_EQ(matmul_workspace_bytes(large), kLtWorkspaceBytes);
}

TEST(MatmulPlan, OutputWithoutContiguousDimIsStaged) {
  MatmulProblem p = matmul(HWC_DTYPE_F32, 4, 5, 3);
  p.y = tensor(HWC_DTYPE_F32, {4, 5}, {10, 2});
  const MatmulPlan plan = planned(p);
  EXPECT_TRUE(plan.stage_y);
  EXPECT_EQ(plan.y.strides[1], 1);
  EXPECT_EQ(plan.y.strides[0], 8);  // rows padded to 16 bytes
}

TEST(MatmulPlan, Fp8NeedsKContiguousOperands) {
  MatmulProblem p = matmul(HWC_DTYPE_F8_E4M3, 16, 16, 32);
  p.y.dtype = HWC_DTYPE_F32;
  const MatmulPlan plan = planned(p);
  EXPECT_EQ(plan.compute, MatmulCompute::fp8);
  // Row-major B [K, N] has N contiguous: it is staged K-contiguous; A already is.
  EXPECT_FALSE(plan.stage_a);
  EXPECT_TRUE(plan.stage_b);
  EXPECT_TRUE(plan.lt_a.transposed);
  EXPECT_FALSE(plan.lt_b.transposed);
  EXPECT_EQ(plan.lt_a.ld % 16, 0);
  EXPECT_EQ(plan.lt_b.ld % 16, 0);

  MatmulProblem tn = p;
  tn.b = tensor(HWC_DTYPE_F8_E5M2, {16, 32});
  tn.transpose_b = true;
  const MatmulPlan direct = planned(tn);
  EXPECT_FALSE(direct.stage_a || direct.stage_b || direct.stage_y);
}

TEST(MatmulPlan, Fp8PadsKToSixteenByStagingBoth) {
  MatmulProblem p = matmul(HWC_DTYPE_F8_E4M3, 8, 8, 20);
  p.y.dtype = HWC_DTYPE_BF16;
  const MatmulPlan plan = planned(p);
  EXPECT_TRUE(plan.stage_a && plan.stage_b);
  EXPECT_EQ(plan.k, 32);
}

TEST(MatmulPlan, Fp8RefusalsNameTheRule) {
  MatmulProblem p = matmul(HWC_DTYPE_F8_E5M2, 16, 16, 32);
  p.y.dtype = HWC_DTYPE_F32;
  EXPECT_NE(refusal(p).find("f8e5m2 x f8e5m2"), std::string::npos);
  p.a.dtype = HWC_DTYPE_F8_E4M3;
  EXPECT_NE(refusal(p, compute_capability(8, 0)).find("8.9"), std::string::npos);
  p.math_mode = MathMode::tf32;
  EXPECT_NE(refusal(p).find("tf32"), std::string::npos);
}

TEST(MatmulPlan, MathModes) {
  MatmulProblem p = matmul(HWC_DTYPE_F32, 8, 8, 8);
  p.math_mode = MathMode::tf32;
  EXPECT_EQ(planned(p).compute, MatmulCompute::f32_fast_tf32);
  EXPECT_NE(refusal(p, compute_capability(7, 0)).find("8.0"), std::string::npos);
  p.math_mode = MathMode::hf32;
  EXPECT_NE(refusal(p).find("Ascend"), std::string::npos);
  p.math_mode = MathMode::f16_accumulate;
  refusal(p);
  p.math_mode = MathMode::f16;
  const MatmulPlan via_f16 = planned(p);
  EXPECT_EQ(via_f16.compute, MatmulCompute::f32_via_f16);
  EXPECT_TRUE(via_f16.stage_a && via_f16.stage_b);
  EXPECT_EQ(via_f16.a.dtype, HWC_DTYPE_F16);
  EXPECT_EQ(via_f16.b.dtype, HWC_DTYPE_F16);
  EXPECT_EQ(via_f16.y.dtype, HWC_DTYPE_F32);
  p.math_mode = MathMode::bf16;
  EXPECT_EQ(planned(p).a.dtype, HWC_DTYPE_BF16);

  MatmulProblem h = matmul(HWC_DTYPE_F16, 8, 8, 8);
  h.math_mode = MathMode::f16_accumulate;
  EXPECT_EQ(planned(h).compute, MatmulCompute::f16_f16_accumulate);
  h.alpha = 0.1;  // not an f16 value
  refusal(h);
  MatmulProblem d = matmul(HWC_DTYPE_F64, 8, 8, 8);
  d.math_mode = MathMode::tf32;
  refusal(d);
}

TEST(MatmulPlan, IntegerMatmul) {
  MatmulProblem p = matmul(HWC_DTYPE_I8, 8, 8, 16);
  p.y.dtype = HWC_DTYPE_I32;
  const MatmulPlan plan = planned(p);
  EXPECT_EQ(plan.compute, MatmulCompute::i8);
  EXPECT_TRUE(plan.lt_a.transposed);
  EXPECT_FALSE(plan.lt_b.transposed);
  p.alpha = 0.5;
  EXPECT_NE(refusal(p).find("integral"), std::string::npos);
  p.alpha = 1.0;
  p.y.dtype = HWC_DTYPE_F32;
  refusal(p);
}

TEST(MatmulPlan, IntegerMatmulPadsOddShapes) {
  MatmulProblem p = matmul(HWC_DTYPE_I8, 6, 7, 5);
  p.y.dtype = HWC_DTYPE_I32;
  const MatmulPlan plan = planned(p);
  EXPECT_TRUE(plan.stage_a && plan.stage_b && plan.stage_y);
  EXPECT_EQ(plan.m, 8);
  EXPECT_EQ(plan.n, 8);
  EXPECT_EQ(plan.k, 16);
  EXPECT_EQ(plan.lt_m % 4, 0);
  EXPECT_EQ(plan.y.shape[0], 8);
  EXPECT_EQ(plan.y.strides[0], 8);
}

TEST(MatmulPlan, EmptyDims) {
  EXPECT_EQ(planned(matmul(HWC_DTYPE_F32, 4, 5, 0)).path, MatmulPath::fill_only);
  EXPECT_EQ(planned(matmul(HWC_DTYPE_F32, 0, 5, 3)).path, MatmulPath::nothing);
  EXPECT_EQ(matmul_workspace_bytes(planned(matmul(HWC_DTYPE_F32, 4, 5, 0))), 0u);
}

TEST(MatmulPlan, BiasOfAnotherDtypeIsRefused) {
  MatmulProblem p = matmul(HWC_DTYPE_F32, 4, 5, 3);
  p.bias = tensor(HWC_DTYPE_F16, {1, 5});
  refusal(p);
}

TEST(StridedCopy, BroadcastRightAlignsAndZeroesBroadcastDims) {
  DeviceTensor bias = tensor(HWC_DTYPE_F16, {5});
  const DeviceTensor y = tensor(HWC_DTYPE_F16, {2, 4, 5});
  const StridedCopy copy = broadcast_copy(bias, y, true, 0.5);
  EXPECT_EQ(copy.rank, 3u);
  EXPECT_EQ(copy.src_strides[0], 0);
  EXPECT_EQ(copy.src_strides[1], 0);
  EXPECT_EQ(copy.src_strides[2], 1);
  EXPECT_EQ(copy.dst_strides[1], 5);
  EXPECT_TRUE(copy.scaled);
  EXPECT_EQ(copy.scale, 0.5);
  EXPECT_EQ(copy.src_extent[0], 2);  // the whole destination is inside the source window
}

TEST(StridedCopy, SupportedDtypePairs) {
  EXPECT_TRUE(strided_copy_supported(HWC_DTYPE_F32, HWC_DTYPE_F16, false));
  EXPECT_TRUE(strided_copy_supported(HWC_DTYPE_F32, HWC_DTYPE_BF16, false));
  EXPECT_TRUE(strided_copy_supported(HWC_DTYPE_F8_E4M3, HWC_DTYPE_F8_E4M3, false));
  EXPECT_TRUE(strided_copy_supported(HWC_DTYPE_I32, HWC_DTYPE_I32, true));
  EXPECT_FALSE(strided_copy_supported(HWC_DTYPE_F8_E4M3, HWC_DTYPE_F8_E4M3, true));
  EXPECT_FALSE(strided_copy_supported(HWC_DTYPE_F16, HWC_DTYPE_F32, false));
  EXPECT_FALSE(strided_copy_supported(HWC_DTYPE_BOOL, HWC_DTYPE_BOOL, false));
}

TEST(MatmulCublasLt, StrictF32ForbidsTf32AndHalfInputs) {
  const uint64_t strict = lt_forbidden_impl_flags(MatmulCompute::f32);
  EXPECT_NE(strict & CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_TF32, 0u);
  EXPECT_NE(strict & CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_16F, 0u);
  EXPECT_NE(strict & CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_16BF, 0u);
  EXPECT_NE(strict & CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_16F, 0u);
  EXPECT_EQ(strict & CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_32F, 0u);
  EXPECT_EQ(lt_compute_type(MatmulCompute::f32), CUBLAS_COMPUTE_32F);
  const uint64_t tf32 = lt_forbidden_impl_flags(MatmulCompute::f32_fast_tf32);
  EXPECT_EQ(tf32 & CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_TF32, 0u);
  EXPECT_EQ(lt_compute_type(MatmulCompute::f32_fast_tf32), CUBLAS_COMPUTE_32F_FAST_TF32);
  const uint64_t half = lt_forbidden_impl_flags(MatmulCompute::f16_f32_accumulate);
  EXPECT_NE(half & CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_16F, 0u);
  const uint64_t half_acc = lt_forbidden_impl_flags(MatmulCompute::f16_f16_accumulate);
  EXPECT_EQ(half_acc & CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_16F, 0u);
  EXPECT_EQ(lt_compute_type(MatmulCompute::i8), CUBLAS_COMPUTE_32I);
  EXPECT_EQ(lt_scale_type(MatmulCompute::i8), CUDA_R_32I);
}

TEST(LibraryStatus, CublasAndCudnnCodes) {
  EXPECT_EQ(status_of_cublas(CUBLAS_STATUS_NOT_SUPPORTED), HWC_STATUS_UNSUPPORTED);
  EXPECT_EQ(status_of_cublas(CUBLAS_STATUS_ALLOC_FAILED), HWC_STATUS_OUT_OF_MEMORY);
  EXPECT_EQ(status_of_cublas(CUBLAS_STATUS_INVALID_VALUE), HWC_STATUS_INTERNAL);
  const OpStatus cublas = check_cublas(CUBLAS_STATUS_NOT_SUPPORTED, "cublasLtMatmul");
  EXPECT_NE(cublas.message.find("cublasLtMatmul: CUBLAS_STATUS_NOT_SUPPORTED"), std::string::npos)
      << cublas.message;
  EXPECT_TRUE(check_cublas(CUBLAS_STATUS_SUCCESS, "x").ok());

  EXPECT_EQ(status_of_cudnn(CUDNN_STATUS_NOT_SUPPORTED_SHAPE), HWC_STATUS_UNSUPPORTED);
  EXPECT_EQ(status_of_cudnn(CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED),
            HWC_STATUS_OUT_OF_MEMORY);
  EXPECT_EQ(status_of_cudnn(CUDNN_STATUS_BAD_PARAM), HWC_STATUS_INTERNAL);
  const OpStatus cudnn = check_cudnn(CUDNN_STATUS_NOT_SUPPORTED, "cudnnConvolutionForward");
  EXPECT_EQ(cudnn.code, HWC_STATUS_UNSUPPORTED);
  EXPECT_NE(cudnn.message.find("cudnnConvolutionForward: "), std::string::npos);
  EXPECT_NE(cudnn.message.find("3000"), std::string::npos);
}

Conv2dProblem conv(int32_t dtype, bool nhwc) {
  Conv2dProblem p;
  p.nhwc = nhwc;
  // N=2, C=3, H=5, W=6, C_out=4, KH=2, KW=3, stride 1, no pad -> H_out=4, W_out=4.
  p.x = nhwc ? tensor(dtype, {2, 5, 6, 3}) : tensor(dtype, {2, 3, 5, 6});
  p.w = nhwc ? tensor(dtype, {4, 2, 3, 3}) : tensor(dtype, {4, 3, 2, 3});
  p.y = nhwc ? tensor(dtype, {2, 4, 4, 4}) : tensor(dtype, {2, 4, 4, 4});
  return p;
}

TEST(Conv2dPlan, NchwDenseNeedsNoStaging) {
  Conv2dProblem p = conv(HWC_DTYPE_F32, false);
  p.pads = {1, 2, 1, 2};
  p.y = tensor(HWC_DTYPE_F32, {2, 4, 6, 8});
  const Conv2dPlan plan = planned(p);
  EXPECT_EQ(plan.path, Conv2dPath::convolution);
  EXPECT_FALSE(plan.stage_x || plan.stage_w || plan.stage_y);
  EXPECT_EQ(plan.x_dims, (std::array<int64_t, 4>{2, 3, 5, 6}));
  EXPECT_EQ(plan.w_dims, (std::array<int64_t, 4>{4, 3, 2, 3}));
  EXPECT_EQ(plan.pads, (std::array<int64_t, 2>{1, 2}));
  EXPECT_EQ(plan.math_type, CUDNN_FMA_MATH);
  EXPECT_TRUE(plan.fma_only);
}

TEST(Conv2dPlan, NhwcDimsAndStridesInNchwOrder) {
  const Conv2dProblem p = conv(HWC_DTYPE_F16, true);
  const Conv2dPlan plan = planned(p);
  EXPECT_TRUE(plan.nhwc);
  EXPECT_EQ(plan.x_dims, (std::array<int64_t, 4>{2, 3, 5, 6}));
  EXPECT_EQ(plan.w_dims, (std::array<int64_t, 4>{4, 3, 2, 3}));
  EXPECT_EQ(plan.y_dims, (std::array<int64_t, 4>{2, 4, 4, 4}));
  EXPECT_EQ(nchw_strides(plan.x, true), (std::array<int64_t, 4>{90, 1, 18, 3}));
  EXPECT_EQ(plan.data_type, CUDNN_DATA_HALF);
  EXPECT_EQ(plan.compute_type, CUDNN_DATA_FLOAT);
  EXPECT_EQ(plan.math_type, CUDNN_TENSOR_OP_MATH);
}

TEST(Conv2dPlan, AsymmetricPadsArePaddedExplicitly) {
  Conv2dProblem p = conv(HWC_DTYPE_F32, true);
  p.pads = {1, 0, 0, 2};  // top, left, bottom, right
  p.y = tensor(HWC_DTYPE_F32, {2, 5, 6, 4});
  const Conv2dPlan plan = planned(p);
  EXPECT_TRUE(plan.stage_x);
  EXPECT_EQ(plan.pads, (std::array<int64_t, 2>{0, 0}));
  EXPECT_EQ(plan.x_dims, (std::array<int64_t, 4>{2, 3, 6, 8}));
  EXPECT_EQ(plan.x_pad_begin, (std::array<int64_t, 4>{0, 1, 0, 0}));
  EXPECT_EQ(plan.staged_x_bytes, 2u * 6u * 8u * 3u * 4u);
}

TEST(Conv2dPlan, StridedTensorsAreStagedPacked) {
  Conv2dProblem p = conv(HWC_DTYPE_F32, false);
  p.x = tensor(HWC_DTYPE_F32, {2, 3, 5, 6}, {200, 60, 12, 2});
  p.y = tensor(HWC_DTYPE_F32, {2, 4, 4, 4}, {1, 32, 8, 2});
  const Conv2dPlan plan = planned(p);
  EXPECT_TRUE(plan.stage_x);
  EXPECT_FALSE(plan.stage_w);
  EXPECT_TRUE(plan.stage_y);
  EXPECT_EQ(plan.x.strides[3], 1);
  EXPECT_EQ(plan.y.strides[0], 64);
  EXPECT_EQ(conv2d_staging_bytes(plan), 768u + 512u);
}

TEST(Conv2dPlan, MathModes) {
  Conv2dProblem p = conv(HWC_DTYPE_F32, false);
  p.math_mode = MathMode::tf32;
  const Conv2dPlan tf32 = planned(p);
  EXPECT_EQ(tf32.math_type, CUDNN_DEFAULT_MATH);
  EXPECT_FALSE(tf32.fma_only);
  p.math_mode = MathMode::hf32;
  EXPECT_NE(refusal(p).find("Ascend"), std::string::npos);
  p.math_mode = MathMode::f16;
  refusal(p);
  Conv2dProblem b = conv(HWC_DTYPE_BF16, true);
  EXPECT_EQ(planned(b).data_type, CUDNN_DATA_BFLOAT16);
  refusal(b, compute_capability(7, 5));
  Conv2dProblem d = conv(HWC_DTYPE_F64, false);
  EXPECT_EQ(planned(d).compute_type, CUDNN_DATA_DOUBLE);
  refusal(conv(HWC_DTYPE_I32, false));
}

TEST(Conv2dPlan, EmptyTensors) {
  Conv2dProblem p = conv(HWC_DTYPE_F32, false);
  p.y.shape[0] = 0;
  EXPECT_EQ(planned(p).path, Conv2dPath::nothing);
  Conv2dProblem c = conv(HWC_DTYPE_F32, false);
  c.x.shape[1] = 0;
  c.w.shape[1] = 0;
  EXPECT_EQ(planned(c).path, Conv2dPath::fill_only);
}

// ---- device tests -------------------------------------------------------------------------

bool have_device() {
  int count = 0;
  return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
}

#define REQUIRE_DEVICE()                                                             \
  do {                                                                               \
    if (!have_device()) HWCERT_SKIP_WITHOUT_DEVICE("cudaGetDeviceCount found none"); \
  } while (0)

DeviceTraits device_traits() {
  DeviceTraits traits;
  cudaDeviceProp prop{};
  EXPECT_EQ(cudaGetDeviceProperties(&prop, 0), cudaSuccess);
  traits.cc_major = prop.major;
  traits.cc_minor = prop.minor;
  traits.sm_count = prop.multiProcessorCount;
  traits.shared_memory_per_block_optin = prop.sharedMemPerBlockOptin;
  return traits;
}

/// Device memory freed at scope exit.
struct DeviceBuffer {
  void* data = nullptr;
  explicit DeviceBuffer(std::size_t bytes) {
    EXPECT_EQ(cudaMalloc(&data, bytes > 0 ? bytes : 1), cudaSuccess);
  }
  ~DeviceBuffer() { cudaFree(data); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  std::byte* bytes() const { return static_cast<std::byte*>(data); }
};

template <typename T>
T from_double(double v) {
  if constexpr (std::is_same_v<T, __half>) {
    return __float2half_rn(static_cast<float>(v));
  } else if constexpr (std::is_same_v<T, __nv_bfloat16>) {
    return __float2bfloat16_rn(static_cast<float>(v));
  } else if constexpr (std::is_same_v<T, __nv_fp8_e4m3> || std::is_same_v<T, __nv_fp8_e5m2>) {
    return T(static_cast<float>(v));
  } else {
    return static_cast<T>(v);
  }
}
template <typename T>
double to_double(T v) {
  if constexpr (std::is_same_v<T, __half>) {
    return static_cast<double>(__half2float(v));
  } else if constexpr (std::is_same_v<T, __nv_bfloat16>) {
    return static_cast<double>(__bfloat162float(v));
  } else {
    return static_cast<double>(v);
  }
}

/// Elements a strided view reaches (0 when empty).
std::size_t span_of(const DeviceTensor& t) {
  int64_t last = 0;
  for (uint32_t d = 0; d < t.rank; ++d) {
    if (t.shape[d] == 0) return 0;
    last += (t.shape[d] - 1) * t.strides[d];
  }
  return static_cast<std::size_t>(last + 1);
}

/// Uploads `values` (as T) and points `t` at them.
template <typename T>
std::unique_ptr<DeviceBuffer> upload(DeviceTensor& t, const std::vector<double>& values) {
  std::vector<T> host(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) host[i] = from_double<T>(values[i]);
  auto buffer = std::make_unique<DeviceBuffer>(host.size() * sizeof(T));
  EXPECT_EQ(cudaMemcpy(buffer->data, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice),
            cudaSuccess);
  t.data = buffer->bytes();
  return buffer;
}

template <typename T>
std::vector<double> download(const DeviceTensor& t, std::size_t count) {
  std::vector<T> host(count);
  EXPECT_EQ(cudaMemcpy(host.data(), t.data, count * sizeof(T), cudaMemcpyDeviceToHost),
            cudaSuccess);
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i) values[i] = to_double(host[i]);
  return values;
}

/// Small integers in [-4, 4]: every product sum below is exact in f16 and f32.
std::vector<double> small_integers(std::size_t count, unsigned seed) {
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = static_cast<double>(static_cast<int>((i * 2654435761u + seed * 40503u) % 9u) - 4);
  }
  return values;
}

template <typename Problem>
OpStatus run(const Problem& problem, DeviceLibraries& libraries) {
  const uint64_t bytes = workspace_bytes(problem, libraries);
  DeviceBuffer workspace(bytes);
  const OpStatus status = launch(
      problem, libraries, Workspace{bytes > 0 ? workspace.bytes() : nullptr, bytes}, nullptr);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  return status;
}

DeviceLibrariesPtr libraries_for(const DeviceTraits& traits) {
  DeviceLibrariesPtr libraries;
  EXPECT_TRUE(create_device_libraries(traits, libraries).ok());
  return libraries;
}

/// Runs `p` (addresses unset) on small-integer inputs and compares every element of Y with
/// a host double loop over the same strided views: the exact tier, so results must be equal.
template <typename In, typename Out>
void check_matmul(MatmulProblem p) {
  const DeviceTraits traits = device_traits();
  std::string reason;
  if (!supports(p, traits, reason)) GTEST_SKIP() << "not offered on this device: " << reason;
  const auto a = small_integers(span_of(p.a), 1), b = small_integers(span_of(p.b), 2);
  const auto bias = p.bias ? small_integers(span_of(*p.bias), 3) : std::vector<double>{};
  auto da = upload<In>(p.a, a);
  auto db = upload<In>(p.b, b);
  std::unique_ptr<DeviceBuffer> dbias;
  if (p.bias) dbias = upload<Out>(*p.bias, bias);
  DeviceBuffer y(span_of(p.y) * sizeof(Out));
  p.y.data = y.bytes();
  auto libraries = libraries_for(traits);
  const OpStatus status = run(p, *libraries);
  ASSERT_TRUE(status.ok()) << status.message;
  const auto got = download<Out>(p.y, span_of(p.y));

  const uint32_t r = p.y.rank;
  const int64_t K = p.transpose_a ? p.a.shape[r - 2] : p.a.shape[r - 1];
  std::array<int64_t, HWC_MAX_RANK> index{};
  const auto batch_offset = [&](const DeviceTensor& t) {
    int64_t offset = 0;
    for (uint32_t d = 0; d + 2 < r; ++d) offset += (t.shape[d] == 1 ? 0 : index[d]) * t.strides[d];
    return offset;
  };
  const auto matrix = [&](const DeviceTensor& t, bool transpose, int64_t row, int64_t col) {
    return transpose ? col * t.strides[r - 2] + row * t.strides[r - 1]
                     : row * t.strides[r - 2] + col * t.strides[r - 1];
  };
  int64_t count = 1;
  for (uint32_t d = 0; d < r; ++d) count *= p.y.shape[d];
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t rest = linear;
    for (uint32_t d = r; d-- > 0;) {
      index[d] = rest % p.y.shape[d];
      rest /= p.y.shape[d];
    }
    const int64_t m = index[r - 2], n = index[r - 1];
    double sum = 0;
    for (int64_t k = 0; k < K; ++k) {
      sum += a[batch_offset(p.a) + matrix(p.a, p.transpose_a, m, k)] *
             b[batch_offset(p.b) + matrix(p.b, p.transpose_b, k, n)];
    }
    double expected = p.alpha * sum;
    if (p.bias) {
      const DeviceTensor& t = *p.bias;
      const int64_t at = batch_offset(t) + (t.shape[r - 2] == 1 ? 0 : m) * t.strides[r - 2] +
                         (t.shape[r - 1] == 1 ? 0 : n) * t.strides[r - 1];
      expected += p.beta * bias[static_cast<std::size_t>(at)];
    }
    const int64_t at = batch_offset(p.y) + m * p.y.strides[r - 2] + n * p.y.strides[r - 1];
    // The exact sum, rounded once to Y's dtype.
    const double rounded = to_double(from_double<Out>(expected));
    ASSERT_EQ(got[static_cast<std::size_t>(at)], rounded) << "element " << linear;
  }
}

/// [2, 33, 17] = alpha * A^T-view [2, 45, 33] x B [2, 45, 17] - bias [17].
MatmulProblem batched_with_bias(int32_t dtype, MathMode mode) {
  MatmulProblem p;
  p.a = tensor(dtype, {2, 45, 33});
  p.transpose_a = true;
  p.b = tensor(dtype, {2, 45, 17});
  p.y = tensor(dtype, {2, 33, 17});
  p.bias = tensor(dtype, {1, 1, 17}, {0, 0, 1});
  p.alpha = 2.0;
  p.beta = -1.0;
  p.math_mode = mode;
  return p;
}

TEST(MatmulDevice, F32StrictExactTier) {
  REQUIRE_DEVICE();
  check_matmul<float, float>(batched_with_bias(HWC_DTYPE_F32, MathMode::strict));
}

TEST(MatmulDevice, F16StrictExactTier) {
  REQUIRE_DEVICE();
  check_matmul<__half, __half>(batched_with_bias(HWC_DTYPE_F16, MathMode::strict));
}

TEST(MatmulDevice, F64ExactTier) {
  REQUIRE_DEVICE();
  check_matmul<double, double>(batched_with_bias(HWC_DTYPE_F64, MathMode::strict));
}

TEST(MatmulDevice, Bf16AndTf32ExactTier) {
  REQUIRE_DEVICE();
  check_matmul<__nv_bfloat16, __nv_bfloat16>(batched_with_bias(HWC_DTYPE_BF16, MathMode::strict));
  check_matmul<float, float>(batched_with_bias(HWC_DTYPE_F32, MathMode::tf32));
}

TEST(MatmulDevice, F32RoundedToF16AndBf16ExactTier) {
  REQUIRE_DEVICE();
  check_matmul<float, float>(batched_with_bias(HWC_DTYPE_F32, MathMode::f16));
  check_matmul<float, float>(batched_with_bias(HWC_DTYPE_F32, MathMode::bf16));
}

TEST(MatmulDevice, F16AccumulateExactTier) {
  REQUIRE_DEVICE();
  check_matmul<__half, __half>(batched_with_bias(HWC_DTYPE_F16, MathMode::f16_accumulate));
}

TEST(MatmulDevice, Fp8ToF32AndBf16) {
  REQUIRE_DEVICE();
  MatmulProblem p = matmul(HWC_DTYPE_F8_E4M3, 24, 40, 20);  // K padded to 32 in workspace
  p.y.dtype = HWC_DTYPE_F32;
  check_matmul<__nv_fp8_e4m3, float>(p);
  MatmulProblem q = matmul(HWC_DTYPE_F8_E4M3, 32, 48, 64);
  q.b = tensor(HWC_DTYPE_F8_E5M2, {48, 64});
  q.transpose_b = true;  // already K-contiguous: no staging
  q.y = tensor(HWC_DTYPE_BF16, {32, 48});
  check_matmul<__nv_fp8_e4m3, __nv_bfloat16>(q);
}

TEST(MatmulDevice, I8ToI32WithBias) {
  REQUIRE_DEVICE();
  MatmulProblem p = matmul(HWC_DTYPE_I8, 12, 20, 30);
  p.y.dtype = HWC_DTYPE_I32;
  p.bias = tensor(HWC_DTYPE_I32, {12, 20});
  check_matmul<int8_t, int32_t>(p);
}

TEST(MatmulDevice, I8OddShapesArePadded) {
  REQUIRE_DEVICE();
  MatmulProblem p = matmul(HWC_DTYPE_I8, 6, 7, 5);
  p.y.dtype = HWC_DTYPE_I32;
  p.bias = tensor(HWC_DTYPE_I32, {1, 7}, {0, 1});
  check_matmul<int8_t, int32_t>(p);
}

TEST(MatmulDevice, StagedViewsAndLoopedBatches) {
  REQUIRE_DEVICE();
  MatmulProblem p;
  p.a = tensor(HWC_DTYPE_F32, {2, 3, 5, 7}, {0, 70, 14, 2});  // broadcast, no unit stride
  p.b = tensor(HWC_DTYPE_F32, {2, 3, 7, 6});
  p.y = tensor(HWC_DTYPE_F32, {2, 3, 5, 6}, {30, 60, 6, 1});  // batch dims permuted
  check_matmul<float, float>(p);
  MatmulProblem q = matmul(HWC_DTYPE_F32, 9, 11, 13);
  q.y = tensor(HWC_DTYPE_F32, {9, 11}, {22, 2});  // no unit stride: staged output
  check_matmul<float, float>(q);
}

TEST(MatmulDevice, StrictF32IsNotRoundedToTf32) {
  REQUIRE_DEVICE();
  // 1 + 2^-15 is not a TF32 value: a TF32 product sum gives 64, an f32 one 64 + 2^-9.
  const int64_t M = 64, N = 64, K = 64;
  MatmulProblem p = matmul(HWC_DTYPE_F32, M, N, K);
  auto da = upload<float>(p.a, std::vector<double>(M * K, 1.0 + std::ldexp(1.0, -15)));
  auto db = upload<float>(p.b, std::vector<double>(K * N, 1.0));
  DeviceBuffer y(static_cast<std::size_t>(M * N) * sizeof(float));
  p.y.data = y.bytes();
  auto libraries = libraries_for(device_traits());
  const OpStatus status = run(p, *libraries);
  ASSERT_TRUE(status.ok()) << status.message;
  for (const double v : download<float>(p.y, static_cast<std::size_t>(M * N))) {
    ASSERT_EQ(v, 64.0 + std::ldexp(1.0, -9));
  }
}

TEST(MatmulDevice, ZeroKWritesScaledBias) {
  REQUIRE_DEVICE();
  MatmulProblem p = matmul(HWC_DTYPE_F32, 3, 4, 0);
  p.bias = tensor(HWC_DTYPE_F32, {1, 4}, {0, 1});
  p.beta = 0.5;
  auto dbias = upload<float>(*p.bias, {2, 4, 6, 8});
  DeviceBuffer y(12 * sizeof(float));
  p.y.data = y.bytes();
  auto libraries = libraries_for(device_traits());
  ASSERT_TRUE(run(p, *libraries).ok());
  const auto got = download<float>(p.y, 12);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(got[i], (i % 4 + 1)) << i;
}

TEST(MatmulDevice, ZeroBetaStillMultipliesBias) {
  REQUIRE_DEVICE();
  // beta * bias with beta = 0: 0 for finite bias, NaN for an infinite one.
  MatmulProblem p = matmul(HWC_DTYPE_F32, 2, 2, 4);
  p.bias = tensor(HWC_DTYPE_F32, {1, 2}, {0, 1});
  p.beta = 0.0;
  auto da = upload<float>(p.a, std::vector<double>(8, 1.0));
  auto db = upload<float>(p.b, std::vector<double>(8, 1.0));
  auto dbias = upload<float>(*p.bias, {5.0, INFINITY});
  DeviceBuffer y(4 * sizeof(float));
  p.y.data = y.bytes();
  auto libraries = libraries_for(device_traits());
  ASSERT_TRUE(run(p, *libraries).ok());
  const auto got = download<float>(p.y, 4);
  EXPECT_EQ(got[0], 4.0);
  EXPECT_TRUE(std::isnan(got[1]));
  EXPECT_EQ(got[2], 4.0);
  EXPECT_TRUE(std::isnan(got[3]));
}

/// conv2d with bias against a host double loop (NCHW or NHWC, asymmetric pads, stride 2).
template <typename T>
void check_conv(int32_t dtype, bool nhwc, std::array<int64_t, 4> pads) {
  const DeviceTraits traits = device_traits();
  const int64_t N = 2, C = 4, H = 7, W = 6, CO = 6, KH = 3, KW = 2, groups = 2, S = 2;
  const int64_t HO = (H + pads[0] + pads[2] - KH) / S + 1,
                WO = (W + pads[1] + pads[3] - KW) / S + 1;
  Conv2dProblem p;
  p.nhwc = nhwc;
  p.x = nhwc ? tensor(dtype, {N, H, W, C}) : tensor(dtype, {N, C, H, W});
  p.w = nhwc ? tensor(dtype, {CO, KH, KW, C / groups}) : tensor(dtype, {CO, C / groups, KH, KW});
  p.y = nhwc ? tensor(dtype, {N, HO, WO, CO}) : tensor(dtype, {N, CO, HO, WO});
  p.bias = tensor(dtype, {CO});
  p.strides = {S, S};
  p.pads = pads;
  p.groups = groups;
  std::string reason;
  if (!supports(p, traits, reason)) GTEST_SKIP() << "not offered on this device: " << reason;
  const auto x = small_integers(N * C * H * W, 4), w = small_integers(CO * C / groups * KH * KW, 5),
             bias = small_integers(CO, 6);
  auto dx = upload<T>(p.x, x);
  auto dw = upload<T>(p.w, w);
  auto dbias = upload<T>(*p.bias, bias);
  DeviceBuffer y(static_cast<std::size_t>(N * CO * HO * WO) * sizeof(T));
  p.y.data = y.bytes();
  auto libraries = libraries_for(traits);
  const OpStatus status = run(p, *libraries);
  ASSERT_TRUE(status.ok()) << status.message;
  const auto got = download<T>(p.y, static_cast<std::size_t>(N * CO * HO * WO));
  const auto at = [&](const DeviceTensor& t, int64_t n, int64_t c, int64_t h, int64_t ww) {
    return nhwc ? ((n * t.shape[1] + h) * t.shape[2] + ww) * t.shape[3] + c
                : ((n * t.shape[1] + c) * t.shape[2] + h) * t.shape[3] + ww;
  };
  const int64_t cg = C / groups, og = CO / groups;
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t o = 0; o < CO; ++o) {
      for (int64_t ho = 0; ho < HO; ++ho) {
        for (int64_t wo = 0; wo < WO; ++wo) {
          double sum = bias[o];
          for (int64_t c = 0; c < cg; ++c) {
            for (int64_t kh = 0; kh < KH; ++kh) {
              for (int64_t kw = 0; kw < KW; ++kw) {
                const int64_t h = ho * S - pads[0] + kh, ww = wo * S - pads[1] + kw;
                if (h < 0 || h >= H || ww < 0 || ww >= W) continue;
                const int64_t ci = (o / og) * cg + c;
                sum += x[at(p.x, n, ci, h, ww)] * w[at(p.w, o, c, kh, kw)];
              }
            }
          }
          ASSERT_EQ(got[at(p.y, n, o, ho, wo)], sum) << n << "," << o << "," << ho << "," << wo;
        }
      }
    }
  }
}

TEST(Conv2dDevice, F32NchwSymmetricPads) {
  REQUIRE_DEVICE();
  check_conv<float>(HWC_DTYPE_F32, false, {1, 1, 1, 1});
}

TEST(Conv2dDevice, F16NhwcAsymmetricPads) {
  REQUIRE_DEVICE();
  check_conv<__half>(HWC_DTYPE_F16, true, {1, 0, 2, 1});
}

TEST(Conv2dDevice, Bf16NhwcAndF64Nchw) {
  REQUIRE_DEVICE();
  check_conv<__nv_bfloat16>(HWC_DTYPE_BF16, true, {1, 1, 1, 1});
  check_conv<double>(HWC_DTYPE_F64, false, {0, 2, 1, 0});
}

TEST(Conv2dDevice, StrictF32IsNotRoundedToTf32) {
  REQUIRE_DEVICE();
  // C * KH * KW = 64 products of (1 + 2^-15) * 1: f32 gives 64 + 2^-9, TF32 gives 64.
  Conv2dProblem p;
  p.x = tensor(HWC_DTYPE_F32, {1, 16, 2, 2});
  p.w = tensor(HWC_DTYPE_F32, {8, 16, 2, 2});
  p.y = tensor(HWC_DTYPE_F32, {1, 8, 1, 1});
  auto dx = upload<float>(p.x, std::vector<double>(64, 1.0 + std::ldexp(1.0, -15)));
  auto dw = upload<float>(p.w, std::vector<double>(512, 1.0));
  DeviceBuffer y(8 * sizeof(float));
  p.y.data = y.bytes();
  auto libraries = libraries_for(device_traits());
  const OpStatus status = run(p, *libraries);
  ASSERT_TRUE(status.ok()) << status.message;
  for (const double v : download<float>(p.y, 8)) ASSERT_EQ(v, 64.0 + std::ldexp(1.0, -9));
}

}  // namespace
}  // namespace hwcert::cuda::library
