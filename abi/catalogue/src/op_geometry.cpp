// Geometry of the structured ops: the one place that derives their extents from a call.
#include "hwcert/catalogue/op_geometry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "call_checks.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"

namespace hwcert::catalogue {
namespace {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Fills strides/pads/dilations shared by conv2d and the pools; checks their ranges.
Status spatial_params(const OpCall& call, const Attrs& attrs, ConvGeometry& g,
                      const std::vector<int64_t>& default_strides, bool has_dilations) {
  const std::vector<int64_t> strides =
      attrs.has("strides") ? attrs.get_ints("strides") : default_strides;
  const std::vector<int64_t> pads = attrs.get_ints("pads");
  const std::vector<int64_t> dilations =
      has_dilations ? attrs.get_ints("dilations") : std::vector<int64_t>{1, 1};
  if (strides.size() != 2 || strides[0] < 1 || strides[1] < 1) {
    return invalid(
        call, fmt::format("strides must be two integers >= 1, got [{}]", fmt::join(strides, ", ")));
  }
  if (pads.size() != 4 || pads[0] < 0 || pads[1] < 0 || pads[2] < 0 || pads[3] < 0) {
    return invalid(call, fmt::format("pads must be four integers >= 0 (top, left, bottom, "
                                     "right), got [{}]",
                                     fmt::join(pads, ", ")));
  }
  if (dilations.size() != 2 || dilations[0] < 1 || dilations[1] < 1) {
    return invalid(call, fmt::format("dilations must be two integers >= 1, got [{}]",
                                     fmt::join(dilations, ", ")));
  }
  g.stride_h = strides[0];
  g.stride_w = strides[1];
  g.pad_top = pads[0];
  g.pad_left = pads[1];
  g.pad_bottom = pads[2];
  g.pad_right = pads[3];
  g.dilation_h = dilations[0];
  g.dilation_w = dilations[1];
  return Status::Ok();
}

Status output_extent(const OpCall& call, ConvGeometry& g) {
  const int64_t span_h = g.dilation_h * (g.kh - 1) + 1;
  const int64_t span_w = g.dilation_w * (g.kw - 1) + 1;
  g.h_out = floor_div(g.h + g.pad_top + g.pad_bottom - span_h, g.stride_h) + 1;
  g.w_out = floor_div(g.w + g.pad_left + g.pad_right - span_w, g.stride_w) + 1;
  if (g.h_out < 0 || g.w_out < 0 || (g.h_out == 0 && g.h > 0) || (g.w_out == 0 && g.w > 0)) {
    return invalid(call, fmt::format("the kernel window ({}x{} with dilation) does not fit the "
                                     "padded input ({}x{})",
                                     span_h, span_w, g.h + g.pad_top + g.pad_bottom,
                                     g.w + g.pad_left + g.pad_right));
  }
  return Status::Ok();
}

Status read_activation(const OpCall& call, const Attrs& attrs, ConvGeometry& g) {
  const std::string layout = attrs.get_string("layout");
  if (layout != "NCHW" && layout != "NHWC") {
    return invalid(call, fmt::format("layout must be \"NCHW\" or \"NHWC\", got \"{}\"", layout));
  }
  g.nhwc = layout == "NHWC";
  const TensorSpec& x = call.inputs()[0];
  if (x.rank() != 4) {
    return invalid(call, fmt::format("X must have rank 4 ({}), got rank {}", layout, x.rank()));
  }
  g.n = x.shape[0];
  g.c = g.nhwc ? x.shape[3] : x.shape[1];
  g.h = g.nhwc ? x.shape[1] : x.shape[2];
  g.w = g.nhwc ? x.shape[2] : x.shape[3];
  return Status::Ok();
}

}  // namespace

Expected<MatmulGeometry> matmul_geometry(const OpCall& call) {
  const auto& in = call.inputs();
  if (in.size() < 2) return invalid(call, "needs inputs A and B");
  const TensorSpec& a = in[0];
  const TensorSpec& b = in[1];
  if (a.rank() < 2 || b.rank() < 2) {
    return invalid(call,
                   fmt::format("A and B need rank >= 2, got ranks {} and {}", a.rank(), b.rank()));
  }
  const OpSchema* schema = find_op_schema("matmul");
  const Attrs attrs(call, *schema);
  MatmulGeometry g;
  g.transpose_a = attrs.get_int("transpose_a") != 0;
  g.transpose_b = attrs.get_int("transpose_b") != 0;
  const int64_t a_rows = a.shape[a.rank() - 2], a_cols = a.shape[a.rank() - 1];
  const int64_t b_rows = b.shape[b.rank() - 2], b_cols = b.shape[b.rank() - 1];
  g.m = g.transpose_a ? a_cols : a_rows;
  g.k = g.transpose_a ? a_rows : a_cols;
  const int64_t kb = g.transpose_b ? b_cols : b_rows;
  g.n = g.transpose_b ? b_rows : b_cols;
  if (kb != g.k) {
    return invalid(call, fmt::format("inner dimensions differ: op(A) is [{}, {}], op(B) is "
                                     "[{}, {}]",
                                     g.m, g.k, kb, g.n));
  }
  const std::span<const int64_t> a_batch(a.shape.data(), a.rank() - 2);
  const std::span<const int64_t> b_batch(b.shape.data(), b.rank() - 2);
  auto batch = broadcast_shapes(a_batch, b_batch);
  if (!batch) {
    return invalid(call, fmt::format("batch dims [{}] and [{}] do not broadcast",
                                     fmt::join(a_batch, ", "), fmt::join(b_batch, ", ")));
  }
  g.batch = std::move(*batch);
  g.has_bias = in.size() >= 3;
  return g;
}

Expected<ConvGeometry> conv_geometry(const OpCall& call) {
  const OpSchema* schema = find_op_schema("conv2d");
  const Attrs attrs(call, *schema);
  ConvGeometry g;
  if (call.inputs().size() < 2) return invalid(call, "needs inputs X and W");
  if (Status s = read_activation(call, attrs, g); !s.ok()) return s;
  const TensorSpec& w = call.inputs()[1];
  if (w.rank() != 4) return invalid(call, fmt::format("W must have rank 4, got {}", w.rank()));
  g.groups = attrs.get_int("groups");
  if (g.groups < 1) return invalid(call, fmt::format("groups must be >= 1, got {}", g.groups));
  g.c_out = w.shape[0];
  g.kh = g.nhwc ? w.shape[1] : w.shape[2];
  g.kw = g.nhwc ? w.shape[2] : w.shape[3];
  const int64_t w_channels = g.nhwc ? w.shape[3] : w.shape[1];
  if (g.c % g.groups != 0 || g.c_out % g.groups != 0) {
    return invalid(
        call, fmt::format("groups ({}) must divide C ({}) and C_out ({})", g.groups, g.c, g.c_out));
  }
  if (w_channels != g.c / g.groups) {
    return invalid(call, fmt::format("W has {} input channels, expected C/groups = {}", w_channels,
                                     g.c / g.groups));
  }
  if (g.kh < 1 || g.kw < 1) return invalid(call, "kernel extents KH, KW must be >= 1");
  if (Status s = spatial_params(call, attrs, g, {1, 1}, true); !s.ok()) return s;
  if (Status s = output_extent(call, g); !s.ok()) return s;
  g.has_bias = call.inputs().size() >= 3;
  if (g.has_bias) {
    const TensorSpec& bias = call.inputs()[2];
    if (bias.rank() != 1 || bias.shape[0] != g.c_out) {
      return invalid(call, fmt::format("bias must have shape [{}] (C_out)", g.c_out));
    }
  }
  return g;
}

Expected<ConvGeometry> pool_geometry(const OpCall& call) {
  const OpSchema* schema = find_op_schema(call.op_name());
  if (schema == nullptr || schema->family != OpFamily::kPooling) {
    return invalid(call, "not a pooling op");
  }
  const Attrs attrs(call, *schema);
  ConvGeometry g;
  if (call.inputs().empty()) return invalid(call, "needs input X");
  if (Status s = read_activation(call, attrs, g); !s.ok()) return s;
  const std::vector<int64_t> kernel = attrs.get_ints("kernel");
  if (kernel.size() != 2 || kernel[0] < 1 || kernel[1] < 1) {
    return invalid(
        call, fmt::format("kernel must be two integers >= 1, got [{}]", fmt::join(kernel, ", ")));
  }
  g.kh = kernel[0];
  g.kw = kernel[1];
  g.c_out = g.c;
  g.groups = g.c;
  if (Status s = spatial_params(call, attrs, g, kernel, false); !s.ok()) return s;
  if (g.pad_top >= g.kh || g.pad_bottom >= g.kh || g.pad_left >= g.kw || g.pad_right >= g.kw) {
    return invalid(call,
                   "each pad must be smaller than the kernel extent on its axis (a window "
                   "made only of padding has no value)");
  }
  if (Status s = output_extent(call, g); !s.ok()) return s;
  return g;
}

Expected<AttentionGeometry> attention_geometry(const OpCall& call) {
  const auto& in = call.inputs();
  if (in.size() != 3) return invalid(call, "needs inputs Q, K and V");
  for (std::size_t i = 0; i < 3; ++i) {
    if (in[i].rank() != 4) {
      return invalid(call, fmt::format("{} must have rank 4 [B, H, S, D], got rank {}", "QKV"[i],
                                       in[i].rank()));
    }
  }
  const TensorSpec &q = in[0], &k = in[1], &v = in[2];
  AttentionGeometry g;
  g.batch = q.shape[0];
  g.heads = q.shape[1];
  g.sq = q.shape[2];
  g.d = q.shape[3];
  g.sk = k.shape[2];
  g.dv = v.shape[3];
  if (k.shape[0] != g.batch || v.shape[0] != g.batch || k.shape[1] != g.heads ||
      v.shape[1] != g.heads) {
    return invalid(call, "Q, K and V must share B and H");
  }
  if (k.shape[3] != g.d) {
    return invalid(call, fmt::format("K has D = {}, Q has D = {}", k.shape[3], g.d));
  }
  if (v.shape[2] != g.sk) {
    return invalid(call, fmt::format("V has Sk = {}, K has Sk = {}", v.shape[2], g.sk));
  }
  const OpSchema* schema = find_op_schema("scaled_dot_product_attention");
  const Attrs attrs(call, *schema);
  g.causal = attrs.get_int("causal") != 0;
  const int64_t causal = attrs.get_int("causal");
  if (causal != 0 && causal != 1) return invalid(call, "causal must be 0 or 1");
  const bool output_empty = g.batch == 0 || g.heads == 0 || g.sq == 0 || g.dv == 0;
  if (!output_empty && g.sk == 0) {
    return invalid(call, "Sk must be >= 1 (softmax over no keys is undefined)");
  }
  if (attrs.has("scale")) {
    g.scale = attrs.get_float("scale");
    if (!std::isfinite(g.scale)) return invalid(call, "scale must be finite");
  } else {
    if (g.d < 1 && !output_empty) return invalid(call, "D must be >= 1 for the default scale");
    g.scale = g.d >= 1 ? 1.0 / std::sqrt(static_cast<double>(g.d)) : 1.0;
  }
  return g;
}

Expected<ReductionGeometry> reduction_geometry(const OpCall& call) {
  const OpSchema* schema = find_op_schema(call.op_name());
  if (schema == nullptr || call.inputs().empty()) return invalid(call, "not a reduction");
  const Attrs attrs(call, *schema);
  const std::size_t rank = call.inputs()[0].rank();
  ReductionGeometry g;
  const int64_t keepdims = attrs.get_int("keepdims");
  if (keepdims != 0 && keepdims != 1) return invalid(call, "keepdims must be 0 or 1");
  g.keepdims = keepdims == 1;
  const std::vector<int64_t> axes = attrs.get_ints("axes");
  g.reduced.assign(rank, axes.empty());
  for (int64_t axis : axes) {
    auto normalized = checked_axis(call, axis, rank);
    if (!normalized) return normalized.status();
    if (g.reduced[*normalized]) {
      return invalid(call, fmt::format("axis {} is listed twice", axis));
    }
    g.reduced[*normalized] = true;
  }
  return g;
}

Expected<int64_t> normalization_axis(const OpCall& call) {
  const OpSchema* schema = find_op_schema(call.op_name());
  if (schema == nullptr || call.inputs().empty()) return invalid(call, "not a normalisation");
  if (call.op_name() == "batch_norm") {  // channels on axis 1: X is [N, C, ...]
    if (call.inputs()[0].rank() < 2) return invalid(call, "X must have rank >= 2 ([N, C, ...])");
    return int64_t{1};
  }
  return checked_axis(call, Attrs(call, *schema).get_int("axis"), call.inputs()[0].rank());
}

}  // namespace hwcert::catalogue
