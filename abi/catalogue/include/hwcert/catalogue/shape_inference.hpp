// Dtype rules, output shapes and full validation of an OpCall against the catalogue.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::catalogue {

// Output shapes (and dtypes) of a call from its inputs and attributes; `outputs` of the call
// are ignored except for the dtype of cast's and fp8 matmul's output. INVALID_ARGUMENT naming
// the op and the rule broken.
Expected<std::vector<TensorSpec>> infer_outputs(const OpCall& call);
// Output dtype chosen by default for `op` given its input dtypes (cast: none; matmul i8 ->
// i32; fp8 matmul -> f32; where: A's, the second input's; everything else: the first input's).
std::optional<DType> default_output_dtype(std::string_view op, std::span<const DType> inputs);

// Full validation: known op, the call's opset equal to the op's (op_opset), input and output
// counts, tensor specs (aligned byte
// offsets, non-overlapping outputs), attribute names, types and ranges, dtype rules,
// output shapes equal to the inferred ones. INVALID_ARGUMENT with a message that names the
// op, the tensor or attribute, and what was expected.
Status validate_op_call(const OpCall& call);

// Numpy broadcast of two shapes; nullopt when incompatible.
std::optional<std::vector<int64_t>> broadcast_shapes(std::span<const int64_t> a,
                                                     std::span<const int64_t> b);
// Normalises a possibly negative axis against `rank`; nullopt when out of range.
std::optional<int64_t> normalize_axis(int64_t axis, std::size_t rank);

}  // namespace hwcert::catalogue
