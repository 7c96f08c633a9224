// Streams: non-blocking CUDA streams, each with a device flag that kernels set when they
// meet invalid input data (gather indices out of range).
#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include "error_flag.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::cuda;

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  return guarded("stream_create", [&] {
    plugin_common::create_device_handle(
        state(), &PluginState::streams, device, stream, "stream",
        [](HWC_Stream& created, DeviceRuntime& runtime) {
          runtime.activate();
          runtime.check(cudaStreamCreateWithFlags(&created.stream, cudaStreamNonBlocking),
                        "cudaStreamCreateWithFlags");
          void* flag = nullptr;
          runtime.check(cudaMalloc(&flag, sizeof(int)), "cudaMalloc(error flag)");
          created.error_flag = static_cast<int*>(flag);
          runtime.check(cudaMemsetAsync(created.error_flag, 0, sizeof(int), created.stream),
                        "cudaMemsetAsync(error flag)");
        });
  });
}

namespace {

/// Waits for the stream; then reports a set error flag once (and clears it), reading and
/// clearing it on the stream (error_flag.hpp).
void finish(HWC_Stream& q) {
  q.runtime->activate();
  q.runtime->check(cudaStreamSynchronize(q.stream), "cudaStreamSynchronize");
  if (q.pending_flag_meaning.empty()) return;
  const std::string meaning = std::move(q.pending_flag_meaning);
  q.pending_flag_meaning.clear();
  CudaErrorFlagCalls calls(*q.runtime);
  if (take_error_flag(calls, q.error_flag, q.stream)) fail_out_of_range(meaning);
}

}  // namespace

HWC_Error* stream_destroy(HWC_Stream* stream) {
  return guarded("stream_destroy", [&] {
    auto owned = state().take_stream(stream);
    owned->runtime->activate();
    owned->runtime->check(cudaStreamSynchronize(owned->stream), "cudaStreamSynchronize");
  });
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  return guarded("stream_synchronize", [&] { finish(state().stream(stream)); });
}

}  // namespace hwcert::plugin_api
