// A planned op: kernel launches with arguments that refer to the op's buffers by position,
// built without touching the device (op_support plans too) and enqueued by op_launch.
#pragma once

#include <CL/cl.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "program_source.hpp"
#include "runtime.hpp"
#include "tensor_view.hpp"

namespace hwcert::opencl {

struct KernelArg {
  enum class Kind { kValue, kInput, kOutput, kWorkspace, kLocal, kErrorFlag };
  Kind kind = Kind::kValue;
  uint32_t index = 0;                ///< kInput / kOutput
  std::vector<unsigned char> bytes;  ///< kValue
  size_t local_bytes = 0;            ///< kLocal
};

/// A byte copy between an input and an output buffer done by the driver
/// (clEnqueueCopyBuffer) instead of a kernel.
struct BufferCopy {
  uint32_t input = 0;
  uint32_t output = 0;
  uint64_t src_offset = 0;
  uint64_t dst_offset = 0;
  uint64_t bytes = 0;
};

struct KernelStep {
  std::optional<BufferCopy> buffer_copy;  ///< set: this step is a copy, not a kernel
  ProgramSpec program;
  std::string kernel;
  std::vector<KernelArg> args;
  cl_uint dims = 1;
  std::array<size_t, 3> global{1, 1, 1};
  std::array<size_t, 3> local{0, 0, 0};  ///< all 0: the driver chooses

  template <typename T>
  KernelStep& value(const T& v) {
    KernelArg a;
    a.bytes.resize(sizeof(T));
    std::memcpy(a.bytes.data(), &v, sizeof(T));
    args.push_back(std::move(a));
    return *this;
  }
  KernelStep& info(const View& view) { return value(tensor_info(view)); }
  KernelStep& input(uint32_t i) { return buffer(KernelArg::Kind::kInput, i); }
  KernelStep& output(uint32_t i) { return buffer(KernelArg::Kind::kOutput, i); }
  KernelStep& workspace() { return buffer(KernelArg::Kind::kWorkspace, 0); }
  /// The stream's error flag (an int the kernel sets to report bad input data).
  KernelStep& error_flag() { return buffer(KernelArg::Kind::kErrorFlag, 0); }
  KernelStep& local_memory(size_t bytes) {
    KernelArg a;
    a.kind = KernelArg::Kind::kLocal;
    a.local_bytes = bytes;
    args.push_back(std::move(a));
    return *this;
  }
  /// 1-D launch over n items in groups of `group` (global rounded up; kernels bound-check).
  KernelStep& range_1d(uint64_t n, size_t group);

 private:
  KernelStep& buffer(KernelArg::Kind kind, uint32_t i) {
    KernelArg a;
    a.kind = kind;
    a.index = i;
    args.push_back(std::move(a));
    return *this;
  }
};

struct LaunchPlan {
  std::vector<KernelStep> steps;
  uint64_t workspace_bytes = 0;
  /// Message stream_synchronize reports (as OUT_OF_RANGE) when a kernel raised the flag.
  std::string error_flag_meaning;
};

/// Builds (or fetches) each step's program and enqueues it on `queue`. `workspace` may be
/// NULL when plan.workspace_bytes is 0.
void enqueue_plan(DeviceRuntime& runtime, cl_command_queue queue, const LaunchPlan& plan,
                  std::span<const cl_mem> inputs, std::span<const cl_mem> outputs, cl_mem workspace,
                  cl_mem error_flag);

inline size_t round_up(uint64_t n, size_t multiple) {
  return static_cast<size_t>((n + multiple - 1) / multiple * multiple);
}

/// Largest power of two <= min(limit, next power of two >= n), at least 1.
size_t pow2_group(uint64_t n, size_t limit);

}  // namespace hwcert::opencl
