// matmul, conv2d, softmax / log_softmax / layer_norm / rms_norm and attention: checked here
// against the catalogue, then handed to the op library (library/library_ops.hpp), which
// answers support, workspace size and runs them (cuBLASLt, cuDNN, its own kernels).

#include <hwcert/plugin_common/op_attributes.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "plan_cache.hpp"
#include "runtime.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace {

using library::DeviceTensor;
using library::MathMode;

/// Stand-in address for support and workspace queries (library_ops.hpp, DeviceTensor): the
/// byte offset, so that its alignment modulo 256 is that of the address at launch (buffers
/// are 256-byte aligned). The launch binds the real address.
std::byte* query_address(const HWC_TensorDesc& t) {
  return reinterpret_cast<std::byte*>(static_cast<uintptr_t>(t.byte_offset));
}

/// The descriptor as a library tensor.
DeviceTensor device_tensor(const HWC_TensorDesc& t) {
  DeviceTensor d;
  d.data = query_address(t);
  d.dtype = t.dtype;
  d.rank = t.rank;
  for (uint32_t i = 0; i < t.rank; ++i) {
    d.shape[i] = t.shape[i];
    d.strides[i] = t.strides[i];
  }
  return d;
}

/// `t` broadcast to `shape` (numpy rules, stride 0 on broadcast dims).
DeviceTensor broadcast_tensor(const HWC_TensorDesc& t, std::span<const int64_t> shape) {
  const Layout l = broadcast_layout(t, shape);
  DeviceTensor d;
  d.data = query_address(t);
  d.dtype = t.dtype;
  d.rank = static_cast<uint32_t>(l.rank);
  for (int32_t i = 0; i < l.rank; ++i) {
    d.shape[i] = l.shape[i];
    d.strides[i] = l.strides[i];
  }
  return d;
}

/// A matmul operand with y's batch dims in front (stride 0 where it broadcasts) and its own
/// last two dims.
DeviceTensor batched_operand(const HWC_TensorDesc& t, const Shape& y_batch) {
  DeviceTensor d;
  d.data = query_address(t);
  d.dtype = t.dtype;
  d.rank = static_cast<uint32_t>(y_batch.size() + 2);
  const size_t own_batch = t.rank - 2;
  const size_t lead = y_batch.size() - own_batch;
  for (size_t i = 0; i < y_batch.size(); ++i) {
    d.shape[i] = y_batch[i];
    const bool own = i >= lead && t.shape[i - lead] == y_batch[i] && y_batch[i] != 1;
    d.strides[i] = own ? t.strides[i - lead] : 0;
  }
  for (size_t k = 0; k < 2; ++k) {
    d.shape[y_batch.size() + k] = t.shape[own_batch + k];
    d.strides[y_batch.size() + k] = t.strides[own_batch + k];
  }
  return d;
}

MathMode parse_math_mode(const OpView& v, const OpAttributes& attributes, int32_t input_dtype) {
  const std::string mode = attributes.get_string("math_mode", "strict");
  if (mode == "strict") return MathMode::strict;
  if (mode == "f16_accumulate") {
    if (input_dtype != HWC_DTYPE_F16)
      fail_invalid(v.name + ": math_mode f16_accumulate applies to f16 inputs only");
    return MathMode::f16_accumulate;
  }
  const std::pair<const char*, MathMode> rounded[] = {{"tf32", MathMode::tf32},
                                                      {"hf32", MathMode::hf32},
                                                      {"f16", MathMode::f16},
                                                      {"bf16", MathMode::bf16}};
  for (const auto& [name, value] : rounded) {
    if (mode != name) continue;
    if (input_dtype != HWC_DTYPE_F32)
      fail_invalid(v.name + ": math_mode " + mode + " applies to f32 inputs only");
    return value;
  }
  fail_invalid(v.name + ": unknown math_mode '" + mode + "'");
}

/// Binds input/output addresses into a copy of the problem at launch.
template <typename Problem>
using Binder = void (*)(Problem&, const LaunchArgs&);

void bind_input(DeviceTensor& tensor, std::span<std::byte* const> inputs, std::size_t i) {
  tensor.data = inputs[i];
}

/// An optional input is bound when the problem has it (the descriptor then has input i).
void bind_input(std::optional<DeviceTensor>& tensor, std::span<std::byte* const> inputs,
                std::size_t i) {
  if (tensor) tensor->data = inputs[i];
}

/// The Binder of a problem whose members `inputs` are the descriptor's inputs in order and
/// `output` its one output.
template <typename Problem, auto output, auto... inputs>
void bind_in_order(Problem& problem, const LaunchArgs& args) {
  std::size_t i = 0;
  (bind_input(problem.*inputs, args.inputs, i++), ...);
  (problem.*output).data = args.outputs[0];
}

