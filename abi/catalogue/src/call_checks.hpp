// Messages and checks shared by shape inference, geometry and call validation.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::catalogue {

// INVALID_ARGUMENT "<op>: <what>".
Status invalid(const OpCall& call, const std::string& what);
// "[2, 3]"
std::string shape_text(std::span<const int64_t> shape);

// `axis` normalised against `rank`, or "axis A is out of range for rank R".
Expected<int64_t> checked_axis(const OpCall& call, int64_t axis, std::size_t rank);
// One dense output of `dtype` and `shape`: what most shape inference functions return.
Expected<std::vector<TensorSpec>> one_output(DType dtype, std::vector<int64_t> shape);
// Every input has the first input's dtype.
Status check_same_dtype(const OpCall& call);
// The first input's dtype is one the schema accepts.
Status check_input_dtype(const OpCall& call, const OpSchema& schema);
// The call's math_mode is known and applies to `input_dtype`.
Status check_math_mode(const OpCall& call, DType input_dtype);
// The number of inputs is within the schema's range.
Status check_input_count(const OpCall& call, const OpSchema& schema);
// Attribute names are known and given once, with the declared types; required ones present.
Status check_attributes(const OpCall& call, const OpSchema& schema);

}  // namespace hwcert::catalogue
