// Plugin-wide state: the CUDA devices found at initialisation, per-device state (lost flag,
// vendor-library handles), NVML, the plans by descriptor, and the sets of live handles.
#pragma once

#include <cuda_runtime_api.h>
#include <hwcert/plugin_common/plugin_handles.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "device_properties.hpp"
#include "error.hpp"
#include "library/library_ops.hpp"
#include "logger.hpp"
#include "nvml.hpp"
#include "plan_cache.hpp"

namespace hwcert::cuda {

/// One CUDA GPU. Every HWC_Device handle of the same index shares it.
class DeviceRuntime {
 public:
  DeviceRuntime(uint32_t index, DeviceProperties properties);
  DeviceRuntime(const DeviceRuntime&) = delete;
  DeviceRuntime& operator=(const DeviceRuntime&) = delete;

  uint32_t index() const noexcept { return index_; }
  int ordinal() const noexcept { return properties_.ordinal; }
  const DeviceProperties& properties() const noexcept { return properties_; }
  const library::DeviceTraits& traits() const noexcept { return traits_; }

  /// Makes this GPU current on the calling thread; DEVICE_LOST once the device was lost.
  void activate();
  /// Throws the mapped Failure unless `status` is cudaSuccess; a sticky error marks the
  /// device lost (every later call on it then fails with DEVICE_LOST).
  void check(cudaError_t status, std::string_view what);
  /// Throws the library's status unless it is OK (DEVICE_LOST also marks the device lost).
  void check(const library::OpStatus& status);
  /// DEVICE_LOST when an earlier error left the device unusable.
  void ensure_not_lost() const;
  /// The op library's per-device state, created on first use.
  library::DeviceLibraries& libraries();
  /// Enables direct access from this GPU to `peer` once; false when the pair cannot.
  bool enable_peer_access(const DeviceRuntime& peer);
  /// Releases the library state (before the CUDA context goes away).
  void release_libraries() noexcept;

 private:
  void mark_lost(const std::string& reason);

  uint32_t index_;
  DeviceProperties properties_;
  library::DeviceTraits traits_;
  std::atomic<bool> lost_{false};
  mutable std::mutex mutex_;
  std::string lost_reason_;
  library::DeviceLibrariesPtr libraries_;
  std::unordered_map<int, bool> peer_access_;
};

}  // namespace hwcert::cuda

/// Definitions of the ABI's opaque handles.
struct HWC_Device {
  hwcert::cuda::DeviceRuntime* runtime = nullptr;
};

struct HWC_Buffer {
  hwcert::cuda::DeviceRuntime* runtime = nullptr;
  std::byte* data = nullptr;  ///< from cudaMalloc (256-byte aligned)
  uint64_t size = 0;
  HWC_Buffer() = default;
  HWC_Buffer(const HWC_Buffer&) = delete;
  HWC_Buffer& operator=(const HWC_Buffer&) = delete;
  ~HWC_Buffer();
};

struct HWC_Stream {
  hwcert::cuda::DeviceRuntime* runtime = nullptr;
  cudaStream_t stream = nullptr;
  int* error_flag = nullptr;         ///< device int that kernels set on bad input data
  std::string pending_flag_meaning;  ///< what a set flag means, while work may set it
  HWC_Stream() = default;
  HWC_Stream(const HWC_Stream&) = delete;
  HWC_Stream& operator=(const HWC_Stream&) = delete;
  ~HWC_Stream();
};

struct HWC_Event {
  hwcert::cuda::DeviceRuntime* runtime = nullptr;
  cudaEvent_t event = nullptr;
  bool recorded = false;
  HWC_Event() = default;
  HWC_Event(const HWC_Event&) = delete;
  HWC_Event& operator=(const HWC_Event&) = delete;
  ~HWC_Event();
};

namespace hwcert::cuda {

/// The plugin's state: the GPUs found at initialisation, NVML, and the registries of live
/// handles (with their checked lookups, plugins/common).
class PluginState : public plugin_common::PluginHandles<> {
 public:
  explicit PluginState(const HWC_HostApi* host);
  ~PluginState();
  PluginState(const PluginState&) = delete;
  PluginState& operator=(const PluginState&) = delete;

  const Logger& logger() const noexcept { return logger_; }
  const std::vector<std::unique_ptr<DeviceRuntime>>& devices() const noexcept { return devices_; }
  /// Why there are no devices ("" when there are some).
  const std::string& no_device_reason() const noexcept { return no_device_reason_; }
  Nvml& nvml() noexcept { return nvml_; }
  /// Checked plans by descriptor (plan_cache.hpp).
  PlanCache& plans() noexcept { return plans_; }

 private:
  Logger logger_;
  std::vector<std::unique_ptr<DeviceRuntime>> devices_;
  std::string no_device_reason_;
  Nvml nvml_;
  PlanCache plans_;
};

/// The state the entry point created (entry.cpp); INVALID_ARGUMENT before it or after
/// plugin_shutdown.
PluginState& state();

}  // namespace hwcert::cuda
