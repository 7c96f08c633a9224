// Work of one op call: floating-point (or integer) operations and the minimum bytes moved.
#pragma once

#include <cstdint>
#include <string_view>

#include "hwcert/loader/op_call.hpp"

namespace hwcert::perf {

struct OpCost {
  double flops = 0;  // operations counted as in docs/perfsuite.md (2 per multiply-add)
  double bytes = 0;  // every input read once + every output written once
  // flops per byte; 0 when bytes is 0.
  double arithmetic_intensity() const { return bytes > 0 ? flops / bytes : 0; }
};

// Bytes of the distinct elements a tensor view addresses (a stride-0 dimension counts once).
double tensor_bytes(const TensorSpec& tensor);
OpCost op_cost(const OpCall& call);
// matmul, conv2d and attention are compared against compute peaks; the rest against bandwidth.
bool is_compute_bound_op(std::string_view op);

}  // namespace hwcert::perf
