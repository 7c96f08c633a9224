// The ops of opsets 1 and 2 grouped by the planner a device plugin writes for them: one table from
// op name to kind, so that a plugin's planners are an array indexed by OpKind.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
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
  kPool2d,      // max_pool2d avg_pool2d
  kAttention,   // scaled_dot_product_attention
  kActivation,  // opset 2: clip leaky_relu hard_sigmoid hard_swish erf
  kBatchNorm,   // opset 2: batch_norm
};
inline constexpr std::size_t kOpKindCount = static_cast<std::size_t>(OpKind::kBatchNorm) + 1;

/// The kind of an op; nullopt for a name the catalogue does not have.
std::optional<OpKind> op_kind(std::string_view op_name);

/// The entry of `table` (indexed by OpKind) for the op `op_name`; nullopt for an unknown op.
template <class Entry>
std::optional<Entry> for_op(const std::array<Entry, kOpKindCount>& table,
                            std::string_view op_name) {
  const std::optional<OpKind> kind = op_kind(op_name);
  if (!kind) return std::nullopt;
  return table[static_cast<std::size_t>(*kind)];
}

}  // namespace hwcert::plugin_common
