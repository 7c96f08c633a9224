// Host-side tensor views: shape, element strides and element offset of a tensor descriptor,
// the rearrangements ops need (permute, broadcast, drop dims), dimension merging, and the
// TensorInfo block that kernels receive (kernels/common.cl: TInfo).
#pragma once

#include <CL/cl.h>

#include <cstdint>
#include <span>
#include <vector>

#include <hwcert/hwcert_plugin.h>
#include <hwcert/plugin_common/movement_shapes.hpp>

namespace hwcert::opencl {

constexpr int kMaxKernelRank = 8;

struct View {
  int32_t dtype = 0;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;  ///< elements
  int64_t offset = 0;            ///< elements

  size_t rank() const noexcept { return shape.size(); }
  int64_t numel() const noexcept;
};

/// Field-for-field twin of TInfo in kernels/common.cl.
struct TensorInfo {
  cl_long shape[kMaxKernelRank];
  cl_long stride[kMaxKernelRank];
  cl_long offset;
  cl_long rank;
};

/// The view of a validated descriptor (byte_offset divisible by the element size).
View view_of(const HWC_TensorDesc& desc);

/// Dims reordered: result dim i = view dim order[i].
View permute(const View& view, std::span<const int> order);

/// Strides of `view` broadcast (numpy rules, aligned at the right) to `shape`.
View broadcast_to(const View& view, std::span<const int64_t> shape);

/// Only dims [first, last) of the view; offset kept (or set to 0 with zero_offset).
View sub_view(const View& view, size_t first, size_t last, bool zero_offset);

/// Merges dims of views that share one shape wherever every view is contiguous across them,
/// drops extent-1 dims; the result has rank >= 1.
void coalesce(std::span<View* const> views);

/// The kernel block; Failure (UNSUPPORTED) when rank exceeds kMaxKernelRank.
TensorInfo tensor_info(const View& view);

/// numpy broadcast of two shapes; INVALID_ARGUMENT when they do not broadcast.
using plugin_common::broadcast_shapes;

int64_t product(std::span<const int64_t> extents) noexcept;

/// Axis in [0, rank) from a possibly negative one; INVALID_ARGUMENT when out of range.
using plugin_common::normalize_axis;

}  // namespace hwcert::opencl
