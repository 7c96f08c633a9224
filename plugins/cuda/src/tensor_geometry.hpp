// Tensor descriptors as the kernels see them: checks (rank, extents, strides, overflow),
// strided layouts, numpy broadcasting, dimension merging and axis normalisation.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <hwcert/plugin_common/movement_shapes.hpp>

#include "kernels/kernels.hpp"

namespace hwcert::cuda {

using Shape = std::vector<int64_t>;
using kernels::Layout;

/// INVALID_ARGUMENT unless `t` is a well-formed descriptor: struct_size, dtype, rank <= 8,
/// extents and strides >= 0, element count and byte extent within 64 bits. UNSUPPORTED
/// when byte_offset is not a multiple of the element size.
/// `op`, `role` and `index` name the tensor in messages ("add input 1").
void check_tensor(const HWC_TensorDesc* t, const std::string& op, const char* role, uint32_t index);

Shape shape_of(const HWC_TensorDesc& t);
int64_t element_count(const HWC_TensorDesc& t) noexcept;
using plugin_common::shape_text;  // "[2, 3]"

Layout layout_of(const HWC_TensorDesc& t);
/// The layout of `t` broadcast to `shape` (numpy rules; stride 0 on broadcast dims).
Layout broadcast_layout(const HWC_TensorDesc& t, std::span<const int64_t> shape);
/// numpy broadcast of two shapes; INVALID_ARGUMENT when they do not broadcast.
using plugin_common::broadcast_shapes;
/// Merges dims that are contiguous in every layout and drops extent-1 dims; the layouts
/// share one shape. Leaves rank >= 1 (rank 1, extent 1 for a single element).
void coalesce(std::span<Layout* const> layouts);
/// Axis in [-rank, rank) to [0, rank); INVALID_ARGUMENT otherwise.
using plugin_common::normalize_axis;
/// True unless distinct elements of `t` provably occupy distinct memory (outputs must not
/// overlap themselves; an unprovable layout is reported as unsupported).
bool may_self_overlap(const HWC_TensorDesc& t);

}  // namespace hwcert::cuda
