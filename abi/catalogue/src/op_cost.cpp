// Flops and bytes of a call: matmul, conv2d and attention from their geometry, every other
// op from its ElementWork row in the table.
#include "hwcert/catalogue/op_cost.hpp"

#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::catalogue {
namespace {

double count(const std::vector<int64_t>& shape) {
  double n = 1;
  for (int64_t extent : shape) n *= static_cast<double>(extent);
  return n;
}

// Y [..., M, N]: every output element is a K-long dot product.
double matmul_flops(const OpCall& call, double out_elements) {
  auto g = matmul_geometry(call);
  return g ? 2.0 * out_elements * static_cast<double>(g->k) : 0;
}

// Y = N * Cout * Hout * Wout elements, each Cin/groups * KH * KW multiply-adds.
double conv_flops(const OpCall& call, double out_elements) {
  auto g = conv_geometry(call);
  if (!g) return 0;
  const double per_output = static_cast<double>(g->c / g->groups) * static_cast<double>(g->kh) *
                            static_cast<double>(g->kw);
  return 2.0 * out_elements * per_output;
}

// Q K^T (Sq x Sk dot products of length D) and P V (Sq x Dv dot products of length Sk) per
// head; a causal mask halves both.
double attention_flops(const OpCall& call) {
  auto g = attention_geometry(call);
  if (!g) return 0;
  const double heads = static_cast<double>(g->batch) * static_cast<double>(g->heads);
  const auto sq = static_cast<double>(g->sq), sk = static_cast<double>(g->sk);
  double flops = 2.0 * heads * sq * sk * static_cast<double>(g->d) +
                 2.0 * heads * sq * sk * static_cast<double>(g->dv);
  if (g->causal) flops /= 2.0;
  return flops;
}

double flops_of(const OpCall& call, const OpSchema& schema) {
  const double out_elements = count(call.outputs()[0].shape);
  switch (schema.family) {
    case OpFamily::kMatmul:
      return matmul_flops(call, out_elements);
    case OpFamily::kConvolution:
      return conv_flops(call, out_elements);
    case OpFamily::kAttention:
      return attention_flops(call);
    default: {
      const bool per_input = schema.work.per == ElementWork::Basis::kInput;
      return schema.work.flops * (per_input ? count(call.inputs()[0].shape) : out_elements);
    }
  }
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

OpCost op_cost(const OpCall& call) {
  OpCost cost;
  for (const auto& input : call.inputs()) cost.bytes += tensor_bytes(input);
  for (const auto& output : call.outputs()) cost.bytes += tensor_bytes(output);
  if (call.inputs().empty() || call.outputs().empty()) return cost;
  if (const OpSchema* schema = find_op_schema(call.op_name())) cost.flops = flops_of(call, *schema);
  return cost;
}

}  // namespace hwcert::catalogue