/// A problem's support on one device, with the reason when it is not.
struct DeviceSupport {
  bool supported = false;
  std::string reason;
};

/// Support and workspace size are asked of the library once per device: a cached plan
/// (plan_cache.hpp) answers later queries and launches of its descriptor from memory.
template <typename Problem>
Plan library_plan(Problem problem, Binder<Problem> bind) {
  auto support = std::make_shared<DeviceMemo<DeviceSupport>>();
  Plan plan;
  plan.supports = [problem, support](const library::DeviceTraits& traits, std::string& reason) {
    const DeviceSupport known = support->get(traits.cuda_device, [&] {
      DeviceSupport made;
      made.supported = library::supports(problem, traits, made.reason);
      return made;
    });
    reason = known.reason;
    return known.supported;
  };
  auto workspaces = std::make_shared<DeviceMemo<uint64_t>>();
  plan.workspace_bytes = [problem, workspaces](DeviceRuntime& runtime) {
    return workspaces->get(runtime.ordinal(),
                           [&] { return library::workspace_bytes(problem, runtime.libraries()); });
  };
  plan.launch = [problem, bind](const LaunchArgs& a) {
    Problem bound = problem;
    bind(bound, a);
    a.runtime->check(library::launch(bound, a.runtime->libraries(), a.workspace, a.stream));
  };
  return plan;
}

double checked_epsilon(const OpView& v, const OpAttributes& attributes, double fallback) {
  const double epsilon = attributes.get_float("epsilon", fallback);
  if (!(epsilon >= 0.0) || !std::isfinite(epsilon))
    fail_invalid(v.name + ": epsilon must be finite and >= 0");
  return epsilon;
}

}  // namespace

Plan plan_matmul(const OpView& v) {
  expect_counts(v, 2, 3, 1);
  OpAttributes attributes(v.op, {{"transpose_a", HWC_ATTR_INT},
                                 {"transpose_b", HWC_ATTR_INT},
                                 {"alpha", HWC_ATTR_FLOAT},
                                 {"beta", HWC_ATTR_FLOAT},
                                 {"math_mode", HWC_ATTR_STRING}});
  const HWC_TensorDesc& a = v.in(0);
  const HWC_TensorDesc& b = v.in(1);
  const HWC_TensorDesc& y = v.out(0);
  if (a.rank < 2 || b.rank < 2) fail_invalid("matmul: A and B must have rank >= 2");
  const bool float_pair = is_float_dtype(a.dtype) && b.dtype == a.dtype && y.dtype == a.dtype;
  const bool fp8_pair = is_fp8_dtype(a.dtype) && is_fp8_dtype(b.dtype) &&
                        dtype_in(y.dtype, {HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16});
  const bool int8_pair =
      a.dtype == HWC_DTYPE_I8 && b.dtype == HWC_DTYPE_I8 && y.dtype == HWC_DTYPE_I32;
  if (!float_pair && !fp8_pair && !int8_pair)
    fail_invalid(std::string("matmul: dtypes A ") + dtype_name(a.dtype) + ", B " +
                 dtype_name(b.dtype) + ", Y " + dtype_name(y.dtype) +
                 " are not a catalogue combination");
  library::MatmulProblem p;
  p.transpose_a = attributes.get_flag("transpose_a", false);
  p.transpose_b = attributes.get_flag("transpose_b", false);
  p.alpha = attributes.get_float("alpha", 1.0);
  p.beta = attributes.get_float("beta", 1.0);
  p.math_mode = parse_math_mode(v, attributes, a.dtype);
  const int64_t m = a.shape[a.rank - (p.transpose_a ? 1 : 2)];
  const int64_t k = a.shape[a.rank - (p.transpose_a ? 2 : 1)];
  const int64_t kb = b.shape[b.rank - (p.transpose_b ? 1 : 2)];
  const int64_t n = b.shape[b.rank - (p.transpose_b ? 2 : 1)];
  if (k != kb)
    fail_invalid("matmul: inner dimensions differ (A has K = " + std::to_string(k) +
                 ", B has K = " + std::to_string(kb) + ")");
  const Shape a_shape = shape_of(a), b_shape = shape_of(b);
  Shape y_batch =
      broadcast_shapes(std::span(a_shape).first(a.rank - 2), std::span(b_shape).first(b.rank - 2));
  Shape y_shape = y_batch;
  y_shape.push_back(m);
  y_shape.push_back(n);
  expect_shape(v, y, y_shape, "output");
  p.a = batched_operand(a, y_batch);
  p.b = batched_operand(b, y_batch);
  p.y = device_tensor(y);
  if (v.inputs.size() == 3) {
    const HWC_TensorDesc& bias = v.in(2);
    expect_dtype(v, bias, y.dtype, "bias");
    const Shape bias_shape = shape_of(bias);
    if (bias.rank > y.rank || broadcast_shapes(bias_shape, y_shape) != y_shape)
      fail_invalid("matmul: bias of shape " + shape_text(bias_shape) +
                   " does not broadcast to the output " + shape_text(y_shape));
    p.bias = broadcast_tensor(bias, y_shape);
  }
  using library::MatmulProblem;
  return library_plan<MatmulProblem>(
      p, bind_in_order<MatmulProblem, &MatmulProblem::y, &MatmulProblem::a, &MatmulProblem::b,
                       &MatmulProblem::bias>);
}

