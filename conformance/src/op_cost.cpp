// Work measures per op. Conventions (documented for perfsuite's roofline):
//  - a multiply-add counts 2; data movement (copy, cast, transpose, concat, gather) counts 0;
//  - elementwise ops count 1 per output element whatever their cost in instructions;
//  - reductions count 1 per input element; softmax/log_softmax 4 per element (max, subtract
//    and exp, sum, scale); layer_norm 7, rms_norm 4 per element;
//  - matmul 2*M*N*K per batch (+2 per output for alpha/bias); conv2d 2*K per output element
//    with K = C/groups*KH*KW (+1 with bias); pools KH*KW per output element;
//  - attention 2*D + 2*Dv per unmasked (query, key) pair plus 4 per pair for the softmax.
#include <algorithm>

#include "hwcert/conformance/op_geometry.hpp"
#include "hwcert/conformance/op_schema.hpp"

namespace hwcert::conformance {
namespace {

uint64_t count(const TensorSpec& spec) {
  return static_cast<uint64_t>(spec.element_count().value_or(0));
}

uint64_t product(const std::vector<int64_t>& dims) {
  uint64_t p = 1;
  for (int64_t d : dims) p *= static_cast<uint64_t>(std::max<int64_t>(d, 0));
  return p;
}

// Elements an input really holds: dims with stride 0 are one element.
uint64_t distinct_elements(const TensorSpec& spec) {
  if (count(spec) == 0) return 0;
  const std::vector<int64_t> strides = spec.effective_strides();
  uint64_t p = 1;
  for (std::size_t d = 0; d < spec.rank(); ++d) {
    if (strides[d] != 0) p *= static_cast<uint64_t>(spec.shape[d]);
  }
  return p;
}

uint64_t unmasked_pairs(const AttentionGeometry& g) {
  if (!g.causal) return static_cast<uint64_t>(g.sq) * static_cast<uint64_t>(g.sk);
  uint64_t pairs = 0;
  for (int64_t i = 0; i < g.sq; ++i) pairs += static_cast<uint64_t>(std::min(i + 1, g.sk));
  return pairs;
}

}  // namespace

uint64_t flops(const OpCall& call) {
  const OpSchema* schema = find_op_schema(call.op_name());
  if (schema == nullptr || call.outputs().empty() || call.inputs().empty()) return 0;
  const uint64_t out = count(call.outputs()[0]);
  const uint64_t in = count(call.inputs()[0]);
  const std::string& op = call.op_name();
  switch (schema->family) {
    case OpFamily::kDataMovement:
      return 0;
    case OpFamily::kUnary:
    case OpFamily::kBinary:
      return out;
    case OpFamily::kReduction:
      return in;
    case OpFamily::kNormalization:
      if (op == "layer_norm") return 7 * in;
      return 4 * in;
    case OpFamily::kMatmul: {
      auto g = matmul_geometry(call);
      if (!g) return 0;
      const uint64_t mn = product(g->batch) * static_cast<uint64_t>(g->m * g->n);
      return 2 * mn * static_cast<uint64_t>(g->k) + 2 * mn;
    }
    case OpFamily::kConvolution: {
      auto g = conv_geometry(call);
      if (!g) return 0;
      const auto k = static_cast<uint64_t>(g->c / g->groups * g->kh * g->kw);
      return out * (2 * k + (g->has_bias ? 1 : 0));
    }
    case OpFamily::kPooling: {
      auto g = pool_geometry(call);
      if (!g) return 0;
      return out * static_cast<uint64_t>(g->kh * g->kw);
    }
    case OpFamily::kAttention: {
      auto g = attention_geometry(call);
      if (!g) return 0;
      const uint64_t heads = static_cast<uint64_t>(g->batch * g->heads);
      return heads * unmasked_pairs(*g) * static_cast<uint64_t>(2 * g->d + 2 * g->dv + 4);
    }
  }
  return 0;
}

uint64_t min_bytes(const OpCall& call) {
  uint64_t bytes = 0;
  for (const TensorSpec& spec : call.inputs()) {
    bytes += distinct_elements(spec) * dtype_size(spec.dtype);
  }
  for (const TensorSpec& spec : call.outputs()) bytes += count(spec) * dtype_size(spec.dtype);
  return bytes;
}

int64_t accumulation_length(const OpCall& call) {
  const OpSchema* schema = find_op_schema(call.op_name());
  if (schema == nullptr || call.inputs().empty()) return 1;
  const TensorSpec& x = call.inputs()[0];
  switch (schema->family) {
    case OpFamily::kReduction: {
      auto g = reduction_geometry(call);
      if (!g) return 1;
      int64_t k = 1;
      for (std::size_t d = 0; d < x.rank(); ++d) {
        if (g->reduced[d]) k *= x.shape[d];
      }
      return k;
    }
    case OpFamily::kNormalization: {
      auto axis = normalization_axis(call);
      if (!axis) return 1;
      int64_t k = 1;
      const bool single_axis = call.op_name() == "softmax" || call.op_name() == "log_softmax";
      for (std::size_t d = static_cast<std::size_t>(*axis); d < x.rank(); ++d) {
        k *= x.shape[d];
        if (single_axis) break;
      }
      return k;
    }
    case OpFamily::kMatmul: {
      auto g = matmul_geometry(call);
      return g ? g->k + (g->has_bias ? 1 : 0) : 1;
    }
    case OpFamily::kConvolution: {
      auto g = conv_geometry(call);
      return g ? g->c / g->groups * g->kh * g->kw + (g->has_bias ? 1 : 0) : 1;
    }
    case OpFamily::kPooling: {
      auto g = pool_geometry(call);
      return g ? g->kh * g->kw : 1;
    }
    case OpFamily::kAttention: {
      auto g = attention_geometry(call);
      return g ? g->d + g->sk : 1;
    }
    default:
      return 1;
  }
}

}  // namespace hwcert::conformance
