#include "hwcert/plugin_common/op_kinds.hpp"

#include <utility>

namespace hwcert::plugin_common {
namespace {

using K = OpKind;

constexpr std::pair<std::string_view, OpKind> kKinds[] = {
    {"copy", K::kCopy},
    {"cast", K::kCast},
    {"transpose", K::kTranspose},
    {"concat", K::kConcat},
    {"gather", K::kGather},
    {"neg", K::kUnary},
    {"abs", K::kUnary},
    {"exp", K::kUnary},
    {"log", K::kUnary},
    {"sqrt", K::kUnary},
    {"rsqrt", K::kUnary},
    {"tanh", K::kUnary},
    {"sigmoid", K::kUnary},
    {"relu", K::kUnary},
    {"gelu", K::kUnary},
    {"silu", K::kUnary},
    {"add", K::kBinary},
    {"sub", K::kBinary},
    {"mul", K::kBinary},
    {"div", K::kBinary},
    {"max", K::kBinary},
    {"min", K::kBinary},
    {"pow", K::kBinary},
    {"reduce_sum", K::kReduce},
    {"reduce_max", K::kReduce},
    {"reduce_mean", K::kReduce},
    {"softmax", K::kSoftmax},
    {"log_softmax", K::kSoftmax},
    {"layer_norm", K::kNorm},
    {"rms_norm", K::kNorm},
    {"matmul", K::kMatmul},
    {"conv2d", K::kConv2d},
    {"max_pool2d", K::kPool2d},
    {"avg_pool2d", K::kPool2d},
    {"scaled_dot_product_attention", K::kAttention},
    {"clip", K::kActivation},
    {"leaky_relu", K::kActivation},
    {"hard_sigmoid", K::kActivation},
    {"hard_swish", K::kActivation},
    {"erf", K::kActivation},
    {"batch_norm", K::kBatchNorm}};

}  // namespace

std::optional<OpKind> op_kind(std::string_view op_name) {
  for (const auto& [name, kind] : kKinds) {
    if (name == op_name) return kind;
  }
  return std::nullopt;
}

}  // namespace hwcert::plugin_common
