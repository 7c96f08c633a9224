// NVML, loaded at run time when the host has it (libnvidia-ml.so.1 ships with the driver):
// board power and the current SM clock. Without it those device keys are UNKNOWN_KEY.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace hwcert::cuda {

class Nvml {
 public:
  Nvml() = default;
  ~Nvml();
  Nvml(const Nvml&) = delete;
  Nvml& operator=(const Nvml&) = delete;

  /// Board power draw in watts of the GPU at `pci_bus_id`; nullopt (and `why`) when NVML
  /// is absent or cannot tell.
  std::optional<double> power_watts(const std::string& pci_bus_id, std::string& why);
  /// Current SM clock in MHz.
  std::optional<uint32_t> sm_clock_mhz(const std::string& pci_bus_id, std::string& why);

 private:
  struct Functions;
  /// Loads and initialises NVML once; false (and `why`) when unavailable.
  bool ready(std::string& why);
  void* device_handle(const std::string& pci_bus_id, std::string& why);
  /// One reading of the GPU at `pci_bus_id`, under the lock: `read(device, &value)` is the
  /// NVML query, named `what` in `why` when it fails; nullopt (and `why`) when NVML, the
  /// device or the query fails.
  std::optional<unsigned int> reading(
      const std::string& pci_bus_id, const char* what, std::string& why,
      const std::function<int(void* device, unsigned int* value)>& read);

  std::mutex mutex_;
  bool tried_ = false;
  std::string unavailable_;
  void* library_ = nullptr;
  Functions* functions_ = nullptr;
};

}  // namespace hwcert::cuda
