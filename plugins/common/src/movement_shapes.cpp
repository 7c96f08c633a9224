#include "hwcert/plugin_common/movement_shapes.hpp"

#include <algorithm>
#include <numeric>

#include "hwcert/plugin_common/dtypes.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {
namespace {

/// Element count of non-negative extents; INVALID_ARGUMENT when it exceeds 64 bits.
int64_t product(std::span<const int64_t> extents) {
  int64_t n = 1;
  for (int64_t e : extents)
    if (__builtin_mul_overflow(n, e, &n))
      fail_invalid("the shape " + shape_text(extents) + " has more elements than 64 bits hold");
  return n;
}

/// Axes normalised against `rank`, none twice.
std::vector<uint32_t> distinct_axes(std::span<const int64_t> axes, size_t rank,
                                    const std::string& what) {
  std::vector<uint32_t> out;
  for (int64_t a : axes) {
    const uint32_t axis = normalize_axis(a, rank, what);
    if (std::find(out.begin(), out.end(), axis) != out.end())
      fail_invalid(what + " " + std::to_string(axis) + " is given twice");
    out.push_back(axis);
  }
  return out;
}

}  // namespace

std::string shape_text(std::span<const int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i > 0 ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

Extents broadcast_shapes(std::span<const int64_t> a, std::span<const int64_t> b) {
  const size_t rank = std::max(a.size(), b.size());
  Extents out(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t x = i + a.size() < rank ? 1 : a[i + a.size() - rank];
    const int64_t y = i + b.size() < rank ? 1 : b[i + b.size() - rank];
    if (x != y && x != 1 && y != 1)
      fail_invalid("shapes " + shape_text(a) + " and " + shape_text(b) + " do not broadcast");
    out[i] = x == 1 ? y : x;
  }
  return out;
}

uint32_t normalize_axis(int64_t axis, size_t rank, const std::string& what) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r)
    fail_invalid(what + " " + std::to_string(axis) + " is out of range for rank " +
                 std::to_string(rank));
  return static_cast<uint32_t>(axis < 0 ? axis + r : axis);
}

Extents reshape_extents(std::span<const int64_t> x, std::span<const int64_t> shape) {
  Extents out(shape.begin(), shape.end());
  const auto inferred = std::find(out.begin(), out.end(), -1);
  if (std::count(out.begin(), out.end(), -1) > 1)
    fail_invalid("reshape: shape " + shape_text(shape) + " has more than one -1");
  if (std::any_of(out.begin(), out.end(), [](int64_t e) { return e < -1; }))
    fail_invalid("reshape: shape " + shape_text(shape) + " has a negative extent");
  const int64_t count = product(x);
  if (inferred != out.end()) {
    *inferred = 1;
    const int64_t known = product(out);
    if (known == 0 || count % known != 0)
      fail_invalid("reshape: no extent for -1 in " + shape_text(shape) + " gives " +
                   std::to_string(count) + " elements");
    *inferred = count / known;
  }
  if (product(out) != count)
    fail_invalid("reshape: shape " + shape_text(shape) + " does not hold the " +
                 std::to_string(count) + " elements of " + shape_text(x));
  return out;
}

Extents flatten_extents(std::span<const int64_t> x, int64_t axis) {
  const auto rank = static_cast<int64_t>(x.size());
  if (axis < -rank || axis > rank)
    fail_invalid("flatten: axis " + std::to_string(axis) + " is out of range for rank " +
                 std::to_string(rank));
  const auto split = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  return {product(x.first(split)), product(x.subspan(split))};
}

Extents expand_extents(std::span<const int64_t> x, std::span<const int64_t> shape) {
  if (std::any_of(shape.begin(), shape.end(), [](int64_t e) { return e < 0; }))
    fail_invalid("expand: shape " + shape_text(shape) + " has a negative extent");
  return broadcast_shapes(x, shape);
}

Extents squeeze_extents(std::span<const int64_t> x, std::span<const int64_t> axes) {
  const std::vector<uint32_t> drop = distinct_axes(axes, x.size(), "squeeze: axis");
  Extents out;
  for (uint32_t d = 0; d < x.size(); ++d) {
    const bool dropped = std::find(drop.begin(), drop.end(), d) != drop.end();
    if (dropped && x[d] != 1)
      fail_invalid("squeeze: axis " + std::to_string(d) + " has extent " + std::to_string(x[d]) +
                   ", not 1");
    if (!dropped) out.push_back(x[d]);
  }
  return out;
}

Extents unsqueeze_extents(std::span<const int64_t> x, std::span<const int64_t> axes) {
  const size_t rank = x.size() + axes.size();
  const std::vector<uint32_t> inserted = distinct_axes(axes, rank, "unsqueeze: axis");
  Extents out;
  size_t next = 0;  // next dim of x
  for (uint32_t d = 0; d < rank; ++d) {
    const bool one = std::find(inserted.begin(), inserted.end(), d) != inserted.end();
    out.push_back(one ? 1 : x[next++]);
  }
  return out;
}

std::vector<int64_t> split_starts(int64_t extent, std::span<const int64_t> sizes, size_t outputs) {
  if (sizes.empty()) fail_invalid("split: sizes is empty");
  if (sizes.size() != outputs)
    fail_invalid("split: sizes has " + std::to_string(sizes.size()) + " entries for " +
                 std::to_string(outputs) + " outputs");
  std::vector<int64_t> starts;
  int64_t next = 0;
  for (int64_t size : sizes) {
    if (size < 0) fail_invalid("split: sizes " + shape_text(sizes) + " has a negative entry");
    if (size > extent - next)
      fail_invalid("split: sizes " + shape_text(sizes) + " add up to more than the axis extent " +
                   std::to_string(extent));
    starts.push_back(next);
    next += size;
  }
  if (next != extent)
    fail_invalid("split: sizes " + shape_text(sizes) + " add up to " + std::to_string(next) +
                 ", not the axis extent " + std::to_string(extent));
  return starts;
}

