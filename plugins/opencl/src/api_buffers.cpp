// Buffers, copies and fill.
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

#include "cl_status.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::opencl;

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  return guarded("buffer_alloc", [&] {
    PluginState& s = state();
    DeviceRuntime& runtime = *s.device(device).runtime;
    plugin_common::check_alloc_arguments(buffer, size_bytes);
    const DeviceCaps& caps = runtime.caps();
    if (size_bytes > caps.max_alloc_bytes || size_bytes > caps.global_mem_bytes)
      fail(HWC_STATUS_OUT_OF_MEMORY,
           std::to_string(size_bytes) + " bytes exceed the device's largest allocation (" +
               "CL_DEVICE_MAX_MEM_ALLOC_SIZE = " + std::to_string(caps.max_alloc_bytes) + ")");
    auto owned = std::make_unique<HWC_Buffer>();
    owned->runtime = &runtime;
    owned->size = size_bytes;
    cl_int status = CL_SUCCESS;
    owned->mem = clCreateBuffer(runtime.context(), CL_MEM_READ_WRITE,
                                static_cast<size_t>(size_bytes), nullptr, &status);
    check_cl(status, "clCreateBuffer");
    // Drivers may defer the allocation to first use; place it now so that a buffer that
    // does not fit fails here with OUT_OF_MEMORY rather than in a later command.
    cl_command_queue queue = runtime.service_queue();
    check_cl(
        clEnqueueMigrateMemObjects(queue, 1, &owned->mem, CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED,
                                   0, nullptr, nullptr),
        "clEnqueueMigrateMemObjects");
    check_cl(clFinish(queue), "clFinish");
    *buffer = s.buffers.insert(std::move(owned));
  });
}

HWC_Error* buffer_free(HWC_Buffer* buffer) {
  return guarded("buffer_free", [&] { state().take_buffer(buffer); });
}

HWC_Error* copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size) {
  return guarded("copy_h2d", [&] {
    auto [q, d] =
        plugin_common::checked_host_copy(state(), stream, dst, dst_offset, src, size, true);
    if (size == 0) return;
    check_cl(
        clEnqueueWriteBuffer(q.queue, d.mem, CL_FALSE, dst_offset, size, src, 0, nullptr, nullptr),
        "clEnqueueWriteBuffer");
  });
}

HWC_Error* copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                    uint64_t size) {
  return guarded("copy_d2h", [&] {
    auto [q, b] =
        plugin_common::checked_host_copy(state(), stream, src, src_offset, dst, size, false);
    if (size == 0) return;
    check_cl(
        clEnqueueReadBuffer(q.queue, b.mem, CL_FALSE, src_offset, size, dst, 0, nullptr, nullptr),
        "clEnqueueReadBuffer");
  });
}

HWC_Error* copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size) {
  return guarded("copy_d2d", [&] {
    auto [q, d, b] =
        plugin_common::checked_copy_d2d(state(), stream, dst, dst_offset, src, src_offset, size);
    if (size == 0) return;
    if (d.runtime == b.runtime) {
      check_cl(clEnqueueCopyBuffer(q.queue, b.mem, d.mem, src_offset, dst_offset, size, 0, nullptr,
                                   nullptr),
               "clEnqueueCopyBuffer");
      return;
    }
    // Two devices, two contexts: stage through host memory, in order with `stream`.
    check_cl(clFinish(q.queue), "clFinish");
    std::vector<unsigned char> staging(size);
    check_cl(clEnqueueReadBuffer(b.runtime->service_queue(), b.mem, CL_TRUE, src_offset, size,
                                 staging.data(), 0, nullptr, nullptr),
             "clEnqueueReadBuffer");
    check_cl(clEnqueueWriteBuffer(d.runtime->service_queue(), d.mem, CL_TRUE, dst_offset, size,
                                  staging.data(), 0, nullptr, nullptr),
             "clEnqueueWriteBuffer");
  });
}

HWC_Error* fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                const void* pattern, uint32_t pattern_size) {
  return guarded("fill", [&] {
    [[maybe_unused]] auto [q, d, bits] =
        plugin_common::checked_fill(state(), stream, dst, offset, size, pattern, pattern_size);
    if (size == 0) return;
    if (offset % pattern_size == 0) {
      check_cl(clEnqueueFillBuffer(q.queue, d.mem, pattern, pattern_size, offset, size, 0, nullptr,
                                   nullptr),
               "clEnqueueFillBuffer");
      return;
    }
    // OpenCL wants the offset aligned to the pattern: write the repeated pattern instead.
    std::vector<unsigned char> bytes(size);
    for (uint64_t i = 0; i < size; i += pattern_size) std::memcpy(&bytes[i], pattern, pattern_size);
    check_cl(clEnqueueWriteBuffer(q.queue, d.mem, CL_TRUE, offset, size, bytes.data(), 0, nullptr,
                                  nullptr),
             "clEnqueueWriteBuffer");
  });
}

}  // namespace hwcert::plugin_api
