// Streams: in-order command queues with profiling enabled.
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include "cl_status.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::opencl;

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  return guarded("stream_create", [&] {
    plugin_common::create_device_handle(
        state(), &PluginState::streams, device, stream, "stream",
        [](HWC_Stream& created, const DeviceRuntime& runtime) {
          cl_int status = CL_SUCCESS;
          created.queue = clCreateCommandQueue(runtime.context(), runtime.device(),
                                               CL_QUEUE_PROFILING_ENABLE, &status);
          check_cl(status, "clCreateCommandQueue");
          const cl_int zero = 0;
          created.error_flag =
              clCreateBuffer(runtime.context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                             sizeof(cl_int), const_cast<cl_int*>(&zero), &status);
          check_cl(status, "clCreateBuffer(error flag)");
        });
  });
}

HWC_Error* stream_destroy(HWC_Stream* stream) {
  return guarded("stream_destroy", [&] {
    auto owned = state().take_stream(stream);
    cl_int status = clFinish(owned->queue);
    owned.reset();
    check_cl(status, "clFinish");
  });
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  return guarded("stream_synchronize", [&] {
    HWC_Stream& q = state().stream(stream);
    check_cl(clFinish(q.queue), "clFinish");
    if (q.pending_flag_meaning.empty()) return;
    const std::string meaning = std::move(q.pending_flag_meaning);
    q.pending_flag_meaning.clear();
    cl_int flag = 0;
    check_cl(clEnqueueReadBuffer(q.queue, q.error_flag, CL_TRUE, 0, sizeof(flag), &flag, 0, nullptr,
                                 nullptr),
             "clEnqueueReadBuffer(error flag)");
    if (flag == 0) return;
    const cl_int zero = 0;
    check_cl(clEnqueueWriteBuffer(q.queue, q.error_flag, CL_TRUE, 0, sizeof(zero), &zero, 0,
                                  nullptr, nullptr),
             "clEnqueueWriteBuffer(error flag)");
    fail(HWC_STATUS_OUT_OF_RANGE, meaning);
  });
}

}  // namespace hwcert::plugin_api