std::vector<SliceDim> slice_dims(std::span<const int64_t> x, const SliceAttributes& slice) {
  const size_t n = slice.starts.size();
  if (slice.ends.size() != n || (slice.axes && slice.axes->size() != n) ||
      (slice.steps && slice.steps->size() != n))
    fail_invalid("slice: starts, ends, axes and steps differ in length");
  std::vector<int64_t> axes(n);
  std::iota(axes.begin(), axes.end(), int64_t{0});
  const std::vector<uint32_t> sliced = distinct_axes(
      slice.axes ? std::span<const int64_t>(*slice.axes) : axes, x.size(), "slice: axis");
  std::vector<SliceDim> dims;
  for (int64_t extent : x) dims.push_back(SliceDim{0, 1, extent});
  for (size_t i = 0; i < n; ++i) {
    const int64_t step = slice.steps ? (*slice.steps)[i] : 1;
    if (step == 0) fail_invalid("slice: a step is 0");
    const int64_t extent = x[sliced[i]];
    // Negative positions count from the end; then clamp as ONNX Slice does.
    int64_t start = slice.starts[i] < 0 ? slice.starts[i] + extent : slice.starts[i];
    int64_t end = slice.ends[i] < 0 ? slice.ends[i] + extent : slice.ends[i];
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, extent);
      end = std::clamp<int64_t>(end, 0, extent);
    } else {
      start = std::clamp<int64_t>(start, 0, extent - 1);
      end = std::clamp<int64_t>(end, -1, extent - 1);
    }
    const int64_t span = step > 0 ? end - start : start - end;
    const uint64_t magnitude = step > 0 ? uint64_t(step) : uint64_t{0} - uint64_t(step);
    const auto count = span <= 0 ? 0 : static_cast<int64_t>((uint64_t(span) - 1) / magnitude + 1);
    // A step only matters between two elements (so that it times a stride cannot overflow).
    dims[sliced[i]] = SliceDim{count == 0 ? 0 : start, count > 1 ? step : 1, count};
  }
  return dims;
}

PadMode pad_mode(std::string_view mode) {
  if (mode == "constant") return PadMode::kConstant;
  if (mode == "reflect") return PadMode::kReflect;
  if (mode == "edge") return PadMode::kEdge;
  fail_invalid("pad: mode '" + std::string(mode) + "' is not constant, reflect or edge");
}

Extents pad_extents(std::span<const int64_t> x, std::span<const int64_t> pads, PadMode mode) {
  const size_t rank = x.size();
  if (pads.size() != 2 * rank)
    fail_invalid("pad: pads has " + std::to_string(pads.size()) + " entries, rank " +
                 std::to_string(rank) + " needs " + std::to_string(2 * rank));
  Extents out;
  for (size_t d = 0; d < rank; ++d) {
    const int64_t begin = pads[d], end = pads[rank + d];
    if (begin < 0 || end < 0)
      fail_invalid("pad: pads " + shape_text(pads) + " has a negative entry");
    const int64_t most = std::max(begin, end);
    if (mode == PadMode::kReflect && most >= x[d])
      fail_invalid("pad: reflect needs pads below the extent " + std::to_string(x[d]) +
                   " of axis " + std::to_string(d));
    if (mode == PadMode::kEdge && most > 0 && x[d] == 0)
      fail_invalid("pad: edge cannot pad the empty axis " + std::to_string(d));
    int64_t extent = 0;
    if (__builtin_add_overflow(x[d], begin, &extent) ||
        __builtin_add_overflow(extent, end, &extent))
      fail_invalid("pad: axis " + std::to_string(d) + " grows beyond 64 bits");
    out.push_back(extent);
  }
  product(out);  // the element count must fit too
  return out;
}

Extents where_extents(const HWC_TensorDesc& cond, const HWC_TensorDesc& a,
                      const HWC_TensorDesc& b) {
  if (cond.dtype != HWC_DTYPE_U8)
    fail_invalid(std::string("where: cond has dtype ") + dtype_name(cond.dtype) + ", not u8");
  if (b.dtype != a.dtype)
    fail_invalid(std::string("where: B has dtype ") + dtype_name(b.dtype) + ", A " +
                 dtype_name(a.dtype));
  const Extents ab = broadcast_shapes(std::span(a.shape, a.rank), std::span(b.shape, b.rank));
  return broadcast_shapes(std::span(cond.shape, cond.rank), ab);
}

ResizeMode resize_mode(std::string_view mode) {
  if (mode == "nearest") return ResizeMode::kNearest;
  if (mode == "bilinear") return ResizeMode::kBilinear;
  fail_invalid("resize: mode '" + std::string(mode) + "' is not nearest or bilinear");
}

Extents resize_extents(std::span<const int64_t> x, std::span<const int64_t> sizes) {
  if (x.size() != 4)
    fail_invalid("resize: X has rank " + std::to_string(x.size()) + ", not 4 (NCHW)");
  if (sizes.size() != 2 || sizes[0] < 1 || sizes[1] < 1)
    fail_invalid("resize: sizes " + shape_text(sizes) + " must be two extents >= 1");
  if (x[2] == 0 || x[3] == 0)
    fail_invalid("resize: X " + shape_text(x) + " has an empty spatial axis to sample from");
  Extents out = {x[0], x[1], sizes[0], sizes[1]};
  product(out);
  return out;
}

}  // namespace hwcert::plugin_common
