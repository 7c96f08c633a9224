// cuBLASLt objects for one planned matmul shape: the matmul descriptor, the A, B and C/D
// layouts and the heuristic's algorithm, created once and cached per device.
#pragma once

#include <cublasLt.h>

#include <array>
#include <cstdint>
#include <memory>

#include "library_ops.hpp"
#include "matmul_plan.hpp"

namespace hwcert::cuda::library {

struct LtDescDeleter {
  void operator()(cublasLtMatmulDescOpaque_t* desc) const noexcept;
};
struct LtLayoutDeleter {
  void operator()(cublasLtMatrixLayoutOpaque_t* layout) const noexcept;
};
struct LtPreferenceDeleter {
  void operator()(cublasLtMatmulPreferenceOpaque_t* preference) const noexcept;
};
using LtDescPtr = std::unique_ptr<cublasLtMatmulDescOpaque_t, LtDescDeleter>;
using LtLayoutPtr = std::unique_ptr<cublasLtMatrixLayoutOpaque_t, LtLayoutDeleter>;
using LtPreferencePtr = std::unique_ptr<cublasLtMatmulPreferenceOpaque_t, LtPreferenceDeleter>;

/// Byte alignment of the data cuBLASLt's A, B and C/D will see (pointer and batch offsets).
struct LtAlignment {
  uint32_t a = 256, b = 256, d = 256;
};

/// Everything the cached objects depend on.
using LtMatmulKey = std::array<int64_t, 32>;

LtMatmulKey lt_matmul_key(const MatmulPlan& plan, const LtAlignment& alignment,
                          uint64_t max_workspace);

/// Compute and scale types of a plan, and the numerical implementation flags (inputs and
/// accumulators) an algorithm must not report for it: strict f32 never takes TF32 or
/// 16-bit inputs, 16-bit strict modes never accumulate in f16.
cublasComputeType_t lt_compute_type(MatmulCompute compute) noexcept;
cudaDataType_t lt_scale_type(MatmulCompute compute) noexcept;
uint64_t lt_forbidden_impl_flags(MatmulCompute compute) noexcept;
cudaDataType_t lt_data_type(int32_t dtype) noexcept;

struct LtMatmulPlan {
  LtDescPtr desc;
  LtLayoutPtr a, b, d;
  cublasLtMatmulAlgo_t algo{};
  uint64_t workspace = 0;  ///< bytes the algorithm needs
};

/// Builds the descriptors and asks the heuristic for the fastest algorithm whose numerics
/// the plan's math mode allows. `unit_scale` (device float 1.0) is set as the A and B scale
/// for fp8.
OpStatus make_lt_matmul_plan(cublasLtHandle_t handle, const MatmulPlan& plan,
                             const LtAlignment& alignment, uint64_t max_workspace,
                             const float* unit_scale, std::shared_ptr<const LtMatmulPlan>& out);

}  // namespace hwcert::cuda::library
