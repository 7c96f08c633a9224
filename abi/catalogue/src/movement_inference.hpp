// Output shapes of the opset-2 data-movement ops (movement_inference.cpp), called by
// infer_outputs for the ops whose schema says since = 2 and family kDataMovement.
#pragma once

#include <vector>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::catalogue {

Expected<std::vector<TensorSpec>> infer_opset2_movement(const OpCall& call, const OpSchema& schema);

}  // namespace hwcert::catalogue
