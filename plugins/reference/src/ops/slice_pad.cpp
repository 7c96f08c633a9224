// slice, split and pad (opset 2): element moves along per-axis index rules.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/axis_gather.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

using Shape = std::vector<int64_t>;

// One sliced axis: output element i reads input element start + i * step.
struct AxisSlice {
  int64_t start = 0, step = 1, count = 0;
};

// ONNX Slice clamping of one axis of extent `dim`.
AxisSlice clamp_slice(int64_t start, int64_t end, int64_t step, int64_t dim) {
  if (dim == 0) return {0, step, 0};
  start = start < 0 ? start + dim : start;
  end = end < 0 ? end + dim : end;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    return {start, step, std::max<int64_t>(0, (end - start + step - 1) / step)};
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return {start, step, std::max<int64_t>(0, (start - end + (-step) - 1) / -step)};
}

std::vector<AxisSlice> parse_slice(const OpCall& call, const TensorView& x) {
  const OpAttributes& attrs = call.checked_attributes({"starts", "ends", "axes", "steps"});
  const Shape starts = attrs.require_ints("starts"), ends = attrs.require_ints("ends");
  Shape axes(starts.size());
  for (std::size_t i = 0; i < axes.size(); ++i) axes[i] = static_cast<int64_t>(i);
  axes = attrs.get_ints("axes", axes);
  const Shape steps = attrs.get_ints("steps", Shape(starts.size(), 1));
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    attrs.bad_value("ends", "starts, ends, axes and steps must have the same length");
  }
  std::vector<AxisSlice> slices(x.rank);
  std::vector<bool> seen(x.rank, false);
  for (uint32_t d = 0; d < x.rank; ++d) slices[d] = {0, 1, x.shape[d]};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const auto axis = static_cast<std::size_t>(normalize_axis(call, "axes", axes[i], x.rank));
    if (seen[axis]) attrs.bad_value("axes", "names an axis twice");
    if (steps[i] == 0) attrs.bad_value("steps", "holds a 0");
    seen[axis] = true;
    slices[axis] = clamp_slice(starts[i], ends[i], steps[i], x.shape[axis]);
  }
  return slices;
}

}  // namespace

void gather_by_axis(const Operand& in, const Operand& out, const AxisTables& tables,
                    const std::byte* fill, ThreadPool& pool) {
  const TensorView& ov = out.view;
  const auto size = static_cast<std::size_t>(ov.element_size());
  if (ov.empty()) return;
  const uint32_t last = ov.rank - 1;
  if (ov.rank == 0) {
    std::memcpy(out.origin(), in.origin(), size);
    return;
  }
  const int64_t inner = ov.shape[last];
  pool.parallel_for(ov.numel() / inner, 16, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t src = 0, dst = 0, rest = row;
      bool filled = false;  // the whole row lies in the padding
      for (uint32_t d = last; d-- > 0;) {
        const int64_t i = rest % ov.shape[d];
        rest /= ov.shape[d];
        const int64_t t = tables[d][static_cast<std::size_t>(i)];
        filled = filled || t < 0;
        src += t * in.view.strides[d];
        dst += i * ov.strides[d];
      }
      for (int64_t j = 0; j < inner; ++j) {
        const int64_t t = tables[last][static_cast<std::size_t>(j)];
        const std::byte* from =
            filled || t < 0 ? fill : element_at(in, src + t * in.view.strides[last]);
        std::memcpy(element_at(out, dst + j * ov.strides[last]), from, size);
      }
    }
  });
}

namespace {

enum class PadMode { kConstant, kReflect, kEdge };

// The input index output index i reads on an axis of extent `dim` padded by `before`.
int64_t pad_source(int64_t i, int64_t before, int64_t dim, PadMode mode) {
  const int64_t j = i - before;
  if (j >= 0 && j < dim) return j;
  if (mode == PadMode::kConstant) return -1;
  if (mode == PadMode::kEdge) return j < 0 ? 0 : dim - 1;
  if (mutant(Mutant::kPadReflectRepeatsEdge)) return j < 0 ? -j - 1 : 2 * dim - 1 - j;
  return j < 0 ? -j : 2 * (dim - 1) - j;
}

PadMode parse_pad_mode(const OpAttributes& attrs) {
  const std::string mode = attrs.get_string("mode", "constant");
  if (mode == "constant") return PadMode::kConstant;
  if (mode == "reflect") return PadMode::kReflect;
  if (mode != "edge") attrs.bad_value("mode", "must be constant, reflect or edge");
  return PadMode::kEdge;
}

}  // namespace

