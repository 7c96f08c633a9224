// The geometry of the opset-2 data-movement ops (reshape, flatten, squeeze, unsqueeze, expand,
// slice, split, pad, where, resize), worked out once for the device plugins from plain
// extents and attribute values: output shapes, and where each output element comes from.
// Malformed attributes are INVALID_ARGUMENT with a message that names the problem.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hwcert::plugin_common {

using Extents = std::vector<int64_t>;

/// "[2, 3]".
std::string shape_text(std::span<const int64_t> shape);

/// numpy broadcast of two shapes (aligned at the right).
Extents broadcast_shapes(std::span<const int64_t> a, std::span<const int64_t> b);

/// Axis in [-rank, rank) to [0, rank); `what` names it in the message.
uint32_t normalize_axis(int64_t axis, size_t rank, const std::string& what);

/// reshape: `shape` with at most one -1 inferred; the element count must match.
Extents reshape_extents(std::span<const int64_t> x, std::span<const int64_t> shape);
/// flatten: [prod(x[:axis]), prod(x[axis:])], axis in [-rank, rank].
Extents flatten_extents(std::span<const int64_t> x, int64_t axis);
/// expand: the broadcast of x and `shape` (entries >= 0).
Extents expand_extents(std::span<const int64_t> x, std::span<const int64_t> shape);
/// squeeze: x without `axes` (each of extent 1, none twice).
Extents squeeze_extents(std::span<const int64_t> x, std::span<const int64_t> axes);
/// unsqueeze: extent-1 dims inserted at `axes` (positions in the result, none twice).
Extents unsqueeze_extents(std::span<const int64_t> x, std::span<const int64_t> axes);

/// One dim of a slice: output element k of this dim reads input index start + k * step
/// (step is 1 where count < 2, start 0 where count is 0).
struct SliceDim {
  int64_t start = 0;
  int64_t step = 1;
  int64_t count = 0;
};
struct SliceAttributes {
  std::vector<int64_t> starts, ends;
  std::optional<std::vector<int64_t>> axes, steps;  ///< absent: 0..n-1, all 1
};
/// slice with ONNX semantics, one entry per dim of x (dims not sliced: 0, 1, extent).
std::vector<SliceDim> slice_dims(std::span<const int64_t> x, const SliceAttributes& slice);

/// split into `outputs` parts: where each starts along the axis (one size per output,
/// sizes >= 0, summing to `extent`).
std::vector<int64_t> split_starts(int64_t extent, std::span<const int64_t> sizes, size_t outputs);

enum class PadMode { kConstant, kReflect, kEdge };
PadMode pad_mode(std::string_view mode);
/// pad: x[i] + pads[i] + pads[rank + i]; pads >= 0, reflect needs pads < extent, edge and
/// reflect need a non-empty axis wherever they pad.
Extents pad_extents(std::span<const int64_t> x, std::span<const int64_t> pads, PadMode mode);

/// where: cond u8 and B of A's dtype; the broadcast of the three shapes.
Extents where_extents(const HWC_TensorDesc& cond, const HWC_TensorDesc& a, const HWC_TensorDesc& b);

enum class ResizeMode { kNearest, kBilinear };
ResizeMode resize_mode(std::string_view mode);
/// resize of an NCHW tensor to [N, C, sizes[0], sizes[1]] (sizes >= 1, H and W not empty).
Extents resize_extents(std::span<const int64_t> x, std::span<const int64_t> sizes);

}  // namespace hwcert::plugin_common
