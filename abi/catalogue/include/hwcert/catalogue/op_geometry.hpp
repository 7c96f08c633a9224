// Derived sizes of the structured ops (matmul, conv2d, pooling, attention, reductions),
// shared by shape inference, the oracle, the tolerance model and the cost. Each function
// expects a call whose inputs have the right ranks; it returns INVALID_ARGUMENT otherwise.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::catalogue {

struct MatmulGeometry {
  std::vector<int64_t> batch;  // broadcast batch dims of the output
  int64_t m = 0, n = 0, k = 0;
  bool transpose_a = false, transpose_b = false;
  bool has_bias = false;
};
Expected<MatmulGeometry> matmul_geometry(const OpCall& call);

// conv2d and the pools (pools: c_out = c, groups = c, no W).
struct ConvGeometry {
  bool nhwc = false;
  int64_t n = 0, c = 0, h = 0, w = 0;
  int64_t c_out = 0, kh = 0, kw = 0;
  int64_t h_out = 0, w_out = 0;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
  bool has_bias = false;
  // Logical indices of an activation element (n, c, h, w) in the tensor's own layout.
  std::array<int64_t, 4> activation_index(int64_t in, int64_t ic, int64_t ih, int64_t iw) const {
    return nhwc ? std::array<int64_t, 4>{in, ih, iw, ic} : std::array<int64_t, 4>{in, ic, ih, iw};
  }
};
Expected<ConvGeometry> conv_geometry(const OpCall& call);
Expected<ConvGeometry> pool_geometry(const OpCall& call);

struct AttentionGeometry {
  int64_t batch = 0, heads = 0, sq = 0, sk = 0, d = 0, dv = 0;
  bool causal = false;
  double scale = 1.0;
};
Expected<AttentionGeometry> attention_geometry(const OpCall& call);

// Reduced axes (sorted, normalised; all axes when the attribute is empty) and keepdims.
struct ReductionGeometry {
  std::vector<bool> reduced;  // per input axis
  bool keepdims = false;
};
Expected<ReductionGeometry> reduction_geometry(const OpCall& call);

// First normalised axis of softmax / log_softmax / layer_norm / rms_norm; batch_norm: 1, its
// channel axis.
Expected<int64_t> normalization_axis(const OpCall& call);

// Accumulation length K of one output element: the number of terms summed into it
// (matmul/conv/reduction/normalisation/pool window/attention), 1 for elementwise and data
// movement. It scales the product and reduction tolerances (conformance/tolerances.toml).
int64_t accumulation_length(const OpCall& call);

}  // namespace hwcert::catalogue
