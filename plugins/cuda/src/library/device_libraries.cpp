#include "device_libraries.hpp"

#include <new>

#include "conv2d_cudnn_status.hpp"
#include "cuda_errors.hpp"
#include "matmul_cublaslt_status.hpp"

namespace hwcert::cuda::library {

ScopedDevice::ScopedDevice(int device) noexcept {
  int current = -1;
  cudaError_t error = cudaGetDevice(&current);
  if (error == cudaSuccess && current != device) {
    error = cudaSetDevice(device);
    if (error == cudaSuccess) previous_ = current;
  }
  if (error != cudaSuccess) status_ = {status_of(error), describe("selecting the device", error)};
}

ScopedDevice::~ScopedDevice() {
  if (previous_ >= 0) cudaSetDevice(previous_);
}

DeviceLibraries::DeviceLibraries(const DeviceTraits& traits) noexcept : traits_(traits) {}

DeviceLibraries::~DeviceLibraries() {
  ScopedDevice device(traits_.cuda_device);
  conv_plans_.clear();
  matmul_plans_.clear();
  if (cudnn_ != nullptr) cudnnDestroy(cudnn_);
  if (lt_ != nullptr) cublasLtDestroy(lt_);
  if (unit_scale_ != nullptr) cudaFree(unit_scale_);
  if (unit_scale_written_ != nullptr) cudaEventDestroy(unit_scale_written_);
}

OpStatus DeviceLibraries::cublaslt(cublasLtHandle_t& handle) {
  std::lock_guard lock(mutex_);
  if (lt_ == nullptr) {
    OpStatus status = check_cublas(cublasLtCreate(&lt_), "cublasLtCreate");
    if (!status.ok()) {
      lt_ = nullptr;
      return status;
    }
  }
  handle = lt_;
  return {};
}

namespace {
constexpr float kUnitScale = 1.0f;  // pageable: cudaMemcpyAsync stages it before returning
}  // namespace

OpStatus DeviceLibraries::unit_scale(cudaStream_t stream, const float*& scale) {
  std::lock_guard lock(mutex_);
  if (unit_scale_ == nullptr) {
    if (unit_scale_written_ == nullptr) {
      const cudaError_t error =
          cudaEventCreateWithFlags(&unit_scale_written_, cudaEventDisableTiming);
      if (error != cudaSuccess) {
        unit_scale_written_ = nullptr;
        return {status_of(error), describe("cudaEventCreate(fp8 scale)", error)};
      }
    }
    void* raw = nullptr;
    cudaError_t error = cudaMalloc(&raw, sizeof(float));
    if (error != cudaSuccess) return {status_of(error), describe("cudaMalloc(fp8 scale)", error)};
    error = cudaMemcpyAsync(raw, &kUnitScale, sizeof(float), cudaMemcpyHostToDevice, stream);
    if (error == cudaSuccess) error = cudaEventRecord(unit_scale_written_, stream);
    if (error != cudaSuccess) {
      cudaFree(raw);
      return {status_of(error), describe("writing the fp8 scale", error)};
    }
    unit_scale_ = static_cast<float*>(raw);
  } else if (!unit_scale_complete_) {
    cudaError_t error = cudaEventQuery(unit_scale_written_);
    if (error == cudaSuccess) {
      unit_scale_complete_ = true;
    } else if (error == cudaErrorNotReady) {
      cudaGetLastError();  // not an error: the copy is still on its way
      error = cudaStreamWaitEvent(stream, unit_scale_written_, 0);
    }
    if (error != cudaSuccess) return {status_of(error), describe("waiting for the fp8 scale", error)};
  }
  scale = unit_scale_;
  return {};
}

OpStatus DeviceLibraries::matmul_plan(const MatmulPlan& plan, const LtAlignment& alignment,
                                      uint64_t max_workspace, cudaStream_t stream,
                                      std::shared_ptr<const LtMatmulPlan>& out) {
  const LtMatmulKey key = lt_matmul_key(plan, alignment, max_workspace);
  {
    std::lock_guard lock(mutex_);
    const auto found = matmul_plans_.find(key);
    if (found != matmul_plans_.end()) {
      out = found->second;
      return {};
    }
  }
  cublasLtHandle_t handle = nullptr;
  OpStatus status = cublaslt(handle);
  if (!status.ok()) return status;
  const float* scale = nullptr;
  if (plan.compute == MatmulCompute::fp8 && !(status = unit_scale(stream, scale)).ok()) return status;
  std::shared_ptr<const LtMatmulPlan> made;
  status = make_lt_matmul_plan(handle, plan, alignment, max_workspace, scale, made);
  if (!status.ok()) return status;
  std::lock_guard lock(mutex_);
  if (matmul_plans_.size() >= kMaxCachedPlans) matmul_plans_.clear();
  out = matmul_plans_.emplace(key, std::move(made)).first->second;
  return {};
}

OpStatus DeviceLibraries::cudnn(cudnnHandle_t& handle) {
  if (cudnn_ == nullptr) {
    OpStatus status = check_cudnn(cudnnCreate(&cudnn_), "cudnnCreate");
    if (!status.ok()) {
      cudnn_ = nullptr;
      return status;
    }
  }
  handle = cudnn_;
  return {};
}

OpStatus DeviceLibraries::conv_plan(const Conv2dPlan& plan,
                                    std::shared_ptr<const CudnnConvPlan>& out) {
  const Conv2dKey key = conv2d_key(plan);
  const auto found = conv_plans_.find(key);
  if (found != conv_plans_.end()) {
    out = found->second;
    return {};
  }
  cudnnHandle_t handle = nullptr;
  OpStatus status = cudnn(handle);
  if (!status.ok()) return status;
  std::shared_ptr<const CudnnConvPlan> made;
  status = make_cudnn_conv_plan(handle, plan, made);
  if (!status.ok()) return status;
  if (conv_plans_.size() >= kMaxCachedPlans) conv_plans_.clear();
  out = conv_plans_.emplace(key, std::move(made)).first->second;
  return {};
}

void DeviceLibrariesDeleter::operator()(DeviceLibraries* libraries) const noexcept {
  delete libraries;
}

OpStatus create_device_libraries(const DeviceTraits& traits, DeviceLibrariesPtr& out) {
  auto* libraries = new (std::nothrow) DeviceLibraries(traits);
  if (libraries == nullptr)
    return {HWC_STATUS_OUT_OF_MEMORY, "DeviceLibraries: out of host memory"};
  out.reset(libraries);
  return {};
}

}  // namespace hwcert::cuda::library