Plan plan_conv2d(const OpView& v) {
  expect_counts(v, 2, 3, 1);
  OpAttributes attributes(v.op, {{"layout", HWC_ATTR_STRING},
                                 {"strides", HWC_ATTR_INT_LIST},
                                 {"pads", HWC_ATTR_INT_LIST},
                                 {"dilations", HWC_ATTR_INT_LIST},
                                 {"groups", HWC_ATTR_INT},
                                 {"math_mode", HWC_ATTR_STRING}});
  const HWC_TensorDesc& x = v.in(0);
  const HWC_TensorDesc& w = v.in(1);
  expect_float_dtype(v, x.dtype, "input");
  expect_dtype(v, w, x.dtype, "weight");
  expect_dtype(v, v.out(0), x.dtype, "output");
  if (x.rank != 4 || w.rank != 4) fail_invalid("conv2d: X and W must have rank 4");
  library::Conv2dProblem p;
  const std::string layout = attributes.get_string("layout", "NCHW");
  if (layout != "NCHW" && layout != "NHWC")
    fail_invalid("conv2d: layout is '" + layout + "', expected NCHW or NHWC");
  p.nhwc = layout == "NHWC";
  const std::vector<int64_t> strides = attributes.get_ints("strides", {1, 1});
  const std::vector<int64_t> pads = attributes.get_ints("pads", {0, 0, 0, 0});
  const std::vector<int64_t> dilations = attributes.get_ints("dilations", {1, 1});
  if (strides.size() != 2 || pads.size() != 4 || dilations.size() != 2)
    fail_invalid("conv2d: strides, pads and dilations need 2, 4 and 2 entries");
  for (int i = 0; i < 2; ++i) {
    if (strides[i] <= 0 || dilations[i] <= 0)
      fail_invalid("conv2d: strides and dilations must be positive");
    p.strides[i] = strides[i];
    p.dilations[i] = dilations[i];
  }
  for (int i = 0; i < 4; ++i) {
    if (pads[i] < 0) fail_invalid("conv2d: pads must not be negative");
    p.pads[i] = pads[i];
  }
  p.groups = attributes.get_int("groups", 1);
  p.math_mode = parse_math_mode(v, attributes, x.dtype);
  // Logical extents whatever the layout.
  const int64_t batch = x.shape[0];
  const int64_t channels = x.shape[p.nhwc ? 3 : 1];
  const int64_t height = x.shape[p.nhwc ? 1 : 2], width = x.shape[p.nhwc ? 2 : 3];
  const int64_t c_out = w.shape[0];
  const int64_t w_channels = w.shape[p.nhwc ? 3 : 1];
  const int64_t kh = w.shape[p.nhwc ? 1 : 2], kw = w.shape[p.nhwc ? 2 : 3];
  if (p.groups < 1 || channels % p.groups != 0 || c_out % p.groups != 0)
    fail_invalid("conv2d: groups " + std::to_string(p.groups) + " must divide C (" +
                 std::to_string(channels) + ") and C_out (" + std::to_string(c_out) + ")");
  if (w_channels != channels / p.groups)
    fail_invalid("conv2d: W has " + std::to_string(w_channels) +
                 " input channels, expected C/groups = " + std::to_string(channels / p.groups));
  int64_t out[2] = {0, 0};
  const int64_t extent[2] = {height, width}, window[2] = {kh, kw};
  for (int i = 0; i < 2; ++i) {
    const int64_t span =
        extent[i] + p.pads[i] + p.pads[i + 2] - p.dilations[i] * (window[i] - 1) - 1;
    if (window[i] < 1 || span < 0)
      fail_invalid("conv2d: the dilated kernel does not fit the padded input");
    out[i] = span / p.strides[i] + 1;
  }
  const Shape y_shape =
      p.nhwc ? Shape{batch, out[0], out[1], c_out} : Shape{batch, c_out, out[0], out[1]};
  expect_shape(v, v.out(0), y_shape, "output");
  p.x = device_tensor(x);
  p.w = device_tensor(w);
  p.y = device_tensor(v.out(0));
  if (v.inputs.size() == 3) {
    expect_dtype(v, v.in(2), x.dtype, "bias");
    expect_shape(v, v.in(2), Shape{c_out}, "bias");
    p.bias = device_tensor(v.in(2));
  }
  using library::Conv2dProblem;
  return library_plan<Conv2dProblem>(
      p, bind_in_order<Conv2dProblem, &Conv2dProblem::y, &Conv2dProblem::x, &Conv2dProblem::w,
                       &Conv2dProblem::bias>);
}

