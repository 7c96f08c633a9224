#include "conv2d_plan.hpp"

#include <limits>

#include "matmul_plan.hpp"

namespace hwcert::cuda::library {
namespace {

bool is_packed(const DeviceTensor& t) {
  int64_t expected = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    if (t.shape[i] != 1 && t.strides[i] != expected) return false;
    expected *= t.shape[i];
  }
  return true;
}

bool aligned16(const DeviceTensor& t) {
  return reinterpret_cast<std::uintptr_t>(t.data) % 16 == 0;
}

int64_t element_count(const DeviceTensor& t) {
  int64_t count = 1;
  for (uint32_t i = 0; i < t.rank; ++i) count *= t.shape[i];
  return count;
}

/// A packed copy of `t`'s layout with the given shape; data is placed by launch.
DeviceTensor packed(const DeviceTensor& t, const std::array<int64_t, HWC_MAX_RANK>& shape) {
  DeviceTensor result;
  result.dtype = t.dtype;
  result.rank = t.rank;
  result.shape = shape;
  int64_t running = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    result.strides[i] = running;
    running *= shape[i];
  }
  return result;
}

uint64_t bytes_of(const DeviceTensor& t) {
  return static_cast<uint64_t>(element_count(t) * dtype_bytes(t.dtype));
}

bool select_types(const Conv2dProblem& p, const DeviceTraits& traits, Conv2dPlan& plan,
                  std::string& reason) {
  const int cc = traits.cc_major * 10 + traits.cc_minor;
  const int32_t dtype = p.x.dtype;
  if (p.w.dtype != dtype || p.y.dtype != dtype || (p.bias && p.bias->dtype != dtype)) {
    reason = "conv2d takes X, W, bias and Y of one dtype";
    return false;
  }
  const bool strict = p.math_mode == MathMode::strict;
  switch (dtype) {
    case HWC_DTYPE_F64:
      if (!strict) break;
      plan.data_type = CUDNN_DATA_DOUBLE;
      plan.compute_type = CUDNN_DATA_DOUBLE;
      plan.math_type = CUDNN_DEFAULT_MATH;
      return true;
    case HWC_DTYPE_F32:
      plan.data_type = CUDNN_DATA_FLOAT;
      plan.compute_type = CUDNN_DATA_FLOAT;
      if (strict) {
        // FMA math keeps cuDNN off TF32 tensor cores, which CUDNN_DEFAULT_MATH allows.
        plan.math_type = CUDNN_FMA_MATH;
        plan.fma_only = true;
        return true;
      }
      if (p.math_mode == MathMode::tf32) {
        if (cc < 80) {
          reason = "tf32 needs compute capability 8.0 or newer";
          return false;
        }
        // Not CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION: that may convert f32 data to f16.
        plan.math_type = CUDNN_DEFAULT_MATH;
        return true;
      }
      break;
    case HWC_DTYPE_F16:
      if (!strict) break;
      plan.data_type = CUDNN_DATA_HALF;
      plan.compute_type = CUDNN_DATA_FLOAT;
      plan.math_type = CUDNN_TENSOR_OP_MATH;
      return true;
    case HWC_DTYPE_BF16:
      if (!strict) break;
      if (cc < 80) {
        reason = "bf16 conv2d needs compute capability 8.0 or newer";
        return false;
      }
      plan.data_type = CUDNN_DATA_BFLOAT16;
      plan.compute_type = CUDNN_DATA_FLOAT;
      plan.math_type = CUDNN_TENSOR_OP_MATH;
      return true;
    default:
      reason = "conv2d takes f64, f32, f16 or bf16";
      return false;
  }
  reason = "this math_mode is not offered for conv2d of this dtype on cuDNN";
  if (p.math_mode == MathMode::hf32) reason += " (HF32 is an Ascend mode; this device has none)";
  return false;
}

}  // namespace

std::array<int64_t, 4> nchw_dims(const DeviceTensor& t, bool nhwc) {
  if (nhwc) return {t.shape[0], t.shape[3], t.shape[1], t.shape[2]};
  return {t.shape[0], t.shape[1], t.shape[2], t.shape[3]};
}

std::array<int64_t, 4> nchw_strides(const DeviceTensor& t, bool nhwc) {
  if (nhwc) return {t.strides[0], t.strides[3], t.strides[1], t.strides[2]};
  return {t.strides[0], t.strides[1], t.strides[2], t.strides[3]};
}

