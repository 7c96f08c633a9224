#include "kernel_launch.hpp"

#include "cl_owned.hpp"
#include "cl_status.hpp"
#include "error.hpp"

namespace hwcert::opencl {

KernelStep& KernelStep::range_1d(uint64_t n, size_t group) {
  dims = 1;
  global = {round_up(n, group), 1, 1};
  local = {group, 1, 1};
  return *this;
}

size_t pow2_group(uint64_t n, size_t limit) {
  size_t g = 1;
  while (g < n && g * 2 <= limit) g *= 2;
  return g;
}

void enqueue_plan(DeviceRuntime& runtime, cl_command_queue queue, const LaunchPlan& plan,
                  std::span<const cl_mem> inputs, std::span<const cl_mem> outputs, cl_mem workspace,
                  cl_mem error_flag) {
  for (const KernelStep& step : plan.steps) {
    if (const auto& c = step.buffer_copy) {
      check_cl(clEnqueueCopyBuffer(queue, inputs[c->input], outputs[c->output], c->src_offset,
                                   c->dst_offset, c->bytes, 0, nullptr, nullptr),
               "clEnqueueCopyBuffer");
      continue;
    }
    cl_program program = runtime.programs().get(step.program);
    cl_int created = CL_SUCCESS;
    const OwnedKernel kernel(clCreateKernel(program, step.kernel.c_str(), &created));
    check_cl(created, ("clCreateKernel(" + step.kernel + ")").c_str());
    for (size_t i = 0; i < step.args.size(); ++i) {
      const KernelArg& a = step.args[i];
      const auto index = static_cast<cl_uint>(i);
      cl_int status = CL_SUCCESS;
      switch (a.kind) {
        case KernelArg::Kind::kValue:
          status = clSetKernelArg(kernel.get(), index, a.bytes.size(), a.bytes.data());
          break;
        case KernelArg::Kind::kInput:
          status = clSetKernelArg(kernel.get(), index, sizeof(cl_mem), &inputs[a.index]);
          break;
        case KernelArg::Kind::kOutput:
          status = clSetKernelArg(kernel.get(), index, sizeof(cl_mem), &outputs[a.index]);
          break;
        case KernelArg::Kind::kWorkspace:
          status = clSetKernelArg(kernel.get(), index, sizeof(cl_mem), &workspace);
          break;
        case KernelArg::Kind::kErrorFlag:
          status = clSetKernelArg(kernel.get(), index, sizeof(cl_mem), &error_flag);
          break;
        case KernelArg::Kind::kLocal:
          status = clSetKernelArg(kernel.get(), index, a.local_bytes, nullptr);
          break;
      }
      check_cl(status, ("clSetKernelArg(" + step.kernel + ", " + std::to_string(i) + ")").c_str());
    }
    const bool driver_local = step.local[0] == 0;
    check_cl(
        clEnqueueNDRangeKernel(queue, kernel.get(), step.dims, nullptr, step.global.data(),
                               driver_local ? nullptr : step.local.data(), 0, nullptr, nullptr),
        ("clEnqueueNDRangeKernel(" + step.kernel + ")").c_str());
  }
}

}  // namespace hwcert::opencl
