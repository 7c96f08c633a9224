// Accumulation length K per op: the number of terms summed into one output element.
#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::catalogue {

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
      // batch_norm's statistics are inputs: each output is its own x, nothing summed.
      if (!axis || call.op_name() == "batch_norm") return 1;
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
    case OpFamily::kDataMovement:
      // resize: the source coordinate of a bilinear tap, computed in f32, errs by up to about
      // 3 eps per unit of the input extent (docs/numerics.md); H + W + 2 scales that bound.
      return call.op_name() == "resize" && x.rank() == 4 ? x.shape[2] + x.shape[3] + 2 : 1;
    default:
      return 1;
  }
}

}  // namespace hwcert::catalogue
