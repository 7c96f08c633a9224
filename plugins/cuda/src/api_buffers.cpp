// Buffers (cudaMalloc), copies and fill, enqueued on CUDA streams.
#include <cuda_runtime_api.h>

#include <cstring>

#include "api.hpp"
#include "kernels/kernels.hpp"
#include "runtime.hpp"

namespace hwcert::cuda::api {
namespace {

/// OUT_OF_RANGE unless [offset, offset + size) lies inside `buffer`.
void check_range(const HWC_Buffer& buffer, uint64_t offset, uint64_t size, const char* what) {
  if (offset <= buffer.size && size <= buffer.size - offset) return;
  fail_out_of_range(std::string(what) + " range of " + std::to_string(size) + " bytes at offset " +
                    std::to_string(offset) + " leaves its buffer of " +
                    std::to_string(buffer.size) + " bytes");
}

void check_on_stream_device(const HWC_Stream& stream, const HWC_Buffer& buffer, const char* what) {
  if (stream.runtime != buffer.runtime)
    fail_invalid(std::string(what) + " buffer lives on another device than the stream");
}

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  return guarded("buffer_alloc", [&] {
    PluginState& s = state();
    DeviceRuntime& runtime = *s.device(device).runtime;
    if (buffer == nullptr) fail_invalid("buffer is NULL");
    if (size_bytes == 0) fail_invalid("size_bytes is 0");
    if (size_bytes > runtime.properties().memory_bytes)
      fail(HWC_STATUS_OUT_OF_MEMORY, std::to_string(size_bytes) +
                                         " bytes exceed the device memory of " +
                                         std::to_string(runtime.properties().memory_bytes));
    runtime.activate();
    auto owned = std::make_unique<HWC_Buffer>();
    owned->runtime = &runtime;
    owned->size = size_bytes;
    void* data = nullptr;
    runtime.check(cudaMalloc(&data, static_cast<size_t>(size_bytes)), "cudaMalloc");
    owned->data = static_cast<std::byte*>(data);
    *buffer = s.buffers.insert(std::move(owned));
  });
}

HWC_Error* buffer_free(HWC_Buffer* buffer) {
  return guarded("buffer_free", [&] {
    auto owned = state().buffers.remove(buffer);
    if (!owned) fail_invalid("not a live HWC_Buffer handle");
    // cudaFree waits for work still using the memory on the device.
    owned->runtime->activate();
    void* data = owned->data;
    owned->data = nullptr;
    owned->runtime->check(cudaFree(data), "cudaFree");
  });
}

HWC_Error* copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size) {
  return guarded("copy_h2d", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    HWC_Buffer& d = s.buffer(dst);
    check_on_stream_device(q, d, "dst");
    if (src == nullptr && size != 0) fail_invalid("src is NULL");
    check_range(d, dst_offset, size, "dst");
    q.runtime->activate();
    if (size == 0) return;
    q.runtime->check(
        cudaMemcpyAsync(d.data + dst_offset, src, size, cudaMemcpyHostToDevice, q.stream),
        "cudaMemcpyAsync(host to device)");
  });
}

HWC_Error* copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                    uint64_t size) {
  return guarded("copy_d2h", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    HWC_Buffer& b = s.buffer(src);
    check_on_stream_device(q, b, "src");
    if (dst == nullptr && size != 0) fail_invalid("dst is NULL");
    check_range(b, src_offset, size, "src");
    q.runtime->activate();
    if (size == 0) return;
    q.runtime->check(
        cudaMemcpyAsync(dst, b.data + src_offset, size, cudaMemcpyDeviceToHost, q.stream),
        "cudaMemcpyAsync(device to host)");
  });
}

HWC_Error* copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size) {
  return guarded("copy_d2d", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    HWC_Buffer& d = s.buffer(dst);
    HWC_Buffer& b = s.buffer(src);
    if (q.runtime != d.runtime && q.runtime != b.runtime)
      fail_invalid("the stream lives on neither buffer's device");
    check_range(d, dst_offset, size, "dst");
    check_range(b, src_offset, size, "src");
    if (&d == &b && dst_offset < src_offset + size && src_offset < dst_offset + size && size != 0)
      fail_invalid("source and destination ranges overlap");
    d.runtime->ensure_not_lost();
    b.runtime->ensure_not_lost();
    q.runtime->activate();
    if (size == 0) return;
    if (d.runtime == b.runtime) {
      q.runtime->check(cudaMemcpyAsync(d.data + dst_offset, b.data + src_offset, size,
                                       cudaMemcpyDeviceToDevice, q.stream),
                       "cudaMemcpyAsync(device to device)");
      return;
    }
    // Direct over the interconnect when peer access is on; the driver stages it otherwise.
    d.runtime->enable_peer_access(*b.runtime);
    b.runtime->enable_peer_access(*d.runtime);
    q.runtime->activate();
    q.runtime->check(cudaMemcpyPeerAsync(d.data + dst_offset, d.runtime->ordinal(),
                                         b.data + src_offset, b.runtime->ordinal(), size, q.stream),
                     "cudaMemcpyPeerAsync");
  });
}

HWC_Error* fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                const void* pattern, uint32_t pattern_size) {
  return guarded("fill", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    HWC_Buffer& d = s.buffer(dst);
    check_on_stream_device(q, d, "dst");
    if (pattern == nullptr) fail_invalid("pattern is NULL");
    if (pattern_size != 1 && pattern_size != 2 && pattern_size != 4 && pattern_size != 8)
      fail_invalid("pattern_size is " + std::to_string(pattern_size) + ", not 1, 2, 4 or 8");
    if (size % pattern_size != 0)
      fail_invalid("size " + std::to_string(size) + " is not a multiple of pattern_size " +
                   std::to_string(pattern_size));
    check_range(d, offset, size, "fill");
    q.runtime->activate();
    if (size == 0) return;
    uint64_t bits = 0;  // the pattern's bytes in memory order (little-endian host and device)
    std::memcpy(&bits, pattern, pattern_size);
    q.runtime->check(kernels::fill(d.data + offset, size, bits, pattern_size, q.stream), "fill");
  });
}

}  // namespace

void install_buffer_functions(HWC_PluginApi& table) {
  table.buffer_alloc = buffer_alloc;
  table.buffer_free = buffer_free;
  table.copy_h2d = copy_h2d;
  table.copy_d2h = copy_d2h;
  table.copy_d2d = copy_d2d;
  table.fill = fill;
}

}  // namespace hwcert::cuda::api
