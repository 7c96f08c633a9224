#include "matmul_cublaslt.hpp"

#include "matmul_cublaslt_status.hpp"

namespace hwcert::cuda::library {

void LtDescDeleter::operator()(cublasLtMatmulDescOpaque_t* desc) const noexcept {
  cublasLtMatmulDescDestroy(desc);
}
void LtLayoutDeleter::operator()(cublasLtMatrixLayoutOpaque_t* layout) const noexcept {
  cublasLtMatrixLayoutDestroy(layout);
}
void LtPreferenceDeleter::operator()(cublasLtMatmulPreferenceOpaque_t* preference) const noexcept {
  cublasLtMatmulPreferenceDestroy(preference);
}

cublasComputeType_t lt_compute_type(MatmulCompute compute) noexcept {
  switch (compute) {
    case MatmulCompute::f64:
      return CUBLAS_COMPUTE_64F;
    case MatmulCompute::f32_fast_tf32:
      return CUBLAS_COMPUTE_32F_FAST_TF32;
    case MatmulCompute::f16_f16_accumulate:
      return CUBLAS_COMPUTE_16F;
    case MatmulCompute::i8:
      return CUBLAS_COMPUTE_32I;
    default:
      return CUBLAS_COMPUTE_32F;
  }
}

cudaDataType_t lt_scale_type(MatmulCompute compute) noexcept {
  switch (compute) {
    case MatmulCompute::f64:
      return CUDA_R_64F;
    case MatmulCompute::f16_f16_accumulate:
      return CUDA_R_16F;
    case MatmulCompute::i8:
      return CUDA_R_32I;
    default:
      return CUDA_R_32F;
  }
}

uint64_t lt_forbidden_impl_flags(MatmulCompute compute) noexcept {
  uint64_t inputs = 0;
  uint64_t accumulators = 0;
  switch (compute) {
    case MatmulCompute::f64:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_64F;
      accumulators = CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_64F;
      break;
    case MatmulCompute::f32:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_32F;
      break;
    case MatmulCompute::f32_fast_tf32:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_32F | CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_TF32;
      break;
    case MatmulCompute::f32_via_f16:
    case MatmulCompute::f16_f32_accumulate:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_16F;
      break;
    case MatmulCompute::f32_via_bf16:
    case MatmulCompute::bf16_f32_accumulate:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_16BF;
      break;
    case MatmulCompute::f16_f16_accumulate:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_16F;
      accumulators = CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_16F;
      break;
    case MatmulCompute::fp8:
      inputs =
          CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_8F_E4M3 | CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_8F_E5M2;
      break;
    case MatmulCompute::i8:
      inputs = CUBLASLT_NUMERICAL_IMPL_FLAGS_INPUT_8I;
      accumulators = CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_32I;
      break;
  }
  if (accumulators == 0) {
    // f32 accumulation (or wider) for every float mode except f16_accumulate.
    accumulators = CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_32F |
                   CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_64F;
  }
  if (compute == MatmulCompute::f16_f16_accumulate) {
    accumulators |= CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_32F;
  }
  return (CUBLASLT_NUMERICAL_IMPL_FLAGS_OP_INPUT_TYPE_MASK & ~inputs) |
         (CUBLASLT_NUMERICAL_IMPL_FLAGS_ACCUMULATOR_TYPE_MASK & ~accumulators);
}

cudaDataType_t lt_data_type(int32_t dtype) noexcept {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return CUDA_R_64F;
    case HWC_DTYPE_F16:
      return CUDA_R_16F;
    case HWC_DTYPE_BF16:
      return CUDA_R_16BF;
    case HWC_DTYPE_F8_E4M3:
      return CUDA_R_8F_E4M3;
    case HWC_DTYPE_F8_E5M2:
      return CUDA_R_8F_E5M2;
    case HWC_DTYPE_I8:
      return CUDA_R_8I;
    case HWC_DTYPE_I32:
      return CUDA_R_32I;
    default:
      return CUDA_R_32F;
  }
}

