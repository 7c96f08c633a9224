// reshape, flatten, squeeze, unsqueeze and expand (opset 2): each output element is one input
// element, found through input strides derived per output axis.
#include <algorithm>
#include <string>
#include <vector>

#include "error.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

using Shape = std::vector<int64_t>;

int64_t product(const int64_t* begin, const int64_t* end) {
  int64_t n = 1;
  for (const int64_t* p = begin; p != end; ++p) n *= *p;
  return n;
}

// Copies X into Y in row-major order whatever the two shapes (same element count): a dense
// X is read in place, any other layout goes through a dense copy first.
void copy_row_major(const Operand& in, const Operand& out, ThreadPool& pool) {
  const Shape out_shape = out.view.dims();
  const std::size_t size = in.view.element_size();
  if (in.view.is_contiguous()) {
    copy_strided(&pool, out_shape, out.origin(), view_strides(out.view), in.origin(),
                 dense_strides(out_shape), size);
    return;
  }
  std::vector<std::byte> dense(static_cast<std::size_t>(in.view.numel()) * size);
  copy_strided(&pool, in.view.dims(), dense.data(), dense_strides(in.view.dims()), in.origin(),
               view_strides(in.view), size);
  copy_strided(&pool, out_shape, out.origin(), view_strides(out.view), dense.data(),
               dense_strides(out_shape), size);
}

OpRunner relabel_runner(const OpCall& call, const Shape& out_shape) {
  expect_dtype(call, call.outputs[0], call.inputs[0].dtype, "output");
  expect_shape(call, call.outputs[0], out_shape, "output");
  return [](const Operands& io, ThreadPool& pool) {
    copy_row_major(io.inputs[0], io.outputs[0], pool);
  };
}

// Normalised, distinct axes of a tensor of `rank` dims, as a mask.
std::vector<bool> axis_mask(const OpCall& call, const OpAttributes& attrs, int64_t rank) {
  std::vector<bool> mask(static_cast<std::size_t>(rank), false);
  for (int64_t axis : attrs.get_ints("axes", {})) {
    const int64_t a = normalize_axis(call, "axes", axis, rank);
    if (mask[static_cast<std::size_t>(a)]) attrs.bad_value("axes", "names an axis twice");
    mask[static_cast<std::size_t>(a)] = true;
  }
  return mask;
}

}  // namespace

OpRunner prepare_reshape(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"shape"});
  Shape shape = attrs.require_ints("shape");
  const TensorView& x = call.inputs[0];
  const auto unknown = std::count(shape.begin(), shape.end(), -1);
  int64_t known = 1;
  for (int64_t e : shape) {
    if (e < -1 || (e == -1 && unknown > 1)) attrs.bad_value("shape", "may hold one -1, else >= 0");
    if (e >= 0) known *= e;
  }
  if (unknown == 1) {
    if (known == 0 || x.numel() % known != 0) attrs.bad_value("shape", "-1 cannot be inferred");
    *std::find(shape.begin(), shape.end(), -1) = x.numel() / known;
  } else if (known != x.numel()) {
    attrs.bad_value(
        "shape", shape_text(shape) + " does not hold " + std::to_string(x.numel()) + " elements");
  }
  return relabel_runner(call, shape);
}

OpRunner prepare_flatten(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"axis"});
  const TensorView& x = call.inputs[0];
  const auto rank = static_cast<int64_t>(x.rank);
  int64_t axis = attrs.get_int("axis", 1);
  if (axis < -rank || axis > rank) attrs.bad_value("axis", "is outside [-rank, rank]");
  if (axis < 0) axis += rank;
  return relabel_runner(
      call, {product(x.shape, x.shape + axis), product(x.shape + axis, x.shape + rank)});
}

OpRunner prepare_squeeze(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"axes"});
  attrs.require("axes");
  const TensorView& x = call.inputs[0];
  const std::vector<bool> mask = axis_mask(call, attrs, x.rank);
  Shape shape;
  for (uint32_t d = 0; d < x.rank; ++d) {
    if (!mask[d]) shape.push_back(x.shape[d]);
    if (mask[d] && x.shape[d] != 1) attrs.bad_value("axes", "names an axis of extent != 1");
  }
  return relabel_runner(call, shape);
}

OpRunner prepare_unsqueeze(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"axes"});
  attrs.require("axes");
  const TensorView& x = call.inputs[0];
  const auto rank = static_cast<int64_t>(x.rank + attrs.get_ints("axes", {}).size());
  if (rank > HWC_MAX_RANK) attrs.bad_value("axes", "gives a rank above 8");
  const std::vector<bool> mask = axis_mask(call, attrs, rank);
  Shape shape;
  uint32_t next = 0;
  for (int64_t d = 0; d < rank; ++d) shape.push_back(mask[d] ? 1 : x.shape[next++]);
  return relabel_runner(call, shape);
}

OpRunner prepare_expand(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"shape"});
  const Shape target = attrs.require_ints("shape");
  for (int64_t e : target) {
    if (e < 0) attrs.bad_value("shape", "holds a negative extent");
  }
  const Shape shape = broadcast_shapes(call, call.inputs[0].dims(), target);
  if (shape.size() > HWC_MAX_RANK) attrs.bad_value("shape", "gives a rank above 8");
  expect_dtype(call, call.outputs[0], call.inputs[0].dtype, "output");
  expect_shape(call, call.outputs[0], shape, "output");
  return [](const Operands& io, ThreadPool& pool) {
    const Operand& in = io.inputs[0];
    const Operand& out = io.outputs[0];
    copy_strided(&pool, out.view.dims(), out.origin(), view_strides(out.view), in.origin(),
                 broadcast_strides(in.view, out.view.dims()), out.view.element_size());
  };
}

}  // namespace hwcert::reference
