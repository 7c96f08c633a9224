// What the CUDA runtime says about one GPU, read once when the plugin starts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace hwcert::cuda {

struct DeviceProperties {
  int ordinal = 0;
  std::string name;
  std::array<std::byte, 16> uuid{};
  uint64_t memory_bytes = 0;
  uint32_t sm_count = 0;
  std::optional<uint32_t> max_clock_mhz;  ///< cudaDevAttrClockRate; absent when it reads 0
  int cc_major = 0;
  int cc_minor = 0;
  std::string pci_bus_id;  ///< domain:bus:device.function
  uint64_t l2_bytes = 0;
  std::optional<double> memory_bandwidth_gbps;  ///< 2 x memory clock x bus width
  std::size_t shared_memory_per_block_optin = 0;
  std::string driver_version;  ///< "CUDA driver 13.0, runtime 13.0"
};

/// Reads the properties of CUDA device `ordinal`; Failure on a CUDA error.
DeviceProperties query_device_properties(int ordinal);

/// "13.0" from the CUDA integer version 13000.
std::string cuda_version_text(int version);

}  // namespace hwcert::cuda
