// Work of one op call: floating-point (or integer) operations and the minimum bytes moved,
// as the perf suites' roofline and reports use them.
#pragma once

#include "hwcert/loader/op_call.hpp"

namespace hwcert::catalogue {

struct OpCost {
  double flops = 0;  // 2 per multiply-add; per element as the catalogue's ElementWork says
  double bytes = 0;  // every input read once + every output written once
  // flops per byte; 0 when bytes is 0.
  double arithmetic_intensity() const { return bytes > 0 ? flops / bytes : 0; }
};

// Bytes of the distinct elements a tensor view addresses (a stride-0 dimension counts once).
double tensor_bytes(const TensorSpec& tensor);
// Cost of a call; flops are 0 for an unknown op or one whose geometry is invalid.
OpCost op_cost(const OpCall& call);

}  // namespace hwcert::catalogue
