#include "device_properties.hpp"

#include <cuda_runtime_api.h>

#include <cstring>

#include "error.hpp"
#include "library/cuda_errors.hpp"

namespace hwcert::cuda {
namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) fail(status_of(status), describe(what, status));
}

int attribute(cudaDeviceAttr attr, int ordinal, const char* what) {
  int value = 0;
  check(cudaDeviceGetAttribute(&value, attr, ordinal), what);
  return value;
}

}  // namespace

std::string cuda_version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

DeviceProperties query_device_properties(int ordinal) {
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, ordinal), "cudaGetDeviceProperties");
  DeviceProperties p;
  p.ordinal = ordinal;
  p.name = prop.name;
  static_assert(sizeof(prop.uuid.bytes) == 16);
  std::memcpy(p.uuid.data(), prop.uuid.bytes, p.uuid.size());
  p.memory_bytes = prop.totalGlobalMem;
  p.sm_count = static_cast<uint32_t>(prop.multiProcessorCount);
  p.cc_major = prop.major;
  p.cc_minor = prop.minor;
  p.l2_bytes = static_cast<uint64_t>(prop.l2CacheSize);
  p.shared_memory_per_block_optin = prop.sharedMemPerBlockOptin;

  char bus_id[32] = {};
  check(cudaDeviceGetPCIBusId(bus_id, sizeof(bus_id), ordinal), "cudaDeviceGetPCIBusId");
  p.pci_bus_id = bus_id;

  const int clock_khz = attribute(cudaDevAttrClockRate, ordinal, "cudaDevAttrClockRate");
  if (clock_khz > 0) p.max_clock_mhz = static_cast<uint32_t>(clock_khz / 1000);
  const int memory_khz =
      attribute(cudaDevAttrMemoryClockRate, ordinal, "cudaDevAttrMemoryClockRate");
  const int bus_bits =
      attribute(cudaDevAttrGlobalMemoryBusWidth, ordinal, "cudaDevAttrGlobalMemoryBusWidth");
  if (memory_khz > 0 && bus_bits > 0)  // double data rate: two transfers per clock
    p.memory_bandwidth_gbps = 2.0 * memory_khz * 1e3 * (bus_bits / 8.0) / 1e9;

  int driver = 0, runtime = 0;
  check(cudaDriverGetVersion(&driver), "cudaDriverGetVersion");
  check(cudaRuntimeGetVersion(&runtime), "cudaRuntimeGetVersion");
  p.driver_version =
      "CUDA driver " + cuda_version_text(driver) + ", runtime " + cuda_version_text(runtime);
  return p;
}

}  // namespace hwcert::cuda