Plan plan_rows(const OpView& v) {
  library::RowProblem p;
  const bool is_softmax = v.name == "softmax" || v.name == "log_softmax";
  if (is_softmax) {
    expect_counts(v, 1, 1, 1);
    p.op = v.name == "softmax" ? library::RowOp::softmax : library::RowOp::log_softmax;
  } else if (v.name == "layer_norm") {
    expect_counts(v, 3, 3, 1);
    p.op = library::RowOp::layer_norm;
  } else {
    expect_counts(v, 2, 2, 1);
    p.op = library::RowOp::rms_norm;
  }
  const OpAttributes attributes =
      is_softmax ? OpAttributes(v.op, {{"axis", HWC_ATTR_INT}})
                 : OpAttributes(v.op, {{"axis", HWC_ATTR_INT}, {"epsilon", HWC_ATTR_FLOAT}});
  const HWC_TensorDesc& x = v.in(0);
  expect_float_dtype(v, x.dtype, "input");
  if (x.rank == 0) fail_invalid(v.name + ": input must have rank >= 1");
  p.axis = normalize_axis(attributes.get_int("axis", -1), x.rank, v.name + ": axis");
  expect_dtype(v, v.out(0), x.dtype, "output");
  expect_shape(v, v.out(0), shape_of(x), "output");
  p.x = device_tensor(x);
  p.y = device_tensor(v.out(0));
  if (!is_softmax) {
    p.epsilon = checked_epsilon(v, attributes, p.op == library::RowOp::layer_norm ? 1e-5 : 1e-6);
    const Shape x_shape = shape_of(x);
    const Shape normalized(x_shape.begin() + p.axis, x_shape.end());
    expect_dtype(v, v.in(1), x.dtype, "gamma");
    expect_shape(v, v.in(1), normalized, "gamma");
    p.gamma = device_tensor(v.in(1));
    if (p.op == library::RowOp::layer_norm) {
      expect_dtype(v, v.in(2), x.dtype, "beta");
      expect_shape(v, v.in(2), normalized, "beta");
      p.beta = device_tensor(v.in(2));
    }
  }
  using library::RowProblem;
  return library_plan<RowProblem>(p, bind_in_order<RowProblem, &RowProblem::y, &RowProblem::x,
                                                   &RowProblem::gamma, &RowProblem::beta>);
}

Plan plan_attention(const OpView& v) {
  expect_counts(v, 3, 3, 1);
  OpAttributes attributes(
      v.op, {{"causal", HWC_ATTR_INT}, {"scale", HWC_ATTR_FLOAT}, {"math_mode", HWC_ATTR_STRING}});
  const HWC_TensorDesc& q = v.in(0);
  const HWC_TensorDesc& k = v.in(1);
  const HWC_TensorDesc& val = v.in(2);
  expect_float_dtype(v, q.dtype, "Q");
  expect_dtype(v, k, q.dtype, "K");
  expect_dtype(v, val, q.dtype, "V");
  expect_dtype(v, v.out(0), q.dtype, "output");
  if (q.rank != 4 || k.rank != 4 || val.rank != 4)
    fail_invalid(v.name + ": Q, K and V must have rank 4 ([B, H, S, D])");
  expect_shape(v, k, Shape{q.shape[0], q.shape[1], k.shape[2], q.shape[3]}, "K");
  expect_shape(v, val, Shape{q.shape[0], q.shape[1], k.shape[2], val.shape[3]}, "V");
  expect_shape(v, v.out(0), Shape{q.shape[0], q.shape[1], q.shape[2], val.shape[3]}, "output");
  library::AttentionProblem p;
  p.causal = attributes.get_flag("causal", false);
  p.scale = attributes.get_float("scale", 1.0 / std::sqrt(static_cast<double>(q.shape[3])));
  p.math_mode = parse_math_mode(v, attributes, q.dtype);
  p.q = device_tensor(q);
  p.k = device_tensor(k);
  p.v = device_tensor(val);
  p.y = device_tensor(v.out(0));
  using library::AttentionProblem;
  return library_plan<AttentionProblem>(
      p, bind_in_order<AttentionProblem, &AttentionProblem::y, &AttentionProblem::q,
                       &AttentionProblem::k, &AttentionProblem::v>);
}

}  // namespace hwcert::cuda
