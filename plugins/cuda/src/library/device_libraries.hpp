// Per-device vendor-library state: the cuBLASLt and cuDNN handles (created on first use),
// a device constant 1.0f for fp8 scale pointers, and the cached cuBLASLt plans and cuDNN
// convolution plans keyed by problem. Thread-safe: caches and handle creation are guarded by
// one mutex; cuDNN calls (the handle carries the stream) run under a second one.
#pragma once

#include <cublasLt.h>
#include <cudnn.h>

#include <map>
#include <memory>
#include <mutex>

#include "conv2d_cudnn.hpp"
#include "library_ops.hpp"
#include "matmul_cublaslt.hpp"

namespace hwcert::cuda::library {

/// Makes `device` current for the scope and restores the previous one.
class ScopedDevice {
 public:
  explicit ScopedDevice(int device) noexcept;
  ~ScopedDevice();
  ScopedDevice(const ScopedDevice&) = delete;
  ScopedDevice& operator=(const ScopedDevice&) = delete;
  /// OK, or the error of switching.
  const OpStatus& status() const noexcept { return status_; }

 private:
  int previous_ = -1;
  OpStatus status_;
};

class DeviceLibraries {
 public:
  explicit DeviceLibraries(const DeviceTraits& traits) noexcept;
  ~DeviceLibraries();
  DeviceLibraries(const DeviceLibraries&) = delete;
  DeviceLibraries& operator=(const DeviceLibraries&) = delete;

  const DeviceTraits& traits() const noexcept { return traits_; }

  /// The cuBLASLt handle (created on first call); the device must be current.
  OpStatus cublaslt(cublasLtHandle_t& handle);
  /// Device address of a float 1.0, ready for work enqueued on `stream` after this call:
  /// the first call writes it with an asynchronous copy on `stream` (no synchronous
  /// cudaMemcpy in a launch); until that copy is seen complete, other streams wait for it.
  /// The device must be current.
  OpStatus unit_scale(cudaStream_t stream, const float*& scale);

  /// Cached cuBLASLt plan for `key`, built with make_lt_matmul_plan on a miss; an fp8 plan's
  /// scale pointers are made ready for `stream`.
  OpStatus matmul_plan(const MatmulPlan& plan, const LtAlignment& alignment, uint64_t max_workspace,
                       cudaStream_t stream, std::shared_ptr<const LtMatmulPlan>& out);

  /// Serializes cuDNN use; hold it around cudnn() and every call with that handle.
  std::unique_lock<std::mutex> lock_cudnn() { return std::unique_lock(cudnn_mutex_); }
  /// The cuDNN handle (created on first call); call with lock_cudnn() held.
  OpStatus cudnn(cudnnHandle_t& handle);
  /// Cached cuDNN plan for `plan`; call with lock_cudnn() held.
  OpStatus conv_plan(const Conv2dPlan& plan, std::shared_ptr<const CudnnConvPlan>& out);

 private:
  static constexpr std::size_t kMaxCachedPlans = 4096;

  DeviceTraits traits_;
  std::mutex mutex_;  // lt_, unit_scale_*, matmul_plans_
  cublasLtHandle_t lt_ = nullptr;
  float* unit_scale_ = nullptr;
  cudaEvent_t unit_scale_written_ = nullptr;  ///< recorded after the copy of 1.0
  bool unit_scale_complete_ = false;          ///< that copy has completed
  std::map<LtMatmulKey, std::shared_ptr<const LtMatmulPlan>> matmul_plans_;

  std::mutex cudnn_mutex_;  // cudnn_, conv_plans_, and every call with cudnn_
  cudnnHandle_t cudnn_ = nullptr;
  std::map<Conv2dKey, std::shared_ptr<const CudnnConvPlan>> conv_plans_;
};

}  // namespace hwcert::cuda::library
