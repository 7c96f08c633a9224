// fill: repeats a 1, 2, 4 or 8-byte pattern. Typed stores when the destination is aligned to
// the pattern size, byte stores otherwise (an offset need not be a multiple of the pattern).
#include "kernels/device_common.cuh"

namespace hwcert::cuda::kernels {
namespace {

template <typename T>
__global__ void fill_typed(T* dst, int64_t count, T value) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count;
       i += step)
    dst[i] = value;
}

__global__ void fill_bytes(unsigned char* dst, int64_t size, uint64_t pattern, uint32_t period) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < size; i += step)
    dst[i] = static_cast<unsigned char>(pattern >> (8 * (i % period)));
}

template <typename T>
cudaError_t launch_typed(std::byte* dst, uint64_t size, uint64_t bits, cudaStream_t stream) {
  const auto count = static_cast<int64_t>(size / sizeof(T));
  fill_typed<<<grid_for(count), kBlock, 0, stream>>>(reinterpret_cast<T*>(dst), count,
                                                     static_cast<T>(bits));
  return cudaGetLastError();
}

}  // namespace

cudaError_t fill(std::byte* dst, uint64_t size, uint64_t pattern_bits, uint32_t pattern_size,
                 cudaStream_t stream) {
  if (size == 0) return cudaSuccess;
  if (pattern_size == 1)
    return cudaMemsetAsync(dst, static_cast<int>(pattern_bits & 0xff), size, stream);
  if (reinterpret_cast<uintptr_t>(dst) % pattern_size == 0) {
    switch (pattern_size) {
      case 2:
        return launch_typed<uint16_t>(dst, size, pattern_bits, stream);
      case 4:
        return launch_typed<uint32_t>(dst, size, pattern_bits, stream);
      case 8:
        return launch_typed<uint64_t>(dst, size, pattern_bits, stream);
      default:
        return cudaErrorInvalidValue;
    }
  }
  const auto bytes = static_cast<int64_t>(size);
  fill_bytes<<<grid_for(bytes), kBlock, 0, stream>>>(reinterpret_cast<unsigned char*>(dst), bytes,
                                                     pattern_bits, pattern_size);
  return cudaGetLastError();
}

}  // namespace hwcert::cuda::kernels
