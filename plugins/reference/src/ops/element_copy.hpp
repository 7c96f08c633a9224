// Dtype-agnostic strided element copy, shared by copy, transpose, concat and gather.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace hwcert::reference {

// Copies n elements of `size` bytes from src (element stride src_stride) to dst.
inline void copy_elements(std::byte* dst, int64_t dst_stride, const std::byte* src,
                          int64_t src_stride, int64_t n, std::size_t size) {
  if (dst_stride == 1 && src_stride == 1) {
    std::memcpy(dst, src, static_cast<std::size_t>(n) * size);
    return;
  }
  const int64_t dst_step = dst_stride * static_cast<int64_t>(size);
  const int64_t src_step = src_stride * static_cast<int64_t>(size);
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * dst_step, src + i * src_step, size);
}

}  // namespace hwcert::reference
