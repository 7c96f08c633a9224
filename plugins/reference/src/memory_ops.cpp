#include "memory_ops.hpp"

#include <algorithm>
#include <cstring>

namespace hwcert::reference {
namespace {

constexpr uint64_t kChunk = uint64_t{1} << 20;         // bytes per task
constexpr uint64_t kParallelFrom = uint64_t{4} << 20;  // smaller moves stay on one thread

}  // namespace

void bulk_copy(ThreadPool& pool, std::byte* dst, const std::byte* src, uint64_t size) {
  const bool overlap = dst < src + size && src < dst + size;
  if (overlap || size < kParallelFrom || pool.concurrency() == 1) {
    std::memmove(dst, src, static_cast<std::size_t>(size));
    return;
  }
  const int64_t chunks = static_cast<int64_t>((size + kChunk - 1) / kChunk);
  pool.run(chunks, [&](int64_t c) {
    const uint64_t begin = static_cast<uint64_t>(c) * kChunk;
    const uint64_t n = std::min(kChunk, size - begin);
    std::memcpy(dst + begin, src + begin, static_cast<std::size_t>(n));
  });
}

void bulk_fill(ThreadPool& pool, std::byte* dst, uint64_t size, uint64_t pattern,
               uint32_t pattern_size) {
  auto fill_range = [&](uint64_t begin, uint64_t n) {
    // begin is a multiple of pattern_size (chunks are multiples of 8 bytes).
    if (pattern_size == 1) {
      std::memset(dst + begin, static_cast<int>(pattern & 0xffu), static_cast<std::size_t>(n));
      return;
    }
    for (uint64_t i = 0; i < n; i += pattern_size)
      std::memcpy(dst + begin + i, &pattern, pattern_size);
  };
  if (size < kParallelFrom || pool.concurrency() == 1) {
    fill_range(0, size);
    return;
  }
  const int64_t chunks = static_cast<int64_t>((size + kChunk - 1) / kChunk);
  pool.run(chunks, [&](int64_t c) {
    const uint64_t begin = static_cast<uint64_t>(c) * kChunk;
    fill_range(begin, std::min(kChunk, size - begin));
  });
}

}  // namespace hwcert::reference
