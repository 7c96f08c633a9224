#include "hwcert/plugin_common/buffer_checks.hpp"

#include <cstring>
#include <string>

#include "hwcert/plugin_common/dtypes.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

uint64_t required_bytes(const HWC_TensorDesc& view) noexcept {
  uint64_t last = 0;
  for (uint32_t d = 0; d < view.rank; ++d) {
    if (view.shape[d] == 0) return 0;
    last += static_cast<uint64_t>(view.shape[d] - 1) * static_cast<uint64_t>(view.strides[d]);
  }
  return view.byte_offset + (last + 1) * dtype_size(view.dtype);
}

void check_range(uint64_t capacity, uint64_t offset, uint64_t size, const char* what) {
  if (offset <= capacity && size <= capacity - offset) return;
  fail_out_of_range(std::string(what) + " range [" + std::to_string(offset) + ", " +
                    std::to_string(offset) + " + " + std::to_string(size) +
                    ") leaves its buffer of " + std::to_string(capacity) + " bytes");
}

void check_host_pointer(const void* pointer, uint64_t size, const char* what) {
  if (pointer == nullptr && size != 0) fail_invalid(std::string(what) + " is NULL");
}

void check_no_overlap(uint64_t dst_offset, uint64_t src_offset, uint64_t size) {
  if (size != 0 && dst_offset < src_offset + size && src_offset < dst_offset + size)
    fail_invalid("source and destination ranges overlap");
}

uint64_t checked_fill_pattern(const void* pattern, uint32_t pattern_size, uint64_t size) {
  if (pattern == nullptr) fail_invalid("pattern is NULL");
  if (pattern_size != 1 && pattern_size != 2 && pattern_size != 4 && pattern_size != 8)
    fail_invalid("pattern_size must be 1, 2, 4 or 8, not " + std::to_string(pattern_size));
  if (size % pattern_size != 0)
    fail_invalid("size " + std::to_string(size) + " is not a multiple of pattern_size " +
                 std::to_string(pattern_size));
  uint64_t bits = 0;
  std::memcpy(&bits, pattern, pattern_size);
  return bits;
}

}  // namespace hwcert::plugin_common