OpRunner prepare_slice(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const TensorView& x = call.inputs[0];
  const std::vector<AxisSlice> slices = parse_slice(call, x);
  Shape shape;
  for (const AxisSlice& s : slices) shape.push_back(s.count);
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], shape, "output");
  return [slices](const Operands& io, ThreadPool& pool) {
    const Operand& in = io.inputs[0];
    const Operand& out = io.outputs[0];
    if (out.view.empty()) return;
    int64_t origin = 0;
    Shape strides;
    for (uint32_t d = 0; d < in.view.rank; ++d) {
      AxisSlice s = slices[d];
      if (mutant(Mutant::kSliceNegativeStepOffByOne) && s.step < 0 &&
          s.start - 1 + (s.count - 1) * s.step >= 0) {
        --s.start;
      }
      origin += s.start * in.view.strides[d];
      strides.push_back(s.step * in.view.strides[d]);
    }
    copy_strided(&pool, out.view.dims(), out.origin(), view_strides(out.view),
                 element_at(in, origin), strides, out.view.element_size());
  };
}

OpRunner prepare_split(const OpCall& call) {
  const TensorView& x = call.inputs[0];
  const OpAttributes& attrs = call.checked_attributes({"axis", "sizes"});
  const Shape sizes = attrs.require_ints("sizes");
  if (sizes.empty()) attrs.bad_value("sizes", "must name at least one output");
  expect_counts(call, 1, 1, sizes.size());
  if (x.rank == 0) fail_invalid("split: X must have rank >= 1");
  const int64_t axis = normalize_axis(call, "axis", attrs.get_int("axis", 0), x.rank);
  int64_t total = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    if (sizes[k] < 0) attrs.bad_value("sizes", "holds a negative size");
    Shape shape = x.dims();
    shape[static_cast<std::size_t>(axis)] = sizes[k];
    expect_dtype(call, call.outputs[k], x.dtype, "output");
    expect_shape(call, call.outputs[k], shape, "output");
    total += sizes[k];
  }
  if (total != x.shape[axis]) attrs.bad_value("sizes", "must add up to the axis extent");
  return [axis](const Operands& io, ThreadPool& pool) {
    const Operand& in = io.inputs[0];
    int64_t position = 0;
    for (const Operand& out : io.outputs) {
      copy_strided(&pool, out.view.dims(), out.origin(), view_strides(out.view),
                   element_at(in, position * in.view.strides[axis]), view_strides(in.view),
                   out.view.element_size());
      position += out.view.shape[axis];
    }
  };
}

OpRunner prepare_pad(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const TensorView& x = call.inputs[0];
  const OpAttributes& attrs = call.checked_attributes({"pads", "mode", "value"});
  const Shape pads = attrs.require_ints("pads");
  const PadMode mode = parse_pad_mode(attrs);
  if (pads.size() != 2 * x.rank) attrs.bad_value("pads", "needs 2 * rank entries");
  AxisTables tables(x.rank);
  Shape shape;
  for (uint32_t d = 0; d < x.rank; ++d) {
    const int64_t before = pads[d], after = pads[d + x.rank], dim = x.shape[d];
    if (before < 0 || after < 0) attrs.bad_value("pads", "must be >= 0");
    if (mode == PadMode::kReflect && std::max(before, after) > 0 && std::max(before, after) >= dim)
      attrs.bad_value("pads", "reflect needs every pad below the extent of its axis");
    if (mode == PadMode::kEdge && std::max(before, after) > 0 && dim == 0)
      attrs.bad_value("pads", "edge padding of an empty axis");
    shape.push_back(dim + before + after);
    for (int64_t i = 0; i < shape.back(); ++i)
      tables[d].push_back(pad_source(i, before, dim, mode));
  }
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], shape, "output");
  std::vector<std::byte> fill(dtype_size(x.dtype));
  const double value = attrs.get_float("value", 0.0);
  store_row<double>(x.dtype, fill.data(), 1, 1, &value);  // the catalogue's cast
  return [tables, fill](const Operands& io, ThreadPool& pool) {
    gather_by_axis(io.inputs[0], io.outputs[0], tables, fill.data(), pool);
  };
}

}  // namespace hwcert::reference
