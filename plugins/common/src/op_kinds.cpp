#include "hwcert/plugin_common/op_kinds.hpp"

#include <string>

#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {
namespace {

using K = OpKind;

struct OpEntry {
  std::string_view name;
  OpKind kind;
  uint32_t opset;  // the opset that introduced the op
};

constexpr OpEntry kOps[] = {{"copy", K::kCopy, 1},
                            {"cast", K::kCast, 1},
                            {"transpose", K::kTranspose, 1},
                            {"concat", K::kConcat, 1},
                            {"gather", K::kGather, 1},
                            {"neg", K::kUnary, 1},
                            {"abs", K::kUnary, 1},
                            {"exp", K::kUnary, 1},
                            {"log", K::kUnary, 1},
                            {"sqrt", K::kUnary, 1},
                            {"rsqrt", K::kUnary, 1},
                            {"tanh", K::kUnary, 1},
                            {"sigmoid", K::kUnary, 1},
                            {"relu", K::kUnary, 1},
                            {"gelu", K::kUnary, 1},
                            {"silu", K::kUnary, 1},
                            {"add", K::kBinary, 1},
                            {"sub", K::kBinary, 1},
                            {"mul", K::kBinary, 1},
                            {"div", K::kBinary, 1},
                            {"max", K::kBinary, 1},
                            {"min", K::kBinary, 1},
                            {"pow", K::kBinary, 1},
                            {"reduce_sum", K::kReduce, 1},
                            {"reduce_max", K::kReduce, 1},
                            {"reduce_mean", K::kReduce, 1},
                            {"softmax", K::kSoftmax, 1},
                            {"log_softmax", K::kSoftmax, 1},
                            {"layer_norm", K::kNorm, 1},
                            {"rms_norm", K::kNorm, 1},
                            {"matmul", K::kMatmul, 1},
                            {"conv2d", K::kConv2d, 1},
                            {"max_pool2d", K::kPool2d, 1},
                            {"avg_pool2d", K::kPool2d, 1},
                            {"scaled_dot_product_attention", K::kAttention, 1},
                            {"clip", K::kActivation, 2},
                            {"leaky_relu", K::kActivation, 2},
                            {"hard_sigmoid", K::kActivation, 2},
                            {"hard_swish", K::kActivation, 2},
                            {"erf", K::kActivation, 2},
                            {"batch_norm", K::kBatchNorm, 2},
                            {"reshape", K::kReshape, 2},
                            {"flatten", K::kReshape, 2},
                            {"squeeze", K::kReshape, 2},
                            {"unsqueeze", K::kReshape, 2},
                            {"expand", K::kViewCopy, 2},
                            {"slice", K::kViewCopy, 2},
                            {"split", K::kViewCopy, 2},
                            {"pad", K::kPad, 2},
                            {"where", K::kWhere, 2},
                            {"resize", K::kResize, 2}};

const OpEntry* find_op(std::string_view op_name) {
  for (const OpEntry& entry : kOps)
    if (entry.name == op_name) return &entry;
  return nullptr;
}

}  // namespace

std::optional<OpKind> op_kind(std::string_view op_name) {
  const OpEntry* entry = find_op(op_name);
  return entry != nullptr ? std::optional(entry->kind) : std::nullopt;
}

uint32_t op_opset(std::string_view op_name) {
  const OpEntry* entry = find_op(op_name);
  return entry != nullptr ? entry->opset : 0;
}

void check_op_opset(const std::string& op_name, uint32_t opset) {
  if (opset == 0) fail_invalid(op_name + ": opset 0 is invalid (opset 1 is the first)");
  if (opset > kNewestOpset)
    fail_unsupported(op_name + ": opset " + std::to_string(opset) +
                     " is not implemented (opsets 1.." + std::to_string(kNewestOpset) + " are)");
  const uint32_t introduced = op_opset(op_name);
  if (introduced != 0 && introduced != opset)
    fail_invalid(op_name + " is an opset-" + std::to_string(introduced) +
                 " op; the descriptor names opset " + std::to_string(opset));
}

}  // namespace hwcert::plugin_common
