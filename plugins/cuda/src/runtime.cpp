#include "runtime.hpp"

#include "library/cuda_errors.hpp"

namespace hwcert::cuda {
namespace {

/// Switches the calling thread to `runtime`'s GPU in destructors, where errors are ignored.
void activate_quietly(const DeviceRuntime* runtime) noexcept {
  if (runtime != nullptr) cudaSetDevice(runtime->ordinal());
}

}  // namespace

DeviceRuntime::DeviceRuntime(uint32_t index, DeviceProperties properties)
    : index_(index), properties_(std::move(properties)) {
  traits_.cuda_device = properties_.ordinal;
  traits_.cc_major = properties_.cc_major;
  traits_.cc_minor = properties_.cc_minor;
  traits_.sm_count = static_cast<int>(properties_.sm_count);
  traits_.shared_memory_per_block_optin = properties_.shared_memory_per_block_optin;
}

void DeviceRuntime::ensure_not_lost() const {
  if (!lost_.load(std::memory_order_acquire)) return;
  std::lock_guard lock(mutex_);
  fail(HWC_STATUS_DEVICE_LOST, "device " + std::to_string(index_) + " (" + properties_.name +
                                   ") was lost earlier: " + lost_reason_);
}

void DeviceRuntime::activate() {
  ensure_not_lost();
  check(cudaSetDevice(properties_.ordinal), "cudaSetDevice");
}

void DeviceRuntime::mark_lost(const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (!lost_.load(std::memory_order_relaxed)) lost_reason_ = reason;
  lost_.store(true, std::memory_order_release);
}

void DeviceRuntime::check(cudaError_t status, std::string_view what) {
  if (status == cudaSuccess) return;
  const std::string message = describe(what, status);
  const int32_t code = status_of(status);
  if (code == HWC_STATUS_DEVICE_LOST) mark_lost(message);
  // A non-sticky error stays recorded as the thread's last error; clear it so that it does
  // not surface again from an unrelated later call.
  cudaGetLastError();
  fail(code, message);
}

void DeviceRuntime::check(const library::OpStatus& status) {
  if (status.ok()) return;
  if (status.code == HWC_STATUS_DEVICE_LOST) mark_lost(status.message);
  fail(status.code, status.message);
}

library::DeviceLibraries& DeviceRuntime::libraries() {
  std::lock_guard lock(mutex_);
  if (!libraries_) {
    library::DeviceLibrariesPtr created;
    const library::OpStatus status = library::create_device_libraries(traits_, created);
    if (!status.ok()) fail(status.code, status.message);
    if (!created) fail(HWC_STATUS_INTERNAL, "create_device_libraries returned no state");
    libraries_ = std::move(created);
  }
  return *libraries_;
}

bool DeviceRuntime::enable_peer_access(const DeviceRuntime& peer) {
  if (&peer == this) return true;
  std::lock_guard lock(mutex_);
  auto known = peer_access_.find(peer.ordinal());
  if (known != peer_access_.end()) return known->second;
  int can_access = 0;
  cudaError_t status = cudaDeviceCanAccessPeer(&can_access, properties_.ordinal, peer.ordinal());
  bool enabled = false;
  if (status == cudaSuccess && can_access != 0) {
    status = cudaSetDevice(properties_.ordinal);
    if (status == cudaSuccess) status = cudaDeviceEnablePeerAccess(peer.ordinal(), 0);
    enabled = status == cudaSuccess || status == cudaErrorPeerAccessAlreadyEnabled;
  }
  cudaGetLastError();  // a refused pair is an answer, not an error for later calls
  peer_access_[peer.ordinal()] = enabled;
  return enabled;
}

void DeviceRuntime::release_libraries() noexcept {
  std::lock_guard lock(mutex_);
  if (libraries_) {
    activate_quietly(this);
    libraries_.reset();
  }
}

PluginState::PluginState(const HWC_HostApi* host) : logger_(host) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();
    no_device_reason_ = describe("cudaGetDeviceCount", status);
    const bool expected = status == cudaErrorNoDevice || status == cudaErrorInsufficientDriver;
    logger_.log(expected ? HWC_LOG_INFO : HWC_LOG_WARNING, "no CUDA device: " + no_device_reason_);
    return;
  }
  for (int ordinal = 0; ordinal < count; ++ordinal) {
    try {
      auto index = static_cast<uint32_t>(devices_.size());
      devices_.push_back(std::make_unique<DeviceRuntime>(index, query_device_properties(ordinal)));
    } catch (const Failure& failure) {
      logger_.log(HWC_LOG_WARNING,
                  "skipping CUDA device " + std::to_string(ordinal) + ": " + failure.message());
    }
  }
  if (devices_.empty()) {
    no_device_reason_ = count == 0 ? "the CUDA runtime reports 0 devices"
                                   : "no CUDA device could be queried (see the warnings above)";
    logger_.log(HWC_LOG_INFO, "no CUDA device: " + no_device_reason_);
  }
}

PluginState::~PluginState() {
  // Objects before the devices they live on; the library state before the contexts.
  clear();
  for (auto& device : devices_) device->release_libraries();
  devices_.clear();
}

}  // namespace hwcert::cuda

HWC_Buffer::~HWC_Buffer() {
  if (data == nullptr) return;
  hwcert::cuda::activate_quietly(runtime);
  cudaFree(data);
  cudaGetLastError();
}

HWC_Stream::~HWC_Stream() {
  hwcert::cuda::activate_quietly(runtime);
  if (stream != nullptr) {
    cudaStreamSynchronize(stream);
    cudaStreamDestroy(stream);
  }
  if (error_flag != nullptr) cudaFree(error_flag);
  cudaGetLastError();
}

HWC_Event::~HWC_Event() {
  if (event == nullptr) return;
  hwcert::cuda::activate_quietly(runtime);
  cudaEventDestroy(event);
  cudaGetLastError();
}
