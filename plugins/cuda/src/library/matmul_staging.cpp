#include "matmul_staging.hpp"

#include <algorithm>

namespace hwcert::cuda::library {

bool strided_copy_supported(int32_t src_dtype, int32_t dst_dtype, bool scaled) noexcept {
  const bool scalable = dst_dtype == HWC_DTYPE_F64 || dst_dtype == HWC_DTYPE_F32 ||
                        dst_dtype == HWC_DTYPE_F16 || dst_dtype == HWC_DTYPE_BF16 ||
                        dst_dtype == HWC_DTYPE_I32;
  if (src_dtype == dst_dtype) {
    if (scaled) return scalable;
    switch (dst_dtype) {
      case HWC_DTYPE_F64:
      case HWC_DTYPE_F32:
      case HWC_DTYPE_F16:
      case HWC_DTYPE_BF16:
      case HWC_DTYPE_F8_E4M3:
      case HWC_DTYPE_F8_E5M2:
      case HWC_DTYPE_I8:
      case HWC_DTYPE_U8:
      case HWC_DTYPE_I32:
        return true;
      default:
        return false;
    }
  }
  return !scaled && src_dtype == HWC_DTYPE_F32 &&
         (dst_dtype == HWC_DTYPE_F16 || dst_dtype == HWC_DTYPE_BF16);
}

StridedCopy full_copy(const DeviceTensor& src, const DeviceTensor& dst) {
  StridedCopy copy;
  copy.rank = dst.rank;
  copy.shape = dst.shape;
  copy.dst_strides = dst.strides;
  copy.src_strides = src.strides;
  copy.src_extent = dst.shape;
  copy.src = src.data;
  copy.dst = dst.data;
  copy.src_dtype = src.dtype;
  copy.dst_dtype = dst.dtype;
  return copy;
}

StridedCopy broadcast_copy(const DeviceTensor& src, const DeviceTensor& dst, bool scaled,
                           double scale) {
  StridedCopy copy = full_copy(src, dst);
  copy.src_strides = {};
  const uint32_t lead = dst.rank - std::min(src.rank, dst.rank);
  for (uint32_t d = lead; d < dst.rank; ++d) {
    const uint32_t s = d - lead;
    copy.src_strides[d] = src.shape[s] == dst.shape[d] ? src.strides[s] : 0;
  }
  copy.scaled = scaled;
  copy.scale = scale;
  return copy;
}

OpStatus fill_output(const DeviceTensor* bias, const DeviceTensor& y, double scale,
                     cudaStream_t stream) {
  if (bias == nullptr) return launch_strided_copy(full_copy(DeviceTensor{}, y), stream);
  return launch_strided_copy(broadcast_copy(*bias, y, scale != 1.0, scale), stream);
}

void StagingArea::place(bool staged, DeviceTensor& t, uint64_t bytes) noexcept {
  if (!staged) return;
  t.data = base_ == nullptr ? nullptr : base_ + used_;
  used_ += (bytes + 255) / 256 * 256;
}

}  // namespace hwcert::cuda::library
