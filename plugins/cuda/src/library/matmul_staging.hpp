// Strided element copies on the device: staging of matmul and conv2d operands into the
// layouts cuBLASLt and cuDNN accept, zero padding, dtype conversion for the f16/bf16 math
// modes, broadcast bias fills, and copying a staged result back into a strided output.
#pragma once

#include <cuda_runtime_api.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include <hwcert/hwcert_plugin.h>

#include "library_ops.hpp"

namespace hwcert::cuda::library {

/// dst[i] = convert(src[i - src_begin]) inside the source window, 0 outside it.
/// Destination index i runs over `shape`; source index j = i - src_begin per dim is inside
/// when 0 <= j < src_extent on every dim. With `scaled`, the value is computed in double
/// as scale * src and rounded once to the destination dtype.
struct StridedCopy {
  uint32_t rank = 0;
  std::array<int64_t, HWC_MAX_RANK> shape{};
  std::array<int64_t, HWC_MAX_RANK> dst_strides{};
  std::array<int64_t, HWC_MAX_RANK> src_strides{};
  std::array<int64_t, HWC_MAX_RANK> src_begin{};
  std::array<int64_t, HWC_MAX_RANK> src_extent{};
  const std::byte* src = nullptr;  ///< null: every element is 0
  std::byte* dst = nullptr;
  int32_t src_dtype = HWC_DTYPE_INVALID;
  int32_t dst_dtype = HWC_DTYPE_INVALID;
  bool scaled = false;
  double scale = 1.0;
};

/// True when launch_strided_copy handles the dtype pair: any dtype onto itself (raw copy
/// for 1-byte dtypes), f32 -> f16 and f32 -> bf16 (round to nearest even); scaled copies
/// for f64, f32, f16, bf16 and i32.
bool strided_copy_supported(int32_t src_dtype, int32_t dst_dtype, bool scaled) noexcept;

/// A copy whose destination is `dst` with the source window covering all of it.
StridedCopy full_copy(const DeviceTensor& src, const DeviceTensor& dst);

/// A copy of `src` onto every element of `dst`, numpy-broadcasting src (dims right-aligned;
/// extent-1 dims of src repeat). For bias fills: scaled by `scale` when `scaled`.
StridedCopy broadcast_copy(const DeviceTensor& src, const DeviceTensor& dst, bool scaled,
                           double scale);

/// Y = scale * bias (bias broadcast as in broadcast_copy), or 0 everywhere without bias.
OpStatus fill_output(const DeviceTensor* bias, const DeviceTensor& y, double scale,
                     cudaStream_t stream);

/// Places staged tensors one after another, each 256-byte aligned, from `base` on.
class StagingArea {
 public:
  explicit StagingArea(std::byte* base) noexcept : base_(base) {}
  /// Points t at the next free bytes when `staged`; otherwise leaves it alone.
  void place(bool staged, DeviceTensor& t, uint64_t bytes) noexcept;
  uint64_t used() const noexcept { return used_; }

 private:
  std::byte* base_;
  uint64_t used_ = 0;
};

/// Enqueues the copy on `stream`; nothing to do when the shape is empty.
OpStatus launch_strided_copy(const StridedCopy& copy, cudaStream_t stream);

}  // namespace hwcert::cuda::library
