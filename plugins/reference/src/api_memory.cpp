// ABI functions: buffers, copies and fill.
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "api_functions.hpp"
#include "memory_ops.hpp"

namespace hwcref::api {
namespace {

constexpr uint64_t kMaxAllocation = uint64_t{1} << 62;

}  // namespace

// --- buffers ---

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "buffer_alloc: device");
    require(buffer, "buffer_alloc: buffer");
    if (size_bytes == 0) invalid("buffer_alloc: size_bytes is 0");
    const uint64_t memory = p.cpu().memory_bytes;
    if (size_bytes > kMaxAllocation || (memory != 0 && size_bytes > memory)) {
      fail(HWC_STATUS_OUT_OF_MEMORY, "buffer_alloc: " + std::to_string(size_bytes) +
                                         " bytes exceed the device memory (" +
                                         std::to_string(memory) + " bytes)");
    }
    auto handle = std::make_unique<HWC_Buffer>();
    handle->device = device;
    try {
      handle->storage = std::make_shared<BufferStorage>(size_bytes);
    } catch (const std::bad_alloc&) {
      fail(HWC_STATUS_OUT_OF_MEMORY,
           "buffer_alloc: could not allocate " + std::to_string(size_bytes) + " bytes");
    }
    *buffer = p.handles().adopt(std::move(handle));
    device->children.fetch_add(1);
  });
}

HWC_Error* buffer_free(HWC_Buffer* buffer) {
  return guard([&] {
    std::unique_ptr<HWC_Buffer> owned = plugin().handles().release(buffer, "buffer_free: buffer");
    owned->device->children.fetch_sub(1);
    // Queued work holds its own reference to the storage: memory goes when that work is done.
  });
}

// --- copies and fill ---

HWC_Error* copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "copy_h2d: stream");
    p.handles().get(dst, "copy_h2d: dst");
    if (size > 0) require(src, "copy_h2d: src");
    check_range(*dst, dst_offset, size, "copy_h2d: destination");
    if (size == 0) return;
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([storage = dst->storage, dst_offset, src, size, pool] {
      bulk_copy(*pool, storage->data() + dst_offset, static_cast<const std::byte*>(src), size);
    });
  });
}

HWC_Error* copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                    uint64_t size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "copy_d2h: stream");
    p.handles().get(src, "copy_d2h: src");
    if (size > 0) require(dst, "copy_d2h: dst");
    check_range(*src, src_offset, size, "copy_d2h: source");
    if (size == 0) return;
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([storage = src->storage, src_offset, dst, size, pool] {
      bulk_copy(*pool, static_cast<std::byte*>(dst), storage->data() + src_offset, size);
    });
  });
}

HWC_Error* copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "copy_d2d: stream");
    p.handles().get(dst, "copy_d2d: dst");
    p.handles().get(src, "copy_d2d: src");
    check_range(*dst, dst_offset, size, "copy_d2d: destination");
    check_range(*src, src_offset, size, "copy_d2d: source");
    if (size == 0) return;
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue(
        [to = dst->storage, from = src->storage, dst_offset, src_offset, size, pool] {
          bulk_copy(*pool, to->data() + dst_offset, from->data() + src_offset, size);
        });
  });
}

HWC_Error* fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                const void* pattern, uint32_t pattern_size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "fill: stream");
    p.handles().get(dst, "fill: dst");
    require(pattern, "fill: pattern");
    if (pattern_size != 1 && pattern_size != 2 && pattern_size != 4 && pattern_size != 8) {
      invalid("fill: pattern_size must be 1, 2, 4 or 8, got " + std::to_string(pattern_size));
    }
    if (size % pattern_size != 0) {
      invalid("fill: size " + std::to_string(size) + " is not a multiple of pattern_size " +
              std::to_string(pattern_size));
    }
    check_range(*dst, offset, size, "fill: destination");
    if (size == 0) return;
    uint64_t bits = 0;
    std::memcpy(&bits, pattern, pattern_size);
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([storage = dst->storage, offset, size, bits, pattern_size, pool] {
      bulk_fill(*pool, storage->data() + offset, size, bits, pattern_size);
    });
  });
}

}  // namespace hwcref::api
