// Streams: in-order command queues with profiling enabled.
#include "api.hpp"
#include "cl_status.hpp"
#include "runtime.hpp"

namespace hwcert::opencl::api {

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  return guarded("stream_create", [&] {
    PluginState& s = state();
    DeviceRuntime& runtime = *s.device(device).runtime;
    if (stream == nullptr) fail_invalid("stream is NULL");
    auto owned = std::make_unique<HWC_Stream>();
    owned->runtime = &runtime;
    cl_int status = CL_SUCCESS;
    owned->queue = clCreateCommandQueue(runtime.context(), runtime.device(),
                                        CL_QUEUE_PROFILING_ENABLE, &status);
    check_cl(status, "clCreateCommandQueue");
    *stream = s.streams.add(std::move(owned));
  });
}

HWC_Error* stream_destroy(HWC_Stream* stream) {
  return guarded("stream_destroy", [&] {
    auto owned = state().streams.take(stream);
    if (!owned) fail_invalid("not a live HWC_Stream handle");
    cl_int status = clFinish(owned->queue);
    owned.reset();
    check_cl(status, "clFinish");
  });
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  return guarded("stream_synchronize",
                 [&] { check_cl(clFinish(state().stream(stream).queue), "clFinish"); });
}

}  // namespace hwcert::opencl::api
