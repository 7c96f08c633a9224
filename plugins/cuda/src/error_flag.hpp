// A stream's error flag (a device int that kernels set on bad input data, runtime.hpp) is
// read and cleared on that stream: the plugin's streams are non-blocking, so work on the
// legacy default stream (cudaMemcpy, cudaMemset) is unordered with theirs, and a clear
// there could land after a later kernel set the flag again.
#pragma once

#include <cuda_runtime_api.h>

namespace hwcert::cuda {

class DeviceRuntime;

/// The CUDA calls on the flag, behind an interface so that tests can see which stream
/// each call is made on. Each throws the mapped Failure on error.
class ErrorFlagCalls {
 public:
  virtual ~ErrorFlagCalls() = default;
  /// Enqueues a copy of *flag into `host` on `stream`.
  virtual void read(int& host, const int* flag, cudaStream_t stream) = 0;
  /// Waits for `stream`.
  virtual void wait(cudaStream_t stream) = 0;
  /// Enqueues *flag = 0 on `stream`.
  virtual void clear(int* flag, cudaStream_t stream) = 0;
};

/// The calls through the CUDA runtime, errors checked by `runtime` (device current).
class CudaErrorFlagCalls final : public ErrorFlagCalls {
 public:
  explicit CudaErrorFlagCalls(DeviceRuntime& runtime) noexcept : runtime_(runtime) {}
  void read(int& host, const int* flag, cudaStream_t stream) override;
  void wait(cudaStream_t stream) override;
  void clear(int* flag, cudaStream_t stream) override;

 private:
  DeviceRuntime& runtime_;
};

/// Reads the flag after the work enqueued on `stream` so far, and when it is set clears it
/// on `stream` (before any later work there). True when it was set.
bool take_error_flag(ErrorFlagCalls& calls, int* flag, cudaStream_t stream);

}  // namespace hwcert::cuda