LtMatmulKey lt_matmul_key(const MatmulPlan& plan, const LtAlignment& alignment,
                          uint64_t max_workspace) {
  const DeviceTensor& first = plan.swapped ? plan.b : plan.a;
  const DeviceTensor& second = plan.swapped ? plan.a : plan.b;
  return {static_cast<int64_t>(plan.compute),
          first.dtype,
          second.dtype,
          plan.y.dtype,
          plan.lt_m,
          plan.lt_n,
          plan.k,
          plan.batch_count,
          plan.lt_a.rows,
          plan.lt_a.cols,
          plan.lt_a.ld,
          plan.lt_a.transposed ? 1 : 0,
          plan.lt_a.batch_stride,
          plan.lt_b.rows,
          plan.lt_b.cols,
          plan.lt_b.ld,
          plan.lt_b.transposed ? 1 : 0,
          plan.lt_b.batch_stride,
          plan.lt_d.rows,
          plan.lt_d.cols,
          plan.lt_d.ld,
          plan.lt_d.batch_stride,
          alignment.a,
          alignment.b,
          alignment.d,
          static_cast<int64_t>(max_workspace),
          0,
          0,
          0,
          0,
          0,
          0};
}

namespace {

OpStatus make_layout(cudaDataType_t type, const LtMatrix& matrix, int64_t batch_count,
                     LtLayoutPtr& out) {
  cublasLtMatrixLayout_t raw = nullptr;
  OpStatus status =
      check_cublas(cublasLtMatrixLayoutCreate(&raw, type, static_cast<uint64_t>(matrix.rows),
                                              static_cast<uint64_t>(matrix.cols), matrix.ld),
                   "cublasLtMatrixLayoutCreate");
  if (!status.ok()) return status;
  out.reset(raw);
  if (batch_count > 1) {
    const int32_t count = static_cast<int32_t>(batch_count);
    status = check_cublas(cublasLtMatrixLayoutSetAttribute(raw, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT,
                                                           &count, sizeof(count)),
                          "cublasLtMatrixLayoutSetAttribute(BATCH_COUNT)");
    if (!status.ok()) return status;
    const int64_t stride = matrix.batch_stride;
    status =
        check_cublas(cublasLtMatrixLayoutSetAttribute(
                         raw, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride, sizeof(stride)),
                     "cublasLtMatrixLayoutSetAttribute(STRIDED_BATCH_OFFSET)");
  }
  return status;
}

template <typename T>
OpStatus set_desc(cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attribute,
                  const T& value, const char* what) {
  return check_cublas(cublasLtMatmulDescSetAttribute(desc, attribute, &value, sizeof(value)), what);
}

template <typename T>
OpStatus set_preference(cublasLtMatmulPreference_t preference,
                        cublasLtMatmulPreferenceAttributes_t attribute, const T& value,
                        const char* what) {
  return check_cublas(
      cublasLtMatmulPreferenceSetAttribute(preference, attribute, &value, sizeof(value)), what);
}

/// False when the algorithm reports numerics or a reduction scheme the math mode forbids.
/// The preference's IMPL_MASK and REDUCTION_SCHEME_MASK already filter the heuristic; this
/// checks its answer, and trusts that filter where cuBLASLt does not report an attribute.
bool algorithm_allowed(const cublasLtMatmulAlgo_t& algo, uint64_t forbidden) {
  uint64_t flags = 0;
  size_t written = 0;
  if (cublasLtMatmulAlgoCapGetAttribute(&algo, CUBLASLT_ALGO_CAP_NUMERICAL_IMPL_FLAGS, &flags,
                                        sizeof(flags), &written) == CUBLAS_STATUS_SUCCESS &&
      (flags & forbidden) != 0) {
    return false;
  }
  uint32_t scheme = CUBLASLT_REDUCTION_SCHEME_NONE;
  if (cublasLtMatmulAlgoConfigGetAttribute(&algo, CUBLASLT_ALGO_CONFIG_REDUCTION_SCHEME, &scheme,
                                           sizeof(scheme), &written) != CUBLAS_STATUS_SUCCESS) {
    return true;
  }
  return scheme == CUBLASLT_REDUCTION_SCHEME_NONE ||
         scheme == CUBLASLT_REDUCTION_SCHEME_COMPUTE_TYPE;
}

}  // namespace

