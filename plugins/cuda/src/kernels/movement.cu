// Data movement on raw elements: strided copies (copy, transpose, concat, and the views of
// reshape, expand, slice and split), copies between shapes (reshape), gather and where.
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"

namespace hwcert::cuda::kernels {
namespace {

template <typename T>
__global__ void copy_elements(T* y, const T* x, Indexer<2> ix, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t o[2];
    ix.offsets(i, o);
    y[o[0]] = x[o[1]];
  }
}

template <typename T>
cudaError_t launch_copy(std::byte* y, const std::byte* x, const Indexer<2>& ix, int64_t n,
                        cudaStream_t stream) {
  copy_elements<<<grid_for(n), kBlock, 0, stream>>>(reinterpret_cast<T*>(y),
                                                    reinterpret_cast<const T*>(x), ix, n);
  return cudaGetLastError();
}

template <typename T>
__global__ void copy_reshaped_elements(T* y, Layout yl, const T* x, Layout xl, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step)
    y[offset_of(yl, i)] = x[offset_of(xl, i)];
}

/// Views: y, cond, a, b (all over y's shape).
template <typename T>
__global__ void where_elements(T* y, const uint8_t* cond, const T* a, const T* b, Indexer<4> ix,
                               int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t o[4];
    ix.offsets(i, o);
    y[o[0]] = cond[o[1]] != 0 ? a[o[2]] : b[o[3]];
  }
}

struct GatherGeometry {
  Layout y, data, indices;
  int32_t axis;
};

template <typename T, typename Index>
__global__ void gather_elements(T* y, const T* data, const Index* indices, GatherGeometry g,
                                int64_t n, int* error_flag) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int32_t index_rank = g.indices.rank;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    // y's dims: data dims before axis, then the index dims, then data dims after axis.
    int64_t rest = i, y_off = 0, data_off = 0, index_off = 0;
    for (int d = g.y.rank - 1; d >= 0; --d) {
      const int64_t k = rest % g.y.shape[d];
      rest /= g.y.shape[d];
      y_off += k * g.y.strides[d];
      if (d < g.axis) {
        data_off += k * g.data.strides[d];
      } else if (d < g.axis + index_rank) {
        index_off += k * g.indices.strides[d - g.axis];
      } else {
        data_off += k * g.data.strides[d - index_rank + 1];
      }
    }
    const auto index = static_cast<int64_t>(indices[index_off]);
    if (index < 0 || index >= g.data.shape[g.axis]) {
      y[y_off] = T{};
      atomicExch(error_flag, 1);
      continue;
    }
    y[y_off] = data[data_off + index * g.data.strides[g.axis]];
  }
}

template <typename T>
cudaError_t launch_gather(std::byte* y, const std::byte* data, const std::byte* indices,
                          int32_t index_dtype, const GatherGeometry& g, int64_t n, int* flag,
                          cudaStream_t stream) {
  auto* ys = reinterpret_cast<T*>(y);
  const auto* ds = reinterpret_cast<const T*>(data);
  if (index_dtype == HWC_DTYPE_I32) {
    gather_elements<<<grid_for(n), kBlock, 0, stream>>>(
        ys, ds, reinterpret_cast<const int32_t*>(indices), g, n, flag);
  } else {
    gather_elements<<<grid_for(n), kBlock, 0, stream>>>(
        ys, ds, reinterpret_cast<const int64_t*>(indices), g, n, flag);
  }
  return cudaGetLastError();
}

}  // namespace

cudaError_t copy_strided(std::byte* y, const Layout& y_layout, const std::byte* x,
                         const Layout& x_layout, uint32_t element_size, cudaStream_t stream) {
  const int64_t n = element_count(y_layout);
  if (n == 0) return cudaSuccess;
  if (y_layout.rank == 1 && y_layout.strides[0] == 1 && x_layout.strides[0] == 1)
    return cudaMemcpyAsync(y, x, static_cast<size_t>(n) * element_size, cudaMemcpyDeviceToDevice,
                           stream);
  const Layout* views[2] = {&y_layout, &x_layout};
  const Indexer<2> ix = make_indexer(views);
  return with_raw_type(element_size,
                       [&](auto tag) { return launch_copy<decltype(tag)>(y, x, ix, n, stream); });
}

cudaError_t copy_reshaped(std::byte* y, const Layout& y_layout, const std::byte* x,
                          const Layout& x_layout, uint32_t element_size, cudaStream_t stream) {
  const int64_t n = element_count(y_layout);
  if (n == 0) return cudaSuccess;
  return with_raw_type(element_size, [&](auto tag) {
    using T = decltype(tag);
    copy_reshaped_elements<<<grid_for(n), kBlock, 0, stream>>>(
        reinterpret_cast<T*>(y), y_layout, reinterpret_cast<const T*>(x), x_layout, n);
    return cudaGetLastError();
  });
}

cudaError_t gather(std::byte* y, const Layout& y_layout, const std::byte* data,
                   const Layout& data_layout, const std::byte* indices, int32_t index_dtype,
                   const Layout& index_layout, int32_t axis, uint32_t element_size, int* error_flag,
                   cudaStream_t stream) {
  const int64_t n = element_count(y_layout);
  if (n == 0) return cudaSuccess;
  const GatherGeometry g{y_layout, data_layout, index_layout, axis};
  return with_raw_type(element_size, [&](auto tag) {
    return launch_gather<decltype(tag)>(y, data, indices, index_dtype, g, n, error_flag, stream);
  });
}

cudaError_t where(std::byte* y, const Layout& y_layout, const std::byte* cond,
                  const Layout& cond_layout, const std::byte* a, const Layout& a_layout,
                  const std::byte* b, const Layout& b_layout, uint32_t element_size,
                  cudaStream_t stream) {
  const int64_t n = element_count(y_layout);
  if (n == 0) return cudaSuccess;
  const Layout* views[4] = {&y_layout, &cond_layout, &a_layout, &b_layout};
  const Indexer<4> ix = make_indexer(views);
  return with_raw_type(element_size, [&](auto tag) {
    using T = decltype(tag);
    where_elements<<<grid_for(n), kBlock, 0, stream>>>(
        reinterpret_cast<T*>(y), reinterpret_cast<const uint8_t*>(cond),
        reinterpret_cast<const T*>(a), reinterpret_cast<const T*>(b), ix, n);
    return cudaGetLastError();
  });
}

}  // namespace hwcert::cuda::kernels
