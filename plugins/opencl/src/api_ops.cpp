// op_support, op_workspace_size and op_launch.
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/op_support.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <vector>

#include "cl_owned.hpp"
#include "cl_status.hpp"
#include "op_registry.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::opencl;

namespace {

/// The memory objects of checked buffers.
std::vector<cl_mem> memory_objects(const std::vector<const HWC_Buffer*>& buffers) {
  std::vector<cl_mem> mems;
  for (const HWC_Buffer* b : buffers) mems.push_back(b->mem);
  return mems;
}

}  // namespace

HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity) {
  return guarded("op_support", [&] {
    const DeviceCaps& caps = state().device(device).runtime->caps();
    plugin_common::answer_op_support([&] { plan_op(op, caps); }, support, reason, reason_capacity);
  });
}

HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes) {
  return guarded("op_workspace_size", [&] {
    const DeviceCaps& caps = state().device(device).runtime->caps();
    if (workspace_bytes == nullptr) fail_invalid("workspace_bytes is NULL");
    *workspace_bytes = plan_op(op, caps).workspace_bytes;
  });
}

HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t workspace_size) {
  return guarded("op_launch", [&] {
    const auto plan_for = [op](const DeviceRuntime& device) { return plan_op(op, device.caps()); };
    PluginState& s = state();
    const auto checked = plugin_common::checked_launch(s, stream, op, inputs, num_inputs, outputs,
                                                       num_outputs, plan_for);
    HWC_Stream& q = checked.stream;
    DeviceRuntime& runtime = *q.runtime;
    const LaunchPlan& plan = checked.plan;
    cl_mem scratch = nullptr;
    OwnedMem temporary;  // released once the commands are enqueued (OpenCL keeps it until done)
    if (plan.workspace_bytes > 0) {
      if (workspace != nullptr) {
        const HWC_Buffer& w = s.buffer(workspace);
        if (w.runtime != q.runtime) fail_invalid("workspace belongs to another device");
        if (workspace_size < plan.workspace_bytes || w.size < plan.workspace_bytes)
          fail(HWC_STATUS_OUT_OF_RANGE, "workspace smaller than op_workspace_size");
        scratch = w.mem;
      } else {
        cl_int status = CL_SUCCESS;
        temporary.reset(clCreateBuffer(runtime.context(), CL_MEM_READ_WRITE,
                                       static_cast<size_t>(plan.workspace_bytes), nullptr,
                                       &status));
        check_cl(status, "clCreateBuffer(workspace)");
        scratch = temporary.get();
      }
    }
    enqueue_plan(runtime, q.queue, plan, memory_objects(checked.inputs),
                 memory_objects(checked.outputs), scratch, q.error_flag);
    if (!plan.error_flag_meaning.empty() && q.pending_flag_meaning.empty())
      q.pending_flag_meaning = plan.error_flag_meaning;
  });
}

}  // namespace hwcert::plugin_api
