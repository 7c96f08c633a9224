// Argument checks that every plugin's copies and fill make the same way.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>

namespace hwcert::plugin_common {

/// Bytes a buffer needs to hold every element `view` addresses, byte_offset included; 0 for
/// an empty view. The view must be valid (a plugin checks it when it plans the op).
uint64_t required_bytes(const HWC_TensorDesc& view) noexcept;

/// OUT_OF_RANGE unless [offset, offset + size) lies inside a buffer of `capacity` bytes
/// (written so that offset + size cannot overflow). `what` names the range in the message.
void check_range(uint64_t capacity, uint64_t offset, uint64_t size, const char* what);

/// INVALID_ARGUMENT unless `src` is given (when size > 0).
void check_host_pointer(const void* pointer, uint64_t size, const char* what);

/// INVALID_ARGUMENT when [dst_offset, +size) and [src_offset, +size) of one buffer overlap.
void check_no_overlap(uint64_t dst_offset, uint64_t src_offset, uint64_t size);

/// INVALID_ARGUMENT unless the fill arguments are well-formed: a pattern, pattern_size 1, 2,
/// 4 or 8, and size a multiple of it. Returns the pattern's bytes in memory order.
uint64_t checked_fill_pattern(const void* pattern, uint32_t pattern_size, uint64_t size);

}  // namespace hwcert::plugin_common
