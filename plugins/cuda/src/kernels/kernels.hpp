// Host-side launchers of the plugin's own CUDA kernels (kernels/*.cu). Pointers are device
// addresses of element 0 of each view (buffer base + byte_offset); layouts give the shape
// and element strides. Every launcher only enqueues on `stream` and returns the launch
// status (cudaGetLastError after the launch); nothing blocks the host.
#pragma once

#include <cuda_runtime_api.h>

#include <hwcert/plugin_common/movement_shapes.hpp>

#include <cstddef>
#include <cstdint>

namespace hwcert::cuda::kernels {

constexpr int kMaxRank = 8;

/// A strided view: element (i0..i{rank-1}) at sum(ik * strides[k]). Entries >= rank unused.
struct Layout {
  int32_t rank = 0;
  int64_t shape[kMaxRank] = {};
  int64_t strides[kMaxRank] = {};
};

/// Number of elements of a layout (1 for rank 0).
int64_t element_count(const Layout& layout) noexcept;

/// Repeats the pattern (little-endian bits, 1/2/4/8 bytes) over size bytes at dst.
cudaError_t fill(std::byte* dst, uint64_t size, uint64_t pattern_bits, uint32_t pattern_size,
                 cudaStream_t stream);

/// y = x elementwise over their common shape (y_layout.shape == x_layout.shape), moving
/// element_size (1, 2, 4 or 8) bytes per element.
cudaError_t copy_strided(std::byte* y, const Layout& y_layout, const std::byte* x,
                         const Layout& x_layout, uint32_t element_size, cudaStream_t stream);

/// y = x's elements in row-major order, where y's shape differs from x's (same count).
cudaError_t copy_reshaped(std::byte* y, const Layout& y_layout, const std::byte* x,
                          const Layout& x_layout, uint32_t element_size, cudaStream_t stream);

/// y = cond != 0 ? a : b; cond (u8), a and b already broadcast to y's shape.
cudaError_t where(std::byte* y, const Layout& y_layout, const std::byte* cond,
                  const Layout& cond_layout, const std::byte* a, const Layout& a_layout,
                  const std::byte* b, const Layout& b_layout, uint32_t element_size,
                  cudaStream_t stream);

using plugin_common::PadMode;
using plugin_common::ResizeMode;

/// pad's views (same rank) and leading pads: y element q reads x at q - begin on each dim,
/// mirrored (reflect) or clamped (edge) back inside x, or is the value (constant).
struct PadGeometry {
  Layout y, x;
  int64_t begin[kMaxRank] = {};
  PadMode mode = PadMode::kConstant;
};

/// pad on raw elements; value_bits is the constant's element (plugin_common::scalar_bits).
cudaError_t pad(const PadGeometry& geometry, uint64_t value_bits, std::byte* y, const std::byte* x,
                uint32_t element_size, cudaStream_t stream);

/// resize of NCHW views (float dtypes): nearest reads x at floor(dst * in / out) on H and W;
/// bilinear interpolates around max(0, (dst + 0.5) * in / out - 0.5).
cudaError_t resize(ResizeMode mode, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* x, const Layout& x_layout, cudaStream_t stream);

/// y = cast(x) with the catalogue's rules (round to nearest even, fp8 saturation, float to
/// int truncation with saturation and NaN -> 0, int wrap, bool).
cudaError_t cast(std::byte* y, int32_t y_dtype, const Layout& y_layout, const std::byte* x,
                 int32_t x_dtype, const Layout& x_layout, cudaStream_t stream);

/// y = data gathered along `axis` by indices (i32 or i64). y's layout has rank
/// data.rank - 1 + indices.rank. An index outside [0, data.shape[axis]) writes zero bytes
/// to its y elements and sets *error_flag to 1.
cudaError_t gather(std::byte* y, const Layout& y_layout, const std::byte* data,
                   const Layout& data_layout, const std::byte* indices, int32_t index_dtype,
                   const Layout& index_layout, int32_t axis, uint32_t element_size, int* error_flag,
                   cudaStream_t stream);

enum class UnaryOp {
  neg,
  abs,
  exp,
  log,
  sqrt,
  rsqrt,
  tanh,
  sigmoid,
  relu,
  gelu_erf,
  gelu_tanh,
  silu
};
enum class BinaryOp { add, sub, mul, div, max, min, pow };

/// y = op(x), same shape; dtype: f64, f32, f16, bf16 (and i8, i32, i64 for neg, abs, relu).
cudaError_t unary(UnaryOp op, int32_t dtype, std::byte* y, const Layout& y_layout,
                  const std::byte* x, const Layout& x_layout, cudaStream_t stream);

/// y = op(a, b); a and b already broadcast to y's shape (stride 0 on broadcast dims).
cudaError_t binary(BinaryOp op, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* a, const Layout& a_layout, const std::byte* b,
                   const Layout& b_layout, cudaStream_t stream);

/// The opset-2 activations (docs/op-catalogue.md). a, b: clip's bounds (already rounded to
/// the dtype), leaky_relu's alpha (a), hard_sigmoid's alpha and beta; unused otherwise.
enum class ActivationOp { clip, leaky_relu, hard_sigmoid, hard_swish, erf };

/// y = op(x; a, b), same shape; dtype f64, f32, f16, bf16 (f16/bf16 compute in f32, the
/// attribute values in the compute type).
cudaError_t activation(ActivationOp op, int32_t dtype, double a, double b, std::byte* y,
                       const Layout& y_layout, const std::byte* x, const Layout& x_layout,
                       cudaStream_t stream);

/// Inference batch_norm's per-channel parameters: scale, bias, mean, var (each [C], X's
/// dtype) as device addresses of element 0 and element strides.
struct ChannelParams {
  const std::byte* data[4] = {};
  int64_t strides[4] = {};
};

/// y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c] for X [N, C, inner...]
/// (y and x layouts over X's shape, c the channel of each element).
cudaError_t batch_norm(int32_t dtype, std::byte* y, const Layout& y_layout, const std::byte* x,
                       const Layout& x_layout, const ChannelParams& params, int64_t inner,
                       int64_t channels, double epsilon, cudaStream_t stream);

enum class ReduceOp { sum, max, mean };

/// One output per element of the kept shape: y (y_layout over the kept shape) = reduction
/// of x over the reduced dims. x_kept has the kept shape with x's strides for those dims,
/// x_reduced the reduced shape with x's strides for those.
cudaError_t reduce(ReduceOp op, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* x, const Layout& x_kept, const Layout& x_reduced,
                   cudaStream_t stream);

struct Pool2dParams {
  bool is_max = true;
  bool count_include_pad = false;
  int64_t kernel[2] = {1, 1};
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};  ///< top, left, bottom, right
};

/// max_pool2d / avg_pool2d. Both layouts are logical [N, C, H, W] views (NHWC tensors are
/// passed with their strides permuted), so the kernel does not depend on the memory layout.
cudaError_t pool2d(const Pool2dParams& params, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* x, const Layout& x_layout, cudaStream_t stream);

}  // namespace hwcert::cuda::kernels
