// The calling process's resident memory, measured so that it counts only what is still
// allocated: the worker pool measures each item's growth with it.
#pragma once

#include <cstdint>
#include <optional>

namespace hwcert::support {

// Resident set of the calling process in bytes (/proc/self/statm), nullopt when unreadable.
std::optional<int64_t> resident_bytes();

// Returns freed memory that the allocator keeps cached to the system (glibc malloc_trim, or the
// sanitizer allocator's purge in sanitizer builds) so that resident memory counts only what is
// still allocated. Costs little on a small heap.
void release_cached_memory();

}  // namespace hwcert::support
