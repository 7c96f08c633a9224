// Full validation of an OpCall: tensors, counts, attributes, dtypes and inferred outputs.
#include <fmt/format.h>

#include <algorithm>

#include "call_checks.hpp"
#include "hwcert/catalogue/shape_inference.hpp"

namespace hwcert::catalogue {
namespace {

// Sufficient condition for an output view that never writes one element twice: ordering the
// non-trivial dims by stride, each stride is at least the span of the dims inside it.
bool non_overlapping(const TensorSpec& spec) {
  const std::vector<int64_t> strides = spec.effective_strides();
  std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, extent)
  for (std::size_t d = 0; d < spec.rank(); ++d) {
    if (spec.shape[d] == 0) return true;
    if (spec.shape[d] > 1) dims.emplace_back(strides[d], spec.shape[d]);
  }
  std::sort(dims.begin(), dims.end());
  int64_t span = 1;
  for (const auto& [stride, extent] : dims) {
    if (stride < span) return false;
    span = stride * (extent - 1) + span;
  }
  return true;
}

Status check_tensor(const OpCall& call, const TensorSpec& spec, const std::string& what) {
  if (Status s = spec.validate(); !s.ok()) {
    return invalid(call, fmt::format("{}: {}", what, s.message()));
  }
  if (!spec.strides.empty() && spec.strides.size() != spec.shape.size()) {
    return invalid(
        call, fmt::format("{}: {} strides for rank {}", what, spec.strides.size(), spec.rank()));
  }
  const std::size_t size = dtype_size(spec.dtype);
  if (size != 0 && spec.byte_offset % size != 0) {
    return invalid(call, fmt::format("{}: byte_offset {} is not a multiple of the element size {}",
                                     what, spec.byte_offset, size));
  }
  return Status::Ok();
}

Status check_tensors(const OpCall& call) {
  for (std::size_t i = 0; i < call.inputs().size(); ++i) {
    if (Status s = check_tensor(call, call.inputs()[i], fmt::format("input {}", i)); !s.ok()) {
      return s;
    }
  }
  for (std::size_t i = 0; i < call.outputs().size(); ++i) {
    const std::string what = call.outputs().size() == 1 ? "output" : fmt::format("output {}", i);
    if (Status s = check_tensor(call, call.outputs()[i], what); !s.ok()) return s;
  }
  return Status::Ok();
}

// Output `i` of the call against the inferred one.
Status check_output(const OpCall& call, std::size_t i, const TensorSpec& want) {
  const TensorSpec& out = call.outputs()[i];
  const std::string what = call.outputs().size() == 1 ? "output" : fmt::format("output {}", i);
  if (out.dtype != want.dtype) {
    return invalid(call, fmt::format("{} dtype is {}, expected {}", what, dtype_name(out.dtype),
                                     dtype_name(want.dtype)));
  }
  if (out.shape != want.shape) {
    return invalid(call, fmt::format("{} shape is {}, expected {}", what, shape_text(out.shape),
                                     shape_text(want.shape)));
  }
  if (!non_overlapping(out)) {
    return invalid(
        call, fmt::format("{} strides overlap (an output element would be written twice)", what));
  }
  return Status::Ok();
}

}  // namespace

Status validate_op_call(const OpCall& call) {
  const uint32_t opset = op_opset(call.op_name());
  if (opset != 0 && call.opset() != opset) {
    return invalid(
        call, fmt::format("is an op of opset {}; the call names opset {}", opset, call.opset()));
  }
  if (call.outputs().empty()) return invalid(call, "takes at least 1 output, got 0");
  if (Status s = check_tensors(call); !s.ok()) return s;
  auto inferred = infer_outputs(call);
  if (!inferred) return inferred.status();
  if (call.outputs().size() != inferred->size()) {
    return invalid(
        call, fmt::format("takes {} output(s), got {}", inferred->size(), call.outputs().size()));
  }
  for (std::size_t i = 0; i < inferred->size(); ++i) {
    if (Status s = check_output(call, i, (*inferred)[i]); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace hwcert::catalogue
