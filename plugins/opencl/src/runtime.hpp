// Plugin-wide state: the OpenCL devices found at initialisation, their lazily created
// contexts and program caches, and the registries of live handles.
#pragma once

#include <CL/cl.h>
#include <hwcert/plugin_common/plugin_handles.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "device_caps.hpp"
#include "error.hpp"
#include "logger.hpp"
#include "program_cache.hpp"

namespace hwcert::opencl {

/// One OpenCL device. Its context is created at the first device_open and lives until
/// plugin_shutdown, so every handle of the same index shares it.
class DeviceRuntime {
 public:
  DeviceRuntime(uint32_t index, cl_platform_id platform, cl_device_id device, DeviceCaps caps,
                Logger logger);
  ~DeviceRuntime();
  DeviceRuntime(const DeviceRuntime&) = delete;
  DeviceRuntime& operator=(const DeviceRuntime&) = delete;

  uint32_t index() const noexcept { return index_; }
  cl_device_id device() const noexcept { return device_; }
  const DeviceCaps& caps() const noexcept { return caps_; }
  const Logger& logger() const noexcept { return logger_; }

  /// Creates the context and program cache on first call; thread-safe.
  void ensure_open();
  /// Valid after ensure_open.
  cl_context context() const noexcept { return context_; }
  ProgramCache& programs() noexcept { return *programs_; }
  /// Queue for plugin-internal transfers (peer copies staged through the host).
  cl_command_queue service_queue();

 private:
  uint32_t index_;
  cl_platform_id platform_;
  cl_device_id device_;
  DeviceCaps caps_;
  Logger logger_;
  std::mutex mutex_;
  cl_context context_ = nullptr;
  cl_command_queue service_queue_ = nullptr;
  std::unique_ptr<ProgramCache> programs_;
};

}  // namespace hwcert::opencl

/// Definitions of the ABI's opaque handles.
struct HWC_Device {
  hwcert::opencl::DeviceRuntime* runtime;
};

struct HWC_Buffer {
  hwcert::opencl::DeviceRuntime* runtime = nullptr;
  cl_mem mem = nullptr;
  uint64_t size = 0;
  ~HWC_Buffer() {
    if (mem != nullptr) clReleaseMemObject(mem);
  }
};

struct HWC_Stream {
  hwcert::opencl::DeviceRuntime* runtime = nullptr;
  cl_command_queue queue = nullptr;
  cl_mem error_flag = nullptr;       ///< one int kernels set on bad input data (e.g. gather)
  std::string pending_flag_meaning;  ///< set when enqueued work may raise the flag
  ~HWC_Stream() {
    if (queue != nullptr) {
      clFinish(queue);
      clReleaseCommandQueue(queue);
    }
    if (error_flag != nullptr) clReleaseMemObject(error_flag);
  }
};

struct HWC_Event {
  hwcert::opencl::DeviceRuntime* runtime = nullptr;
  cl_event event = nullptr;  ///< NULL until recorded
  ~HWC_Event() {
    if (event != nullptr) clReleaseEvent(event);
  }
};

namespace hwcert::opencl {

/// The plugin's state: the devices found at initialisation and the registries of live
/// handles (with their checked lookups, plugins/common).
class PluginState : public plugin_common::PluginHandles<> {
 public:
  explicit PluginState(const HWC_HostApi* host);
  ~PluginState();

  const Logger& logger() const noexcept { return logger_; }
  const std::vector<std::unique_ptr<DeviceRuntime>>& devices() const noexcept { return devices_; }

 private:
  Logger logger_;
  std::vector<std::unique_ptr<DeviceRuntime>> devices_;
};

/// The state created by the entry point (entry.cpp); INVALID_ARGUMENT before it or after
/// plugin_shutdown.
PluginState& state();

}  // namespace hwcert::opencl
