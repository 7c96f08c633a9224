// Bulk copies and fills of the stream work, split over the thread pool when large.
#pragma once

#include <cstddef>
#include <cstdint>

#include "thread_pool.hpp"

namespace hwcert::reference {

// memmove semantics when the ranges overlap (then on one thread).
void bulk_copy(ThreadPool& pool, std::byte* dst, const std::byte* src, uint64_t size);
// Repeats the low pattern_size bytes of `pattern` over [dst, dst + size).
void bulk_fill(ThreadPool& pool, std::byte* dst, uint64_t size, uint64_t pattern,
               uint32_t pattern_size);

}  // namespace hwcert::reference
