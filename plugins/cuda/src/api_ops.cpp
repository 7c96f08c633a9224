// op_support, op_workspace_size and op_launch: every descriptor is planned (and so checked)
// before anything touches the device.
#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/op_support.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <vector>

#include "op_plan.hpp"
#include "runtime.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::cuda;

namespace {

/// The plan (planned once per descriptor: plan_cache.hpp), or UNSUPPORTED (as a Failure)
/// when `runtime`'s device cannot run it.
std::shared_ptr<const Plan> supported_plan(const HWC_OpDesc* op, const DeviceRuntime& runtime) {
  std::shared_ptr<const Plan> plan = state().plans().plan(op);
  std::string reason;
  if (plan->supports && !plan->supports(runtime.traits(), reason))
    fail_unsupported(std::string(op->op_name) + ": " +
                     (reason.empty() ? "not supported on this device" : reason));
  return plan;
}

uint64_t workspace_of(const Plan& plan, DeviceRuntime& runtime) {
  if (!plan.workspace_bytes || plan.no_work) return 0;
  runtime.activate();
  return plan.workspace_bytes(runtime);
}

}  // namespace

HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity) {
  return guarded("op_support", [&] {
    const DeviceRuntime& runtime = *state().device(device).runtime;
    plugin_common::answer_op_support([&] { supported_plan(op, runtime); }, support, reason,
                                     reason_capacity);
  });
}

HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes) {
  return guarded("op_workspace_size", [&] {
    DeviceRuntime& runtime = *state().device(device).runtime;
    if (workspace_bytes == nullptr) fail_invalid("workspace_bytes is NULL");
    *workspace_bytes = workspace_of(*supported_plan(op, runtime), runtime);
  });
}

namespace {

/// Device addresses of element 0 of each tensor `descs` in its checked buffer.
std::vector<std::byte*> addresses(const std::vector<const HWC_Buffer*>& buffers,
                                  const HWC_TensorDesc* const* descs) {
  std::vector<std::byte*> addresses;
  for (size_t i = 0; i < buffers.size(); ++i)
    addresses.push_back(buffers[i]->data + descs[i]->byte_offset);
  return addresses;
}

/// Stream-ordered scratch memory for a launch that got no workspace buffer.
class StreamScratch {
 public:
  StreamScratch(DeviceRuntime& runtime, cudaStream_t stream, uint64_t bytes) : stream_(stream) {
    void* data = nullptr;
    runtime.check(cudaMallocAsync(&data, static_cast<size_t>(bytes), stream), "cudaMallocAsync");
    data_ = static_cast<std::byte*>(data);
  }
  ~StreamScratch() {
    if (cudaFreeAsync(data_, stream_) != cudaSuccess) cudaGetLastError();
  }
  StreamScratch(const StreamScratch&) = delete;
  StreamScratch& operator=(const StreamScratch&) = delete;
  std::byte* data() const noexcept { return data_; }

 private:
  cudaStream_t stream_;
  std::byte* data_ = nullptr;
};

}  // namespace

HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t workspace_size) {
  return guarded("op_launch", [&] {
    const auto plan_for = [op](const DeviceRuntime& device) { return supported_plan(op, device); };
    PluginState& s = state();
    const auto checked = plugin_common::checked_launch(s, stream, op, inputs, num_inputs, outputs,
                                                       num_outputs, plan_for);
    const Plan& plan = *checked.plan;
    HWC_Stream& q = checked.stream;
    DeviceRuntime& runtime = *q.runtime;
    const auto in = addresses(checked.inputs, op->inputs);
    const auto out = addresses(checked.outputs, op->outputs);
    if (workspace != nullptr) {
      const HWC_Buffer& w = s.buffer(workspace);
      if (w.runtime != q.runtime) fail_invalid("the workspace lives on another device");
      if (workspace_size > w.size)
        fail_out_of_range("workspace_size " + std::to_string(workspace_size) +
                          " exceeds the workspace buffer of " + std::to_string(w.size) + " bytes");
    }
    runtime.activate();
    if (plan.no_work) return;
    const uint64_t need = workspace_of(plan, runtime);
    LaunchArgs args{in, out, {}, q.stream, q.error_flag, &runtime};
    std::unique_ptr<StreamScratch> scratch;
    if (need > 0 && workspace != nullptr) {
      if (workspace_size < need)
        fail_out_of_range("the op needs a workspace of " + std::to_string(need) +
                          " bytes (op_workspace_size), got " + std::to_string(workspace_size));
      args.workspace = {s.buffer(workspace).data, workspace_size};
    } else if (need > 0) {
      scratch = std::make_unique<StreamScratch>(runtime, q.stream, need);
      args.workspace = {scratch->data(), need};
    }
    plan.launch(args);
    if (!plan.error_flag_meaning.empty() && q.pending_flag_meaning.empty())
      q.pending_flag_meaning = plan.error_flag_meaning;
  });
}

}  // namespace hwcert::plugin_api
