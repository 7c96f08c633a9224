// Buffers (cudaMalloc), copies and fill, enqueued on CUDA streams.
#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include "kernels/kernels.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::cuda;

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  return guarded("buffer_alloc", [&] {
    PluginState& s = state();
    DeviceRuntime& runtime = *s.device(device).runtime;
    plugin_common::check_alloc_arguments(buffer, size_bytes);
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
    auto [q, d] =
        plugin_common::checked_host_copy(state(), stream, dst, dst_offset, src, size, true);
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
    auto [q, b] =
        plugin_common::checked_host_copy(state(), stream, src, src_offset, dst, size, false);
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
    auto [q, d, b] =
        plugin_common::checked_copy_d2d(state(), stream, dst, dst_offset, src, src_offset, size);
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
    // The pattern's bytes in memory order (little-endian host and device).
    auto [q, d, bits] =
        plugin_common::checked_fill(state(), stream, dst, offset, size, pattern, pattern_size);
    q.runtime->activate();
    if (size == 0) return;
    q.runtime->check(kernels::fill(d.data + offset, size, bits, pattern_size, q.stream), "fill");
  });
}

}  // namespace hwcert::plugin_api
