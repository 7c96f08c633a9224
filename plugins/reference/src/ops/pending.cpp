// Ops of the catalogue not implemented yet: reported as UNSUPPORTED by op_support.
#include "errors.hpp"
#include "ops/op_prepare.hpp"

namespace hwcref {

#define HWCREF_PENDING(fn)                                                      \
  OpRunner fn(const OpCall& call) {                                             \
    unsupported(call.name + " is not implemented yet by the reference plugin"); \
  }

HWCREF_PENDING(prepare_transpose)
HWCREF_PENDING(prepare_concat)
HWCREF_PENDING(prepare_gather)
HWCREF_PENDING(prepare_reduce)
HWCREF_PENDING(prepare_softmax)
HWCREF_PENDING(prepare_layer_norm)
HWCREF_PENDING(prepare_rms_norm)
HWCREF_PENDING(prepare_conv2d)
HWCREF_PENDING(prepare_pool2d)
HWCREF_PENDING(prepare_attention)

}  // namespace hwcref
