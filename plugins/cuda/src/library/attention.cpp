// Support query and workspace of scaled_dot_product_attention; the kernel is in attention.cu.
#include <climits>
#include <string>

#include "attention_plan.hpp"
#include "library_ops.hpp"

namespace hwcert::cuda::library {
namespace attention {

int32_t accumulator_bytes(int32_t dtype) noexcept {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return 8;
    case HWC_DTYPE_F32:
    case HWC_DTYPE_F16:
    case HWC_DTYPE_BF16:
      return 4;
    default:
      return 0;
  }
}

int64_t key_tile_stride(int64_t d) noexcept {
  return d % 2 == 0 ? d + 1 : d;
}

int32_t value_chunks(int64_t dv) noexcept {
  if (dv <= 64) return 2;
  if (dv <= 128) return 4;
  if (dv <= kMaxHeadDim) return 8;
  return 0;
}

uint64_t shared_memory_bytes(int32_t dtype, int64_t d, int64_t dv) noexcept {
  const auto elements = static_cast<uint64_t>(kQueryTile * d + kKeyTile * key_tile_stride(d) +
                                              kKeyTile * 32 * value_chunks(dv));
  return elements * static_cast<uint64_t>(accumulator_bytes(dtype));
}

uint64_t tensor_core_shared_memory_bytes(int64_t d, int64_t dv) noexcept {
  const auto half =
      static_cast<uint64_t>(kTcQueryTile * (d + kTcPad) + kTcKeyTile * (d + kTcPad) +
                            kTcKeyTile * (dv + kTcPad) + kTcWarps * 16 * (kTcKeyTile + kTcPad));
  const auto single = static_cast<uint64_t>(kTcWarps * 16 * (kTcKeyTile + kTcFloatPad) +
                                            kTcWarps * 16 * (dv + kTcFloatPad));
  return half * 2 + single * 4;
}

int64_t tensor_core_block_count(int64_t batch, int64_t heads, int64_t sq) noexcept {
  return batch * heads * ((sq + kTcQueryTile - 1) / kTcQueryTile);
}

AttentionKernel choose_kernel(const AttentionProblem& problem, int cc_major,
                              uint64_t shared_memory_limit) noexcept {
  const uint64_t limit = shared_memory_limit == 0 ? kDefaultSharedMemory : shared_memory_limit;
  const int32_t dtype = problem.q.dtype;
  const int64_t d = problem.q.shape[3], dv = problem.v.shape[3];
  if (d > kMaxHeadDim || dv > kMaxHeadDim) return AttentionKernel::none;
  const bool half = dtype == HWC_DTYPE_F16 || dtype == HWC_DTYPE_BF16;
  const bool tiles16 = d > 0 && dv > 0 && d % 16 == 0 && dv % 16 == 0;
  if (half && cc_major >= 8 && tiles16 && tensor_core_shared_memory_bytes(d, dv) <= limit) {
    return AttentionKernel::tensor_cores;
  }
  if (accumulator_bytes(dtype) != 0 && shared_memory_bytes(dtype, d, dv) <= limit) {
    return AttentionKernel::cuda_cores;
  }
  return AttentionKernel::none;
}

int64_t block_count(int64_t batch, int64_t heads, int64_t sq) noexcept {
  return batch * heads * ((sq + kQueryTile - 1) / kQueryTile);
}

bool supports_attention(const AttentionProblem& problem, int cc_major, uint64_t shared_memory_limit,
                        std::string& reason) {
  const int32_t dtype = problem.q.dtype;
  if (accumulator_bytes(dtype) == 0) {
    reason = "attention runs on f64, f32, f16 and bf16 only";
    return false;
  }
  if (problem.k.dtype != dtype || problem.v.dtype != dtype || problem.y.dtype != dtype) {
    reason = "attention needs q, k, v and y of one dtype";
    return false;
  }
  if (problem.math_mode != MathMode::strict) {
    reason = "attention computes in math_mode strict only (inputs at their own precision)";
    return false;
  }
  if (problem.q.rank != 4 || problem.k.rank != 4 || problem.v.rank != 4 || problem.y.rank != 4) {
    reason = "attention needs rank-4 q, k, v and y";
    return false;
  }
  const int64_t d = problem.q.shape[3], dv = problem.v.shape[3];
  if (d > kMaxHeadDim || dv > kMaxHeadDim) {
    reason = "attention kernel takes head dims D and Dv up to " + std::to_string(kMaxHeadDim) +
             "; got D=" + std::to_string(d) + ", Dv=" + std::to_string(dv);
    return false;
  }
  const uint64_t limit = shared_memory_limit == 0 ? kDefaultSharedMemory : shared_memory_limit;
  const uint64_t needed = shared_memory_bytes(dtype, d, dv);
  if (choose_kernel(problem, cc_major, shared_memory_limit) == AttentionKernel::none) {
    reason = "attention tiles need " + std::to_string(needed) +
             " bytes of shared memory per block; the device allows " + std::to_string(limit);
    return false;
  }
  if (block_count(problem.q.shape[0], problem.q.shape[1], problem.q.shape[2]) > INT_MAX) {
    reason = "attention launch would need more than 2^31-1 blocks";
    return false;
  }
  return true;
}

}  // namespace attention

bool supports(const AttentionProblem& problem, const DeviceTraits& traits, std::string& reason) {
  return attention::supports_attention(problem, traits.cc_major,
                                       traits.shared_memory_per_block_optin, reason);
}

uint64_t workspace_bytes(const AttentionProblem& /*problem*/, DeviceLibraries& /*libraries*/) {
  return 0;
}

}  // namespace hwcert::cuda::library
