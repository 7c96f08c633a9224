#include "nvml.hpp"

#include <dlfcn.h>

#include <memory>

namespace hwcert::cuda {
// The few NVML declarations used here (nvml.h is not needed to build the plugin). A named
// namespace, not an anonymous one: Nvml::Functions (declared in nvml.hpp) has fields of these
// types, and GCC rejects a header-declared type with members of internal linkage
// (-Wsubobject-linkage) when this file is part of a unity batch.
namespace nvml_api {

using NvmlReturn = int;
using NvmlDevice = struct NvmlDeviceOpaque*;
constexpr NvmlReturn kNvmlSuccess = 0;
constexpr int kNvmlClockSm = 1;  // NVML_CLOCK_SM

}  // namespace nvml_api
using namespace nvml_api;

struct Nvml::Functions {
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  const char* (*error_string)(NvmlReturn) = nullptr;
  NvmlReturn (*handle_by_pci_bus_id)(const char*, NvmlDevice*) = nullptr;
  NvmlReturn (*power_usage)(NvmlDevice, unsigned int*) = nullptr;
  NvmlReturn (*clock_info)(NvmlDevice, int, unsigned int*) = nullptr;
};

namespace {

template <typename Fn>
bool resolve(void* library, const char* name, Fn& fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, name));
  return fn != nullptr;
}

}  // namespace

Nvml::~Nvml() {
  if (functions_ != nullptr && functions_->shutdown != nullptr && unavailable_.empty())
    functions_->shutdown();
  delete functions_;
  if (library_ != nullptr) dlclose(library_);
}

bool Nvml::ready(std::string& why) {
  if (!tried_) {
    tried_ = true;
    library_ = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library_ == nullptr) {
      const char* text = dlerror();
      unavailable_ = std::string("NVML not loaded: ") + (text != nullptr ? text : "dlopen failed");
    } else {
      auto f = std::make_unique<Functions>();
      if (!resolve(library_, "nvmlInit_v2", f->init) ||
          !resolve(library_, "nvmlShutdown", f->shutdown) ||
          !resolve(library_, "nvmlErrorString", f->error_string) ||
          !resolve(library_, "nvmlDeviceGetHandleByPciBusId_v2", f->handle_by_pci_bus_id) ||
          !resolve(library_, "nvmlDeviceGetPowerUsage", f->power_usage) ||
          !resolve(library_, "nvmlDeviceGetClockInfo", f->clock_info)) {
        unavailable_ = "NVML lacks a needed function";
      } else if (NvmlReturn r = f->init(); r != kNvmlSuccess) {
        unavailable_ = std::string("nvmlInit_v2 failed: ") + f->error_string(r);
      }
      functions_ = f.release();
    }
  }
  if (!unavailable_.empty()) why = unavailable_;
  return unavailable_.empty();
}

void* Nvml::device_handle(const std::string& pci_bus_id, std::string& why) {
  NvmlDevice device = nullptr;
  NvmlReturn r = functions_->handle_by_pci_bus_id(pci_bus_id.c_str(), &device);
  if (r != kNvmlSuccess) {
    why = "nvmlDeviceGetHandleByPciBusId(" + pci_bus_id + "): " + functions_->error_string(r);
    return nullptr;
  }
  return device;
}

std::optional<unsigned int> Nvml::reading(
    const std::string& pci_bus_id, const char* what, std::string& why,
    const std::function<int(void* device, unsigned int* value)>& read) {
  std::lock_guard lock(mutex_);
  if (!ready(why)) return std::nullopt;
  void* device = device_handle(pci_bus_id, why);
  if (device == nullptr) return std::nullopt;
  unsigned int value = 0;
  if (NvmlReturn r = read(device, &value); r != kNvmlSuccess) {
    why = std::string(what) + ": " + functions_->error_string(r);
    return std::nullopt;
  }
  return value;
}

std::optional<double> Nvml::power_watts(const std::string& pci_bus_id, std::string& why) {
  const std::optional<unsigned int> milliwatts =
      reading(pci_bus_id, "nvmlDeviceGetPowerUsage", why, [this](void* device, unsigned int* mw) {
        return functions_->power_usage(static_cast<NvmlDevice>(device), mw);
      });
  if (!milliwatts) return std::nullopt;
  return *milliwatts / 1000.0;
}

std::optional<uint32_t> Nvml::sm_clock_mhz(const std::string& pci_bus_id, std::string& why) {
  return reading(
      pci_bus_id, "nvmlDeviceGetClockInfo(SM)", why, [this](void* device, unsigned int* mhz) {
        return functions_->clock_info(static_cast<NvmlDevice>(device), kNvmlClockSm, mhz);
      });
}

}  // namespace hwcert::cuda