OpStatus make_lt_matmul_plan(cublasLtHandle_t handle, const MatmulPlan& plan,
                             const LtAlignment& alignment, uint64_t max_workspace,
                             const float* unit_scale, std::shared_ptr<const LtMatmulPlan>& out) {
  auto result = std::make_shared<LtMatmulPlan>();
  cublasLtMatmulDesc_t desc = nullptr;
  OpStatus status = check_cublas(
      cublasLtMatmulDescCreate(&desc, lt_compute_type(plan.compute), lt_scale_type(plan.compute)),
      "cublasLtMatmulDescCreate");
  if (!status.ok()) return status;
  result->desc.reset(desc);
  const int32_t op_a = plan.lt_a.transposed ? CUBLAS_OP_T : CUBLAS_OP_N;
  const int32_t op_b = plan.lt_b.transposed ? CUBLAS_OP_T : CUBLAS_OP_N;
  if (!(status = set_desc(desc, CUBLASLT_MATMUL_DESC_TRANSA, op_a, "TRANSA")).ok()) return status;
  if (!(status = set_desc(desc, CUBLASLT_MATMUL_DESC_TRANSB, op_b, "TRANSB")).ok()) return status;
  if (plan.compute == MatmulCompute::fp8) {
    const void* scale = unit_scale;
    if (!(status = set_desc(desc, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, scale, "A_SCALE_POINTER"))
             .ok()) {
      return status;
    }
    if (!(status = set_desc(desc, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, scale, "B_SCALE_POINTER"))
             .ok()) {
      return status;
    }
  }

  const DeviceTensor& first = plan.swapped ? plan.b : plan.a;
  const DeviceTensor& second = plan.swapped ? plan.a : plan.b;
  if (!(status = make_layout(lt_data_type(first.dtype), plan.lt_a, plan.batch_count, result->a))
           .ok() ||
      !(status = make_layout(lt_data_type(second.dtype), plan.lt_b, plan.batch_count, result->b))
           .ok() ||
      !(status = make_layout(lt_data_type(plan.y.dtype), plan.lt_d, plan.batch_count, result->d))
           .ok()) {
    return status;
  }

  cublasLtMatmulPreference_t raw_preference = nullptr;
  if (!(status = check_cublas(cublasLtMatmulPreferenceCreate(&raw_preference),
                              "cublasLtMatmulPreferenceCreate"))
           .ok()) {
    return status;
  }
  LtPreferencePtr preference(raw_preference);
  const uint64_t forbidden = lt_forbidden_impl_flags(plan.compute);
  const uint64_t impl_mask = ~forbidden;
  const uint32_t reduction = CUBLASLT_REDUCTION_SCHEME_COMPUTE_TYPE;
  if (!(status = set_preference(raw_preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                max_workspace, "MAX_WORKSPACE_BYTES"))
           .ok() ||
      !(status =
            set_preference(raw_preference, CUBLASLT_MATMUL_PREF_IMPL_MASK, impl_mask, "IMPL_MASK"))
           .ok() ||
      !(status = set_preference(raw_preference, CUBLASLT_MATMUL_PREF_REDUCTION_SCHEME_MASK,
                                reduction, "REDUCTION_SCHEME_MASK"))
           .ok() ||
      !(status = set_preference(raw_preference, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES,
                                alignment.a, "MIN_ALIGNMENT_A_BYTES"))
           .ok() ||
      !(status = set_preference(raw_preference, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES,
                                alignment.b, "MIN_ALIGNMENT_B_BYTES"))
           .ok() ||
      !(status = set_preference(raw_preference, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES,
                                alignment.d, "MIN_ALIGNMENT_C_BYTES"))
           .ok() ||
      !(status = set_preference(raw_preference, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES,
                                alignment.d, "MIN_ALIGNMENT_D_BYTES"))
           .ok()) {
    return status;
  }

  constexpr int kRequested = 8;
  cublasLtMatmulHeuristicResult_t results[kRequested] = {};
  int returned = 0;
  status = check_cublas(cublasLtMatmulAlgoGetHeuristic(
                            handle, desc, result->a.get(), result->b.get(), result->d.get(),
                            result->d.get(), raw_preference, kRequested, results, &returned),
                        "cublasLtMatmulAlgoGetHeuristic");
  if (!status.ok()) return status;
  for (int i = 0; i < returned; ++i) {
    if (results[i].state != CUBLAS_STATUS_SUCCESS) continue;
    if (results[i].workspaceSize > max_workspace) continue;
    if (!algorithm_allowed(results[i].algo, forbidden)) continue;
    result->algo = results[i].algo;
    result->workspace = results[i].workspaceSize;
    out = std::move(result);
    return {};
  }
  return {HWC_STATUS_UNSUPPORTED,
          "cuBLASLt offers no algorithm for this shape, layout and alignment in the asked "
          "math_mode"};
}

}  // namespace hwcert::cuda::library
