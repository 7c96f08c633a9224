// transpose, concat and gather: dtype-agnostic element moves.
#include <algorithm>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {

OpRunner prepare_transpose(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"perm"});
  if (!attrs.has("perm")) fail_invalid("transpose: attribute 'perm' is required");
  const std::vector<int64_t> perm = attrs.get_ints("perm", {});
  const TensorView& x = call.inputs[0];
  std::vector<bool> seen(x.rank, false);
  if (perm.size() != x.rank) {
    attrs.bad_value("perm", "has " + std::to_string(perm.size()) +
                                " entries for an input of rank " + std::to_string(x.rank));
  }
  std::vector<int64_t> out_shape;
  for (int64_t axis : perm) {
    if (axis < 0 || axis >= static_cast<int64_t>(x.rank) || seen[static_cast<std::size_t>(axis)]) {
      attrs.bad_value(
          "perm", shape_text(perm) + " is not a permutation of 0.." + std::to_string(x.rank - 1));
    }
    seen[static_cast<std::size_t>(axis)] = true;
    out_shape.push_back(x.shape[axis]);
  }
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], out_shape, "output");
  return [perm](const Operands& io, ThreadPool& pool) {
    const Operand& in = io.inputs[0];
    const Operand& out = io.outputs[0];
    std::vector<int64_t> src_strides;
    for (int64_t axis : perm) src_strides.push_back(in.view.strides[axis]);
    copy_strided(&pool, out.view.dims(), out.origin(), view_strides(out.view), in.origin(),
                 src_strides, out.view.element_size());
  };
}

OpRunner prepare_concat(const OpCall& call) {
  expect_counts(call, 1, 1024, 1);
  const OpAttributes& attrs = call.checked_attributes({"axis"});
  const TensorView& first = call.inputs[0];
  if (first.rank == 0) fail_invalid("concat: inputs must have rank >= 1");
  const int64_t axis = normalize_axis(call, "axis", attrs.get_int("axis", 0), first.rank);
  std::vector<int64_t> out_shape = first.dims();
  out_shape[static_cast<std::size_t>(axis)] = 0;
  for (std::size_t i = 0; i < call.inputs.size(); ++i) {
    const TensorView& x = call.inputs[i];
    if (x.dtype != first.dtype)
      fail_invalid("concat: input " + std::to_string(i) + " dtype differs from input 0");
    if (x.rank != first.rank)
      fail_invalid("concat: input " + std::to_string(i) + " rank differs from input 0");
    for (uint32_t d = 0; d < x.rank; ++d) {
      if (d != axis && x.shape[d] != first.shape[d]) {
        fail_invalid("concat: input " + std::to_string(i) + " " + shape_text(x.dims()) +
                     " differs from input 0 " + shape_text(first.dims()) + " outside axis " +
                     std::to_string(axis));
      }
    }
    out_shape[static_cast<std::size_t>(axis)] += x.shape[axis];
  }
  expect_dtype(call, call.outputs[0], first.dtype, "output");
  expect_shape(call, call.outputs[0], out_shape, "output");
  return [axis](const Operands& io, ThreadPool& pool) {
    const Operand& out = io.outputs[0];
    const int64_t es = static_cast<int64_t>(out.view.element_size());
    int64_t position = 0;
    for (const Operand& in : io.inputs) {
      std::byte* dst = out.origin() + position * out.view.strides[axis] * es;
      copy_strided(&pool, in.view.dims(), dst, view_strides(out.view), in.origin(),
                   view_strides(in.view), static_cast<std::size_t>(es));
      position += in.view.shape[axis];
    }
  };
}

OpRunner prepare_gather(const OpCall& call) {
  expect_counts(call, 2, 2, 1);
  const OpAttributes& attrs = call.checked_attributes({"axis"});
  const TensorView& data = call.inputs[0];
  const TensorView& indices = call.inputs[1];
  if (data.rank == 0) fail_invalid("gather: data must have rank >= 1");
  expect_dtype_in(call, indices.dtype, {HWC_DTYPE_I32, HWC_DTYPE_I64}, "indices");
  const int64_t axis = normalize_axis(call, "axis", attrs.get_int("axis", 0), data.rank);
  std::vector<int64_t> out_shape(data.shape, data.shape + axis);
  for (uint32_t d = 0; d < indices.rank; ++d) out_shape.push_back(indices.shape[d]);
  for (uint32_t d = static_cast<uint32_t>(axis) + 1; d < data.rank; ++d)
    out_shape.push_back(data.shape[d]);
  if (out_shape.size() > HWC_MAX_RANK)
    fail_invalid("gather: output rank exceeds " + std::to_string(HWC_MAX_RANK));
  expect_dtype(call, call.outputs[0], data.dtype, "output");
  expect_shape(call, call.outputs[0], out_shape, "output");
  return [axis](const Operands& io, ThreadPool& pool) {
    const Operand& data_op = io.inputs[0];
    const Operand& out = io.outputs[0];
    std::vector<int64_t> index_values = load_dense<int64_t>(io.inputs[1], pool);
    const int64_t extent = data_op.view.shape[axis];
    if (mutant(Mutant::kGatherClampsIndices) && extent > 0) {
      for (int64_t& value : index_values) value = std::clamp<int64_t>(value, 0, extent - 1);
    }
    for (int64_t value : index_values) {
      if (value < 0 || value >= extent) {
        fail(HWC_STATUS_OUT_OF_RANGE, "gather: index " + std::to_string(value) +
                                          " is outside [0, " + std::to_string(extent) + ")");
      }
    }
    // The slice moved per index: data dims without `axis`; output dims without the index dims.
    const uint32_t index_rank = io.inputs[1].view.rank;
    std::vector<int64_t> slice_shape, src_strides, dst_strides;
    for (uint32_t d = 0; d < data_op.view.rank; ++d) {
      if (d == axis) continue;
      slice_shape.push_back(data_op.view.shape[d]);
      src_strides.push_back(data_op.view.strides[d]);
      const uint32_t out_dim = d < axis ? d : d - 1 + index_rank;
      dst_strides.push_back(out.view.strides[out_dim]);
    }
    const std::vector<int64_t> index_shape(io.inputs[1].view.shape,
                                           io.inputs[1].view.shape + index_rank);
    const int64_t es = static_cast<int64_t>(out.view.element_size());
    const int64_t count = static_cast<int64_t>(index_values.size());
    pool.parallel_for(count, 16, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        int64_t dst_offset = 0;
        int64_t rest = p;
        for (uint32_t d = index_rank; d-- > 0;) {
          dst_offset += (rest % index_shape[d]) * out.view.strides[static_cast<uint32_t>(axis) + d];
          rest /= index_shape[d];
        }
        const std::byte* src = data_op.origin() + index_values[static_cast<std::size_t>(p)] *
                                                      data_op.view.strides[axis] * es;
        copy_strided(nullptr, slice_shape, out.origin() + dst_offset * es, dst_strides, src,
                     src_strides, static_cast<std::size_t>(es));
      }
    });
  };
}

}  // namespace hwcert::reference
