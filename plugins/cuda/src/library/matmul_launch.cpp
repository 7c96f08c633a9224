// matmul on cuBLASLt: supports / workspace_bytes / launch of library_ops.hpp.
#include <cuda_fp16.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "cuda_errors.hpp"
#include "device_libraries.hpp"
#include "library_ops.hpp"
#include "library_planning.hpp"
#include "matmul_cublaslt.hpp"
#include "matmul_cublaslt_status.hpp"
#include "matmul_plan.hpp"
#include "matmul_staging.hpp"

namespace hwcert::cuda::library {
namespace {

/// Largest power of two (at most 256) dividing the address and every byte offset.
uint32_t alignment_of(const std::byte* data, std::initializer_list<int64_t> byte_offsets) {
  uint64_t bits = reinterpret_cast<std::uintptr_t>(data);
  for (const int64_t offset : byte_offsets) bits |= static_cast<uint64_t>(offset);
  uint32_t alignment = 1;
  while (alignment < 256 && (bits & alignment) == 0) alignment <<= 1;
  return alignment;
}

/// Alignment cuBLASLt sees for one operand over every column of every matrix of every call
/// (address, leading dim, batch and loop strides). `which` names the tensor's loop strides:
/// 'a', 'b' or 'y'.
uint32_t operand_alignment(const DeviceTensor& t, const LtMatrix& lt, const MatmulPlan& plan,
                           char which) {
  const int64_t bytes = dtype_bytes(t.dtype);
  uint32_t alignment = alignment_of(t.data, {lt.cols > 1 ? lt.ld * bytes : 0,
                                             plan.batch_count > 1 ? lt.batch_stride * bytes : 0});
  for (const MatmulLoop& loop : plan.loops) {
    const int64_t stride = which == 'a'   ? loop.stride_a
                           : which == 'b' ? loop.stride_b
                                          : loop.stride_y;
    alignment = std::min(alignment, alignment_of(nullptr, {stride * bytes}));
  }
  return alignment;
}

/// op(src) (its last two dims swapped when `transpose`) onto dst, whose last two dims may be
/// larger (zero padding); rows x cols is op(src)'s real extent.
StridedCopy operand_copy(const DeviceTensor& src, bool transpose, const DeviceTensor& dst,
                         int64_t rows, int64_t cols) {
  StridedCopy copy = full_copy(src, dst);
  const uint32_t r = src.rank;
  for (uint32_t d = 0; d + 2 < r; ++d) copy.src_strides[d] = dst.shape[d] == 1 ? 0 : src.strides[d];
  copy.src_strides[r - 2] = transpose ? src.strides[r - 1] : src.strides[r - 2];
  copy.src_strides[r - 1] = transpose ? src.strides[r - 2] : src.strides[r - 1];
  copy.src_extent[r - 2] = rows;
  copy.src_extent[r - 1] = cols;
  return copy;
}

/// alpha and beta in cuBLASLt's scale type.
struct Scalar {
  alignas(8) unsigned char bytes[8] = {};
  Scalar(double value, MatmulCompute compute) {
    switch (lt_scale_type(compute)) {
      case CUDA_R_64F:
        std::memcpy(bytes, &value, sizeof(value));
        break;
      case CUDA_R_16F: {
        const __half half = __float2half_rn(static_cast<float>(value));
        std::memcpy(bytes, &half, sizeof(half));
        break;
      }
      case CUDA_R_32I: {
        const int32_t integer = static_cast<int32_t>(value);
        std::memcpy(bytes, &integer, sizeof(integer));
        break;
      }
      default: {
        const float single = static_cast<float>(value);
        std::memcpy(bytes, &single, sizeof(single));
        break;
      }
    }
  }
};

OpStatus run_gemms(const MatmulPlan& plan, const LtMatmulPlan& lt, cublasLtHandle_t handle,
                   const Scalar& alpha, const Scalar& beta, std::byte* lt_workspace,
                   uint64_t lt_workspace_bytes, cudaStream_t stream) {
  const int64_t bytes_a = dtype_bytes(plan.a.dtype);
  const int64_t bytes_b = dtype_bytes(plan.b.dtype);
  const int64_t bytes_y = dtype_bytes(plan.y.dtype);
  std::vector<int64_t> index(plan.loops.size(), 0);
  for (int64_t call = 0; call < plan.calls; ++call) {
    int64_t offset_a = 0, offset_b = 0, offset_y = 0;
    for (std::size_t i = 0; i < plan.loops.size(); ++i) {
      offset_a += index[i] * plan.loops[i].stride_a;
      offset_b += index[i] * plan.loops[i].stride_b;
      offset_y += index[i] * plan.loops[i].stride_y;
    }
    const void* a = plan.a.data + offset_a * bytes_a;
    const void* b = plan.b.data + offset_b * bytes_b;
    void* y = plan.y.data + offset_y * bytes_y;
    const OpStatus status = check_cublas(
        cublasLtMatmul(handle, lt.desc.get(), alpha.bytes, plan.swapped ? b : a, lt.a.get(),
                       plan.swapped ? a : b, lt.b.get(), beta.bytes, y, lt.d.get(), y, lt.d.get(),
                       &lt.algo, lt_workspace, lt_workspace_bytes, stream),
        "cublasLtMatmul");
    if (!status.ok()) return status;
    for (std::size_t i = plan.loops.size(); i-- > 0;) {
      if (++index[i] < plan.loops[i].extent) break;
      index[i] = 0;
    }
  }
  return {};
}

/// The operands a matmul plan may stage (see plan_unbound).
constexpr std::array<PlannedOperand<MatmulProblem, MatmulPlan>, 3> kMatmulStagedOperands{{
    {&MatmulProblem::a, &MatmulPlan::a, &MatmulPlan::stage_a},
    {&MatmulProblem::b, &MatmulPlan::b, &MatmulPlan::stage_b},
    {&MatmulProblem::y, &MatmulPlan::y, &MatmulPlan::stage_y},
}};

/// The plan launch runs. The workspace was sized by a query that knew no addresses; when
/// the addresses ask for more staging (fp8/i8 alignment) than that workspace holds, the
/// problem is planned as the query planned it and cuBLASLt's alignment rules decide.
bool launch_plan(const MatmulProblem& problem, const DeviceTraits& traits, uint64_t available,
                 MatmulPlan& plan, std::string& reason) {
  if (!plan_matmul(problem, traits, plan, reason)) return false;
  if (plan.path != MatmulPath::gemm || matmul_workspace_bytes(plan) <= available) return true;
  return plan_unbound(problem, traits, plan, reason, plan_matmul, kMatmulStagedOperands);
}

}  // namespace

bool supports(const MatmulProblem& problem, const DeviceTraits& traits, std::string& reason) {
  return plans<MatmulPlan>(problem, traits, reason, plan_matmul);
}

uint64_t workspace_bytes(const MatmulProblem& problem, DeviceLibraries& libraries) {
  const auto plan = plan_of<MatmulPlan>(problem, libraries.traits(), plan_matmul);
  return plan ? matmul_workspace_bytes(*plan) : 0;
}

OpStatus launch(const MatmulProblem& problem, DeviceLibraries& libraries, Workspace workspace,
                cudaStream_t stream) {
  MatmulPlan plan;
  std::string reason;
  const uint64_t available = workspace.data == nullptr ? 0 : workspace.bytes;
  if (!launch_plan(problem, libraries.traits(), available, plan, reason)) {
    return {HWC_STATUS_UNSUPPORTED, "matmul: " + reason};
  }
  if (plan.path == MatmulPath::nothing) return {};
  const ScopedDevice device(libraries.traits().cuda_device);
  if (!device.status().ok()) return device.status();
  if (plan.path == MatmulPath::fill_only) {
    return fill_output(problem.bias ? &*problem.bias : nullptr, problem.y, problem.beta, stream);
  }

  // Staged tensors first in the workspace, cuBLASLt's own workspace after them.
  StagingArea staging(workspace.data);
  staging.place(plan.stage_a, plan.a, plan.staged_a_bytes);
  staging.place(plan.stage_b, plan.b, plan.staged_b_bytes);
  staging.place(plan.stage_y, plan.y, plan.staged_y_bytes);
  const uint64_t offset = staging.used();
  if (offset > 0 && (workspace.data == nullptr || workspace.bytes < offset)) {
    return {HWC_STATUS_INVALID_ARGUMENT, "matmul: workspace of " + std::to_string(workspace.bytes) +
                                             " bytes, needs " +
                                             std::to_string(matmul_workspace_bytes(plan))};
  }
  std::byte* lt_workspace = workspace.data == nullptr ? nullptr : workspace.data + offset;
  const uint64_t lt_workspace_bytes =
      workspace.data == nullptr ? 0 : std::min(lt_workspace_cap(plan), workspace.bytes - offset);

  const uint32_t r = problem.y.rank;
  const int64_t M = problem.y.shape[r - 2], N = problem.y.shape[r - 1];
  const int64_t K = problem.transpose_a ? problem.a.shape[r - 2] : problem.a.shape[r - 1];
  OpStatus status;
  if (plan.stage_a && !(status = launch_strided_copy(
                            operand_copy(problem.a, problem.transpose_a, plan.a, M, K), stream))
                           .ok()) {
    return status;
  }
  if (plan.stage_b && !(status = launch_strided_copy(
                            operand_copy(problem.b, problem.transpose_b, plan.b, K, N), stream))
                           .ok()) {
    return status;
  }
  double gemm_beta = 0.0;
  if (problem.bias) {
    // Y starts as the bias (an exact copy) and cuBLASLt adds alpha*A*B to beta*Y, rounding
    // once. beta = 0 starts Y at 0*bias instead (exact: +-0, or NaN for Inf/NaN bias, as
    // the catalogue's beta*bias) and adds it with gemm beta 1, since cuBLASLt does not read C
    // when beta is 0.
    const bool zero_beta = problem.beta == 0.0;
    DeviceTensor window = plan.y;  // Y's own extent of a padded staged Y
    window.shape = problem.y.shape;
    status = fill_output(&*problem.bias, window, zero_beta ? 0.0 : 1.0, stream);
    if (!status.ok()) return status;
    gemm_beta = zero_beta ? 1.0 : problem.beta;
  }

  const DeviceTensor& first = plan.swapped ? plan.b : plan.a;
  const DeviceTensor& second = plan.swapped ? plan.a : plan.b;
  LtAlignment alignment;
  alignment.a = operand_alignment(first, plan.lt_a, plan, plan.swapped ? 'b' : 'a');
  alignment.b = operand_alignment(second, plan.lt_b, plan, plan.swapped ? 'a' : 'b');
  alignment.d = operand_alignment(plan.y, plan.lt_d, plan, 'y');

  std::shared_ptr<const LtMatmulPlan> lt;
  if (!(status = libraries.matmul_plan(plan, alignment, lt_workspace_bytes, stream, lt)).ok()) {
    status.message = "matmul: " + status.message;
    return status;
  }
  // A cached fp8 plan reads the scale written on the stream of the launch that made it.
  const float* scale = nullptr;
  if (plan.compute == MatmulCompute::fp8 && !(status = libraries.unit_scale(stream, scale)).ok())
    return status;
  cublasLtHandle_t handle = nullptr;
  if (!(status = libraries.cublaslt(handle)).ok()) return status;
  const Scalar alpha(problem.alpha, plan.compute);
  const Scalar beta(gemm_beta, plan.compute);
  status = run_gemms(plan, *lt, handle, alpha, beta, lt_workspace, lt->workspace, stream);
  if (!status.ok()) return status;
  if (plan.stage_y) return launch_strided_copy(full_copy(plan.y, problem.y), stream);
  return {};
}

}  // namespace hwcert::cuda::library
