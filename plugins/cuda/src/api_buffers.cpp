// Buffers (cudaMalloc), copies and fill, enqueued on CUDA streams.
#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/buffer_checks.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include "kernels/kernels.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::cuda;

namespace {

using plugin_common::check_host_pointer;
using plugin_common::check_no_overlap;
using plugin_common::check_range;

void check_on_stream_device(const HWC_Stream& stream, const HWC_Buffer& buffer, const char* what) {
  if (stream.runtime != buffer.runtime)
    fail_invalid(std::string(what) + " buffer lives on another device than the stream");
}

}  // namespace

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
    auto owned = state().take_buffer(buffer);
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
    check_host_pointer(src, size, "src");
    check_range(d.size, dst_offset, size, "dst");
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
    check_host_pointer(dst, size, "dst");
    check_range(b.size, src_offset, size, "src");
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
    check_range(d.size, dst_offset, size, "dst");
    check_range(b.size, src_offset, size, "src");
    if (&d == &b) check_no_overlap(dst_offset, src_offset, size);
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
    // The pattern's bytes in memory order (little-endian host and device).
    const uint64_t bits = plugin_common::checked_fill_pattern(pattern, pattern_size, size);
    check_range(d.size, offset, size, "fill");
    q.runtime->activate();
    if (size == 0) return;
    q.runtime->check(kernels::fill(d.data + offset, size, bits, pattern_size, q.stream), "fill");
  });
}

}  // namespace hwcert::plugin_api
