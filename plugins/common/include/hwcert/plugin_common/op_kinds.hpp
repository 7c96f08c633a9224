// The catalogue's ops grouped by the planner a device plugin writes for them: one table from
// op name to kind and introducing opset, so that a plugin's planners are an array indexed by
// OpKind, and the descriptor opset checks every device plugin makes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hwcert::plugin_common {

enum class OpKind {
  kCopy,
  kCast,
  kTranspose,
  kConcat,
  kGather,
  kUnary,    // neg abs exp log sqrt rsqrt tanh sigmoid relu gelu silu
  kBinary,   // add sub mul div max min pow
  kReduce,   // reduce_sum reduce_max reduce_mean
  kSoftmax,  // softmax log_softmax
  kNorm,     // layer_norm rms_norm
  kMatmul,
  kConv2d,
  kPool2d,     // max_pool2d avg_pool2d
  kAttention,  // scaled_dot_product_attention
  // opset 2
  kActivation,  // clip leaky_relu hard_sigmoid hard_swish erf
  kBatchNorm,   // batch_norm
  kReshape,     // reshape flatten squeeze unsqueeze: the elements in row-major order
  kViewCopy,    // expand slice split: strided copies of computed views of the input
  kPad,
  kWhere,
  kResize,
};
inline constexpr std::size_t kOpKindCount = static_cast<std::size_t>(OpKind::kResize) + 1;

/// The newest catalogue opset whose ops this table holds.
inline constexpr uint32_t kNewestOpset = 2;

/// The kind of a catalogue op; nullopt for a name no opset has.
std::optional<OpKind> op_kind(std::string_view op_name);

/// The opset that introduced `op_name` (1, 2, ...); 0 for a name no opset has.
uint32_t op_opset(std::string_view op_name);

/// The descriptor's opset checked for `op_name`: UNSUPPORTED for an opset newer than
/// kNewestOpset; INVALID_ARGUMENT for opset 0 and, for a known op, for any opset but the one
/// that introduced it (the host fills that in, docs/op-catalogue.md "Opsets").
void check_op_opset(const std::string& op_name, uint32_t opset);

/// The entry of `table` (indexed by OpKind) for the op `op_name`; nullopt for an unknown op.
template <class Entry>
std::optional<Entry> for_op(const std::array<Entry, kOpKindCount>& table,
                            std::string_view op_name) {
  const std::optional<OpKind> kind = op_kind(op_name);
  if (!kind) return std::nullopt;
  return table[static_cast<std::size_t>(*kind)];
}

}  // namespace hwcert::plugin_common
