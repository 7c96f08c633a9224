// Buffers, copies and fill: host memory, the copies and fills queued on the stream's worker.
#include <hwcert/plugin_common/buffer_checks.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <memory>
#include <new>
#include <string>

#include "memory_ops.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::reference;
using plugin_common::check_host_pointer;
using plugin_common::check_range;

namespace {

constexpr uint64_t kMaxAllocation = uint64_t{1} << 62;

}  // namespace

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  return guarded("buffer_alloc", [&] {
    PluginState& s = state();
    HWC_Device& d = s.device(device);
    require(buffer, "buffer");
    if (size_bytes == 0) fail_invalid("size_bytes is 0");
    const uint64_t memory = s.cpu().memory_bytes;
    if (size_bytes > kMaxAllocation || (memory != 0 && size_bytes > memory))
      fail(HWC_STATUS_OUT_OF_MEMORY, std::to_string(size_bytes) +
                                         " bytes exceed the device memory (" +
                                         std::to_string(memory) + " bytes)");
    auto handle = std::make_unique<HWC_Buffer>();
    handle->device = &d;
    try {
      handle->storage = std::make_shared<BufferStorage>(size_bytes);
    } catch (const std::bad_alloc&) {
      fail(HWC_STATUS_OUT_OF_MEMORY, "could not allocate " + std::to_string(size_bytes) + " bytes");
    }
    *buffer = s.buffers.insert(std::move(handle));
    d.children.fetch_add(1);
  });
}

HWC_Error* buffer_free(HWC_Buffer* buffer) {
  return guarded("buffer_free", [&] {
    std::unique_ptr<HWC_Buffer> owned = state().take_buffer(buffer);
    owned->device->children.fetch_sub(1);
    // Queued work holds its own reference to the storage: memory goes when that work is done.
  });
}

HWC_Error* copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size) {
  return guarded("copy_h2d", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    const HWC_Buffer& d = s.buffer(dst);
    check_host_pointer(src, size, "src");
    check_range(d.storage->size(), dst_offset, size, "destination");
    if (size == 0) return;
    ThreadPool* pool = &s.pool();
    q.worker->enqueue([storage = d.storage, dst_offset, src, size, pool] {
      bulk_copy(*pool, storage->data() + dst_offset, static_cast<const std::byte*>(src), size);
      storage->note_write();
    });
  });
}

HWC_Error* copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                    uint64_t size) {
  return guarded("copy_d2h", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    const HWC_Buffer& b = s.buffer(src);
    check_host_pointer(dst, size, "dst");
    check_range(b.storage->size(), src_offset, size, "source");
    if (size == 0) return;
    ThreadPool* pool = &s.pool();
    q.worker->enqueue([storage = b.storage, src_offset, dst, size, pool] {
      bulk_copy(*pool, static_cast<std::byte*>(dst), storage->data() + src_offset, size);
    });
  });
}

HWC_Error* copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size) {
  return guarded("copy_d2d", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    const HWC_Buffer& d = s.buffer(dst);
    const HWC_Buffer& b = s.buffer(src);
    check_range(d.storage->size(), dst_offset, size, "destination");
    check_range(b.storage->size(), src_offset, size, "source");
    if (size == 0) return;
    ThreadPool* pool = &s.pool();
    // bulk_copy has memmove semantics: overlapping ranges of one buffer are allowed here.
    q.worker->enqueue([to = d.storage, from = b.storage, dst_offset, src_offset, size, pool] {
      bulk_copy(*pool, to->data() + dst_offset, from->data() + src_offset, size);
      to->note_write();
    });
  });
}

HWC_Error* fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                const void* pattern, uint32_t pattern_size) {
  return guarded("fill", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    const HWC_Buffer& d = s.buffer(dst);
    const uint64_t bits = plugin_common::checked_fill_pattern(pattern, pattern_size, size);
    check_range(d.storage->size(), offset, size, "destination");
    if (size == 0) return;
    ThreadPool* pool = &s.pool();
    q.worker->enqueue([storage = d.storage, offset, size, bits, pattern_size, pool] {
      bulk_fill(*pool, storage->data() + offset, size, bits, pattern_size);
      storage->note_write();
    });
  });
}

}  // namespace hwcert::plugin_api