Conv2dKey conv2d_key(const Conv2dPlan& plan) {
  Conv2dKey key{};
  std::size_t i = 0;
  key[i++] = plan.data_type;
  key[i++] = plan.compute_type;
  key[i++] = plan.math_type;
  key[i++] = plan.fma_only ? 1 : 0;
  key[i++] = plan.nhwc ? 1 : 0;
  for (const auto* dims : {&plan.x_dims, &plan.w_dims, &plan.y_dims}) {
    for (const int64_t v : *dims) key[i++] = v;
  }
  key[i++] = plan.groups;
  for (const auto* pair : {&plan.pads, &plan.strides, &plan.dilations}) {
    for (const int64_t v : *pair) key[i++] = v;
  }
  return key;
}

bool plan_conv2d(const Conv2dProblem& problem, const DeviceTraits& traits, Conv2dPlan& plan,
                 std::string& reason) {
  plan = Conv2dPlan{};
  const Conv2dProblem& p = problem;
  if (p.x.rank != 4 || p.w.rank != 4 || p.y.rank != 4) {
    reason = "conv2d takes rank-4 X, W and Y";
    return false;
  }
  if (!select_types(p, traits, plan, reason)) return false;
  plan.nhwc = p.nhwc;
  plan.groups = p.groups;
  plan.x = p.x;
  plan.w = p.w;
  plan.y = p.y;
  if (element_count(p.y) == 0) {
    plan.path = Conv2dPath::nothing;
    return true;
  }
  if (element_count(p.x) == 0 || element_count(p.w) == 0) {
    plan.path = Conv2dPath::fill_only;  // every output sums nothing: bias or 0
    return true;
  }
  plan.path = Conv2dPath::convolution;
  const int64_t top = p.pads[0], left = p.pads[1], bottom = p.pads[2], right = p.pads[3];
  const bool symmetric = top == bottom && left == right;
  const int h_dim = p.nhwc ? 1 : 2;
  const int w_dim = p.nhwc ? 2 : 3;

  // X: staged when not packed, not 16-byte aligned, or when asymmetric pads are applied
  // explicitly (cuDNN's descriptor pads are symmetric).
  plan.stage_x = !symmetric || !is_packed(p.x) || !aligned16(p.x);
  if (plan.stage_x) {
    auto shape = p.x.shape;
    if (!symmetric) {
      shape[h_dim] += top + bottom;
      shape[w_dim] += left + right;
      plan.x_pad_begin[h_dim] = top;
      plan.x_pad_begin[w_dim] = left;
    }
    plan.x = packed(p.x, shape);
    plan.staged_x_bytes = bytes_of(plan.x);
  }
  plan.pads = symmetric ? std::array<int64_t, 2>{top, left} : std::array<int64_t, 2>{0, 0};
  plan.stage_w = !is_packed(p.w) || !aligned16(p.w);
  if (plan.stage_w) {
    plan.w = packed(p.w, p.w.shape);
    plan.staged_w_bytes = bytes_of(plan.w);
  }
  plan.stage_y = !is_packed(p.y) || !aligned16(p.y);
  if (plan.stage_y) {
    plan.y = packed(p.y, p.y.shape);
    plan.staged_y_bytes = bytes_of(plan.y);
  }
  plan.x_dims = nchw_dims(plan.x, p.nhwc);
  plan.w_dims = nchw_dims(plan.w, p.nhwc);
  plan.y_dims = nchw_dims(plan.y, p.nhwc);
  plan.strides = p.strides;
  plan.dilations = p.dilations;
  for (const DeviceTensor* t : {&plan.x, &plan.w, &plan.y}) {
    if (element_count(*t) > kInt32Max) {
      reason = "cuDNN's legacy convolution takes tensors of fewer than 2^31 elements";
      return false;
    }
  }
  for (const int64_t v : {plan.pads[0], plan.pads[1], plan.strides[0], plan.strides[1],
                          plan.dilations[0], plan.dilations[1], plan.groups}) {
    if (v > kInt32Max) {
      reason = "conv2d attribute exceeds 2^31-1";
      return false;
    }
  }
  return true;
}

uint64_t conv2d_staging_bytes(const Conv2dPlan& plan) noexcept {
  const auto aligned = [](uint64_t bytes) { return (bytes + 255) / 256 * 256; };
  return aligned(plan.staged_x_bytes) + aligned(plan.staged_w_bytes) + aligned(plan.staged_y_bytes);
}

}  // namespace hwcert::cuda::library
