// Host-only planning of a conv2d on cuDNN: data/compute/math types for the math mode, the
// NCHW-ordered dims cuDNN's descriptors take, and which of X, W, Y are staged first into
// packed (and, for asymmetric pads, explicitly zero-padded) copies in workspace.
#pragma once

#include <cudnn.h>

#include <array>
#include <cstdint>
#include <string>

#include "library_ops.hpp"

namespace hwcert::cuda::library {

enum class Conv2dPath {
  nothing,    ///< Y is empty
  fill_only,  ///< C/groups * KH * KW == 0: Y = bias, or 0
  convolution,
};

struct Conv2dPlan {
  Conv2dPath path = Conv2dPath::nothing;
  cudnnDataType_t data_type = CUDNN_DATA_FLOAT;
  cudnnDataType_t compute_type = CUDNN_DATA_FLOAT;
  cudnnMathType_t math_type = CUDNN_DEFAULT_MATH;  ///< set on the descriptor
  bool fma_only = false;  ///< only algorithms reporting CUDNN_FMA_MATH (strict f32)
  bool nhwc = false;

  /// Logical NCHW dims: X (after explicit padding), filter [K, C/groups, R, S], Y.
  std::array<int64_t, 4> x_dims{}, w_dims{}, y_dims{};
  int64_t groups = 1;
  std::array<int64_t, 2> pads{}, strides{}, dilations{};  ///< (h, w), symmetric pads

  /// Tensors cuDNN reads and writes, in the problem's layout (staged ones: data null).
  DeviceTensor x, w, y;
  bool stage_x = false, stage_w = false, stage_y = false;
  std::array<int64_t, 4> x_pad_begin{};  ///< zero rows/cols before X in the staged copy
  uint64_t staged_x_bytes = 0, staged_w_bytes = 0, staged_y_bytes = 0;
};

/// cuDNN's cache key: every value the descriptors are built from.
using Conv2dKey = std::array<int64_t, 32>;
Conv2dKey conv2d_key(const Conv2dPlan& plan);

/// The strides of `t` in NCHW dim order (t in NCHW or NHWC layout).
std::array<int64_t, 4> nchw_strides(const DeviceTensor& t, bool nhwc);
/// The extents of `t` in NCHW dim order.
std::array<int64_t, 4> nchw_dims(const DeviceTensor& t, bool nhwc);

/// Plans the problem; false with a one-line reason when launch cannot run it exactly.
bool plan_conv2d(const Conv2dProblem& problem, const DeviceTraits& traits, Conv2dPlan& plan,
                 std::string& reason);

/// Staged bytes (256-byte aligned each), without cuDNN's own workspace.
uint64_t conv2d_staging_bytes(const Conv2dPlan& plan) noexcept;

}  // namespace hwcert::cuda::library
