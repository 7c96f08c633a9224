// Device side of matmul_staging.hpp: one grid-stride kernel per dtype pair.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "cuda_errors.hpp"
#include "kernels/float_bits.hpp"
#include "matmul_staging.hpp"

namespace hwcert::cuda::library {
namespace {

// f16/bf16 on the bits (kernels/float_bits.hpp): NaN keeps its sign.
using kernels::bf16_bits_to_float;
using kernels::double_to_bf16_bits;
using kernels::double_to_f16_bits;
using kernels::f16_bits_to_float;
using kernels::float_to_bf16_bits;
using kernels::float_to_f16_bits;

struct CopyParams {
  uint32_t rank;
  int64_t count;
  int64_t shape[HWC_MAX_RANK];
  int64_t dst_strides[HWC_MAX_RANK];
  int64_t src_strides[HWC_MAX_RANK];
  int64_t src_begin[HWC_MAX_RANK];
  int64_t src_extent[HWC_MAX_RANK];
  bool scaled;
  double scale;
};

template <typename T>
__device__ T from_double(double value) {
  return static_cast<T>(value);
}
template <>
__device__ __half from_double<__half>(double value) {
  return __ushort_as_half(double_to_f16_bits(value));
}
template <>
__device__ __nv_bfloat16 from_double<__nv_bfloat16>(double value) {
  return __ushort_as_bfloat16(double_to_bf16_bits(value));
}
template <>
__device__ int32_t from_double<int32_t>(double value) {
  return static_cast<int32_t>(llrint(value));
}

template <typename T>
__device__ double to_double(T value) {
  return static_cast<double>(value);
}
template <>
__device__ double to_double<__half>(__half value) {
  return static_cast<double>(f16_bits_to_float(__half_as_ushort(value)));
}
template <>
__device__ double to_double<__nv_bfloat16>(__nv_bfloat16 value) {
  return static_cast<double>(bf16_bits_to_float(__bfloat16_as_ushort(value)));
}

template <typename S, typename D>
__device__ D convert(S value) {
  return value;
}
template <>
__device__ __half convert<float, __half>(float value) {
  return __ushort_as_half(float_to_f16_bits(value));
}
template <>
__device__ __nv_bfloat16 convert<float, __nv_bfloat16>(float value) {
  return __ushort_as_bfloat16(float_to_bf16_bits(value));
}

template <typename T>
__device__ T zero_of() {
  T zero;
  memset(&zero, 0, sizeof(T));
  return zero;
}

template <typename S, typename D>
__global__ void strided_copy_kernel(CopyParams p, const S* __restrict__ src, D* __restrict__ dst) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < p.count;
       i += step) {
    int64_t rest = i;
    int64_t dst_offset = 0;
    int64_t src_offset = 0;
    bool inside = src != nullptr;
    for (int d = static_cast<int>(p.rank) - 1; d >= 0; --d) {
      const int64_t index = rest % p.shape[d];
      rest /= p.shape[d];
      dst_offset += index * p.dst_strides[d];
      const int64_t source_index = index - p.src_begin[d];
      inside = inside && source_index >= 0 && source_index < p.src_extent[d];
      src_offset += source_index * p.src_strides[d];
    }
    D value = zero_of<D>();
    if (inside) {
      if (p.scaled) {
        value = from_double<D>(p.scale * to_double(src[src_offset]));
      } else {
        value = convert<S, D>(src[src_offset]);
      }
    }
    dst[dst_offset] = value;
  }
}

template <typename S, typename D>
cudaError_t enqueue(const CopyParams& params, const StridedCopy& copy, cudaStream_t stream) {
  constexpr int threads = 256;
  const int64_t wanted = (params.count + threads - 1) / threads;
  const int blocks = static_cast<int>(wanted < 65535 * 4 ? wanted : 65535 * 4);
  strided_copy_kernel<S, D><<<blocks, threads, 0, stream>>>(
      params, reinterpret_cast<const S*>(copy.src), reinterpret_cast<D*>(copy.dst));
  return cudaGetLastError();
}

template <typename T>
cudaError_t enqueue_same(const CopyParams& params, const StridedCopy& copy, cudaStream_t stream) {
  return enqueue<T, T>(params, copy, stream);
}

cudaError_t dispatch(const CopyParams& params, const StridedCopy& copy, cudaStream_t stream) {
  if (copy.src_dtype == HWC_DTYPE_F32 && copy.dst_dtype == HWC_DTYPE_F16) {
    return enqueue<float, __half>(params, copy, stream);
  }
  if (copy.src_dtype == HWC_DTYPE_F32 && copy.dst_dtype == HWC_DTYPE_BF16) {
    return enqueue<float, __nv_bfloat16>(params, copy, stream);
  }
  switch (copy.dst_dtype) {
    case HWC_DTYPE_F64:
      return enqueue_same<double>(params, copy, stream);
    case HWC_DTYPE_F32:
      return enqueue_same<float>(params, copy, stream);
    case HWC_DTYPE_F16:
      return enqueue_same<__half>(params, copy, stream);
    case HWC_DTYPE_BF16:
      return enqueue_same<__nv_bfloat16>(params, copy, stream);
    case HWC_DTYPE_I32:
      return enqueue_same<int32_t>(params, copy, stream);
    default:
      return enqueue_same<uint8_t>(params, copy, stream);
  }
}

}  // namespace

OpStatus launch_strided_copy(const StridedCopy& copy, cudaStream_t stream) {
  if (!strided_copy_supported(copy.src_dtype, copy.dst_dtype, copy.scaled) &&
      !(copy.src == nullptr && strided_copy_supported(copy.dst_dtype, copy.dst_dtype, false))) {
    return {HWC_STATUS_INTERNAL, "strided copy: unsupported dtype pair"};
  }
  CopyParams params{};
  params.rank = copy.rank;
  params.count = 1;
  for (uint32_t d = 0; d < copy.rank; ++d) {
    params.count *= copy.shape[d];
    params.shape[d] = copy.shape[d];
    params.dst_strides[d] = copy.dst_strides[d];
    params.src_strides[d] = copy.src_strides[d];
    params.src_begin[d] = copy.src_begin[d];
    params.src_extent[d] = copy.src_extent[d];
  }
  params.scaled = copy.scaled;
  params.scale = copy.scale;
  if (params.count == 0) return {};
  const cudaError_t error = dispatch(params, copy, stream);
  if (error != cudaSuccess) return {status_of(error), describe("strided copy kernel", error)};
  return {};
}

}  // namespace hwcert::cuda::library
