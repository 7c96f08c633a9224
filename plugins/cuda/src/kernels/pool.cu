// max_pool2d / avg_pool2d: one thread per output element over logical [N, C, H, W] views.
// Padding never wins a max (a NaN in the window gives NaN); avg divides by the elements
// inside the input, or with count_include_pad by the window positions inside the padded
// input (a window may reach past the bottom/right padding).
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"
#include "kernels/dtype_dispatch.cuh"

namespace hwcert::cuda::kernels {
namespace {

template <typename S>
__global__ void pool_elements(S* y, Layout yl, const S* x, Layout xl, Pool2dParams p, int64_t n) {
  using C = typename Num<S>::C;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t height = xl.shape[2], width = xl.shape[3];
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    const int64_t ow = i % yl.shape[3];
    const int64_t oh = (i / yl.shape[3]) % yl.shape[2];
    const int64_t c = (i / (yl.shape[3] * yl.shape[2])) % yl.shape[1];
    const int64_t b = i / (yl.shape[3] * yl.shape[2] * yl.shape[1]);
    const S* plane = x + b * xl.strides[0] + c * xl.strides[1];
    C acc = p.is_max ? static_cast<C>(-INFINITY) : C(0);
    bool nan = false;
    int64_t inside = 0, padded = 0;
    for (int64_t a = 0; a < p.kernel[0]; ++a) {
      const int64_t ih = oh * p.strides[0] - p.pads[0] + a;
      for (int64_t w = 0; w < p.kernel[1]; ++w) {
        const int64_t iw = ow * p.strides[1] - p.pads[1] + w;
        if (ih < height + p.pads[2] && iw < width + p.pads[3]) ++padded;
        if (ih < 0 || ih >= height || iw < 0 || iw >= width) continue;
        const C v = Num<S>::load(plane[ih * xl.strides[2] + iw * xl.strides[3]]);
        ++inside;
        if (p.is_max) {
          nan = nan || is_nan(v);
          acc = v > acc ? v : acc;
        } else {
          acc += v;
        }
      }
    }
    if (p.is_max && nan) acc = static_cast<C>(NAN);
    if (!p.is_max) acc = acc / static_cast<C>(p.count_include_pad ? padded : inside);
    y[b * yl.strides[0] + c * yl.strides[1] + oh * yl.strides[2] + ow * yl.strides[3]] =
        Num<S>::store(acc);
  }
}

template <typename S>
cudaError_t launch(const Pool2dParams& p, std::byte* y, const Layout& yl, const std::byte* x,
                   const Layout& xl, cudaStream_t stream) {
  const int64_t n = element_count(yl);
  if (n == 0) return cudaSuccess;
  pool_elements<<<grid_for(n), kBlock, 0, stream>>>(reinterpret_cast<S*>(y), yl,
                                                    reinterpret_cast<const S*>(x), xl, p, n);
  return cudaGetLastError();
}

}  // namespace

cudaError_t pool2d(const Pool2dParams& params, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* x, const Layout& x_layout, cudaStream_t stream) {
  return with_float_type(dtype, [&](auto tag) {
    return launch<decltype(tag)>(params, y, y_layout, x, x_layout, stream);
  });
}

}  // namespace hwcert::cuda::kernels
