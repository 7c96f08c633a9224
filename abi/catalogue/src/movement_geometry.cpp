// slice, split, pad and resize parameters from a call's attributes (movement_geometry.hpp).
#include "hwcert/catalogue/movement_geometry.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "call_checks.hpp"
#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::catalogue {
namespace {

Attrs attrs_of(const OpCall& call) {
  return Attrs(call, *find_op_schema(call.op_name()));
}

// The slice of one axis of extent `dim` from a raw start, end and non-zero step.
SliceAxis slice_axis(int64_t start, int64_t end, int64_t step, int64_t dim) {
  if (dim == 0) return {0, step, 0};
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    return {start, step, end > start ? (end - start + step - 1) / step : 0};
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return {start, step, start > end ? (start - end - step - 1) / -step : 0};
}

}  // namespace

Expected<std::vector<SliceAxis>> slice_geometry(const OpCall& call) {
  const Attrs attrs = attrs_of(call);
  const TensorSpec& x = call.inputs()[0];
  const std::vector<int64_t> starts = attrs.get_ints("starts"), ends = attrs.get_ints("ends");
  const std::size_t n = starts.size();
  if (ends.size() != n) {
    return invalid(
        call, fmt::format("starts has {} entries and ends {}; they must match", n, ends.size()));
  }
  std::vector<int64_t> axes(n), steps(n, 1);
  for (std::size_t i = 0; i < n; ++i) axes[i] = static_cast<int64_t>(i);
  if (attrs.has("axes")) axes = attrs.get_ints("axes");
  if (attrs.has("steps")) steps = attrs.get_ints("steps");
  if (axes.size() != n || steps.size() != n) {
    return invalid(call, fmt::format("axes ({}) and steps ({}) need one entry per start ({})",
                                     axes.size(), steps.size(), n));
  }
  std::vector<SliceAxis> out(x.rank());
  std::vector<bool> named(x.rank(), false);
  for (std::size_t d = 0; d < x.rank(); ++d) out[d] = {0, 1, x.shape[d]};
  for (std::size_t i = 0; i < n; ++i) {
    auto axis = checked_axis(call, axes[i], x.rank());
    if (!axis) return axis.status();
    if (named[*axis]) return invalid(call, fmt::format("axis {} is sliced twice", *axis));
    named[*axis] = true;
    if (steps[i] == 0) return invalid(call, fmt::format("steps[{}] is 0", i));
    out[*axis] = slice_axis(starts[i], ends[i], steps[i], x.shape[*axis]);
  }
  return out;
}

Expected<SplitGeometry> split_geometry(const OpCall& call) {
  const Attrs attrs = attrs_of(call);
  const TensorSpec& x = call.inputs()[0];
  auto axis = checked_axis(call, attrs.get_int("axis"), x.rank());
  if (!axis) return axis.status();
  SplitGeometry g{*axis, attrs.get_ints("sizes")};
  if (g.sizes.empty()) return invalid(call, "sizes must name at least one output");
  int64_t sum = 0;
  for (int64_t size : g.sizes) {
    if (size < 0)
      return invalid(call, fmt::format("sizes {} holds a negative size", shape_text(g.sizes)));
    sum += size;
  }
  if (sum != x.shape[g.axis]) {
    return invalid(call, fmt::format("sizes {} add up to {}, the axis {} extent is {}",
                                     shape_text(g.sizes), sum, g.axis, x.shape[g.axis]));
  }
  return g;
}

Expected<PadGeometry> pad_geometry(const OpCall& call) {
  const Attrs attrs = attrs_of(call);
  const TensorSpec& x = call.inputs()[0];
  const std::vector<int64_t> pads = attrs.get_ints("pads");
  const std::size_t rank = x.rank();
  if (pads.size() != 2 * rank) {
    return invalid(
        call, fmt::format("pads has {} entries, rank {} needs {}", pads.size(), rank, 2 * rank));
  }
  PadGeometry g;
  g.begin.assign(pads.begin(), pads.begin() + static_cast<std::ptrdiff_t>(rank));
  g.end.assign(pads.begin() + static_cast<std::ptrdiff_t>(rank), pads.end());
  const std::string mode = attrs.get_string("mode");
  if (mode == "reflect") {
    g.mode = PadMode::kReflect;
  } else if (mode == "edge") {
    g.mode = PadMode::kEdge;
  } else if (mode != "constant") {
    return invalid(call, fmt::format("mode must be constant, reflect or edge, got \"{}\"", mode));
  }
  g.value = attrs.get_float("value");
  for (std::size_t d = 0; d < rank; ++d) {
    const int64_t most = std::max(g.begin[d], g.end[d]);
    if (std::min(g.begin[d], g.end[d]) < 0) return invalid(call, "pads must be >= 0");
    if (g.mode == PadMode::kReflect && most > 0 && most >= x.shape[d]) {
      return invalid(call, fmt::format("reflect pad {} on axis {} needs a pad below the extent {}",
                                       most, d, x.shape[d]));
    }
    if (g.mode == PadMode::kEdge && most > 0 && x.shape[d] == 0) {
      return invalid(call, fmt::format("edge pad on axis {} of extent 0 has no edge to repeat", d));
    }
  }
  return g;
}

Expected<ResizeGeometry> resize_geometry(const OpCall& call) {
  const Attrs attrs = attrs_of(call);
  const TensorSpec& x = call.inputs()[0];
  if (x.rank() != 4)
    return invalid(call, fmt::format("X must be NCHW (rank 4), got rank {}", x.rank()));
  const std::vector<int64_t> sizes = attrs.get_ints("sizes");
  if (sizes.size() != 2 || sizes[0] < 1 || sizes[1] < 1) {
    return invalid(
        call, fmt::format("sizes must be [out_h, out_w], each >= 1, got {}", shape_text(sizes)));
  }
  const std::string mode = attrs.get_string("mode");
  if (mode != "nearest" && mode != "bilinear") {
    return invalid(call, fmt::format("mode must be nearest or bilinear, got \"{}\"", mode));
  }
  if (x.shape[2] == 0 || x.shape[3] == 0) {
    return invalid(
        call, fmt::format("X {} has an empty spatial extent to sample from", shape_text(x.shape)));
  }
  return ResizeGeometry{sizes[0], sizes[1], mode == "bilinear"};
}

}  // namespace hwcert::catalogue
