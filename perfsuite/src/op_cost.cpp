#include "hwcert/perfsuite/op_cost.hpp"

#include <algorithm>
#include <array>

#include "hwcert/loader/dtype.hpp"

namespace hwcert::perf {
namespace {

double count(const std::vector<int64_t>& shape) {
  double n = 1;
  for (int64_t extent : shape) n *= static_cast<double>(extent);
  return n;
}

int64_t int_attribute(const OpCall& call, std::string_view name, int64_t fallback) {
  const Attribute* a = call.find_attribute(name);
  if (a == nullptr) return fallback;
  if (const auto* v = std::get_if<int64_t>(&a->value)) return *v;
  return fallback;
}

int64_t dim_from_end(const TensorSpec& t, std::size_t from_end) {
  return t.rank() >= from_end ? t.shape[t.rank() - from_end] : 1;
}

// Operations per output (or input) element of the memory-bound ops, as documented.
double elementwise_flops_per_element(std::string_view op) {
  constexpr std::array<std::string_view, 12> kOne = {"neg", "abs", "relu", "add", "sub", "mul",
                                                     "div", "max", "min",  "exp", "log", "sqrt"};
  if (std::find(kOne.begin(), kOne.end(), op) != kOne.end()) return 1;
  if (op == "rsqrt" || op == "tanh" || op == "sigmoid" || op == "silu" || op == "pow") return 1;
  if (op == "gelu") return 1;
  return 0;  // copy, cast, transpose: pure data movement
}

}  // namespace

double tensor_bytes(const TensorSpec& tensor) {
  const std::vector<int64_t> strides = tensor.effective_strides();
  double elements = 1;
  for (std::size_t i = 0; i < tensor.rank(); ++i) {
    if (i < strides.size() && strides[i] == 0) continue;  // broadcast dimension: read once
    elements *= static_cast<double>(tensor.shape[i]);
  }
  return elements * static_cast<double>(dtype_size(tensor.dtype));
}

bool is_compute_bound_op(std::string_view op) {
  return op == "matmul" || op == "conv2d" || op == "scaled_dot_product_attention";
}

OpCost op_cost(const OpCall& call) {
  OpCost cost;
  for (const auto& input : call.inputs()) cost.bytes += tensor_bytes(input);
  for (const auto& output : call.outputs()) cost.bytes += tensor_bytes(output);
  if (call.inputs().empty() || call.outputs().empty()) return cost;
  const std::string& op = call.op_name();
  const TensorSpec& x = call.inputs()[0];
  const TensorSpec& y = call.outputs()[0];
  const double out_elements = count(y.shape);
  const double in_elements = count(x.shape);

  if (op == "matmul" && call.inputs().size() >= 2) {
    const bool ta = int_attribute(call, "transpose_a", 0) != 0;
    const double k = static_cast<double>(dim_from_end(x, ta ? 2 : 1));
    // Y [..., M, N]: every output element is a K-long dot product.
    cost.flops = 2.0 * out_elements * k;
  } else if (op == "conv2d" && call.inputs().size() >= 2) {
    const TensorSpec& w = call.inputs()[1];
    // W [Cout, Cin/groups, KH, KW] (NCHW) or [Cout, KH, KW, Cin/groups] (NHWC): either way
    // the last three extents multiply to Cin/groups * KH * KW.
    double per_output = 1;
    for (std::size_t i = 1; i < w.rank(); ++i) per_output *= static_cast<double>(w.shape[i]);
    // Y = N * Cout * Hout * Wout elements, each Cin/groups * KH * KW multiply-adds.
    cost.flops = 2.0 * out_elements * per_output;
  } else if (op == "scaled_dot_product_attention" && call.inputs().size() >= 3) {
    const double sq = static_cast<double>(dim_from_end(x, 2));
    const double d = static_cast<double>(dim_from_end(x, 1));
    const double sk = static_cast<double>(dim_from_end(call.inputs()[1], 2));
    const double dv = static_cast<double>(dim_from_end(call.inputs()[2], 1));
    const double heads = in_elements / (sq * d);  // B * H
    double flops = 2.0 * heads * sq * sk * d + 2.0 * heads * sq * sk * dv;
    if (int_attribute(call, "causal", 0) != 0) flops /= 2.0;
    cost.flops = flops;
  } else if (op == "softmax" || op == "log_softmax") {
    cost.flops = 5.0 * in_elements;  // max, subtract, exp, sum, scale
  } else if (op == "layer_norm") {
    cost.flops = 8.0 * in_elements;  // mean, centre, square, sum, scale, gamma, beta
  } else if (op == "rms_norm") {
    cost.flops = 4.0 * in_elements;  // square, sum, scale, gamma
  } else if (op == "reduce_sum" || op == "reduce_max" || op == "reduce_mean") {
    cost.flops = in_elements;
  } else {
    cost.flops = elementwise_flops_per_element(op) * out_elements;
  }
  return cost;
}

}  // namespace hwcert::perf
