// op_support, op_workspace_size and op_launch.
#include <hwcert/plugin_common/device_handles.hpp>
#include <hwcert/plugin_common/op_support.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <vector>

#include "cl_status.hpp"
#include "op_registry.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::opencl;

namespace {

/// Releases a plugin-allocated workspace after its commands are enqueued (OpenCL keeps it
/// alive until they complete).
class TemporaryBuffer {
 public:
  TemporaryBuffer(cl_context context, uint64_t bytes) {
    cl_int status = CL_SUCCESS;
    mem_ = clCreateBuffer(context, CL_MEM_READ_WRITE, static_cast<size_t>(bytes), nullptr, &status);
    check_cl(status, "clCreateBuffer(workspace)");
  }
  ~TemporaryBuffer() { clReleaseMemObject(mem_); }
  TemporaryBuffer(const TemporaryBuffer&) = delete;
  TemporaryBuffer& operator=(const TemporaryBuffer&) = delete;
  cl_mem get() const noexcept { return mem_; }

 private:
  cl_mem mem_ = nullptr;
};

/// The memory objects of the tensors `views`, after checking each buffer.
std::vector<cl_mem> memory_objects(const PluginState& s, const HWC_Stream& q,
                                   HWC_Buffer* const* buffers,
                                   std::span<const HWC_TensorDesc* const> views, const char* what) {
  std::vector<cl_mem> mems;
  for (const HWC_Buffer* b : plugin_common::checked_op_buffers(s, q, buffers, views, what))
    mems.push_back(b->mem);
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
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    DeviceRuntime& runtime = *q.runtime;
    const LaunchPlan plan = plan_op(op, runtime.caps());
    plugin_common::check_buffer_counts(*op, num_inputs, num_outputs);
    const auto in = memory_objects(s, q, inputs, std::span(op->inputs, num_inputs), "input");
    const auto out = memory_objects(s, q, outputs, std::span(op->outputs, num_outputs), "output");
    cl_mem scratch = nullptr;
    std::unique_ptr<TemporaryBuffer> temporary;
    if (plan.workspace_bytes > 0) {
      if (workspace != nullptr) {
        const HWC_Buffer& w = s.buffer(workspace);
        if (w.runtime != q.runtime) fail_invalid("workspace belongs to another device");
        if (workspace_size < plan.workspace_bytes || w.size < plan.workspace_bytes)
          fail(HWC_STATUS_OUT_OF_RANGE, "workspace smaller than op_workspace_size");
        scratch = w.mem;
      } else {
        temporary = std::make_unique<TemporaryBuffer>(runtime.context(), plan.workspace_bytes);
        scratch = temporary->get();
      }
    }
    enqueue_plan(runtime, q.queue, plan, in, out, scratch, q.error_flag);
    if (!plan.error_flag_meaning.empty() && q.pending_flag_meaning.empty())
      q.pending_flag_meaning = plan.error_flag_meaning;
  });
}

}  // namespace hwcert::plugin_api
