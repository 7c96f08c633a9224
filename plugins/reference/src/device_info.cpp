#include "device_info.hpp"

#include <span>
#include <string>
#include <vector>

namespace hwcert::reference {

void answer_device_info(const PluginState& state, int32_t key,
                        const plugin_common::InfoSink& sink) {
  const HostCpu& cpu = state.cpu();
  const char* unknown = "not known for this CPU";
  switch (key) {
    case HWC_DEVICE_INFO_NAME:
      return sink.text(cpu.model_name);
    case HWC_DEVICE_INFO_VENDOR:
      return sink.text(cpu.vendor);
    case HWC_DEVICE_INFO_DRIVER_VERSION:
      return sink.text(std::string("hwcert-reference ") + kPluginVersion +
                       (cpu.kernel_release.empty() ? "" : " (Linux " + cpu.kernel_release + ")"));
    case HWC_DEVICE_INFO_FIRMWARE_VERSION:
      if (cpu.microcode.empty()) sink.unknown(key, "no microcode revision in /proc/cpuinfo");
      return sink.text("microcode " + cpu.microcode);
    case HWC_DEVICE_INFO_TYPE:
      return sink.scalar<uint32_t>(HWC_DEVICE_TYPE_CPU);
    case HWC_DEVICE_INFO_UUID:
      return sink.bytes(std::as_bytes(std::span(cpu.uuid)));
    case HWC_DEVICE_INFO_MEMORY_BYTES:
      return sink.scalar<uint64_t>(cpu.memory_bytes);
    case HWC_DEVICE_INFO_MEMORY_FREE_BYTES:
      return sink.scalar<uint64_t>(available_memory_bytes());
    case HWC_DEVICE_INFO_COMPUTE_UNITS:
      return sink.scalar<uint32_t>(cpu.logical_cpus);
    case HWC_DEVICE_INFO_CLOCK_MHZ:
      if (cpu.max_clock_mhz == 0) sink.unknown(key, unknown);
      return sink.scalar<uint32_t>(cpu.max_clock_mhz);
    case HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ: {
      const uint32_t mhz = current_clock_mhz();
      if (mhz == 0) sink.unknown(key, unknown);
      return sink.scalar<uint32_t>(mhz);
    }
    case HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES:
      if (cpu.last_level_cache_bytes == 0) sink.unknown(key, unknown);
      return sink.scalar<uint64_t>(cpu.last_level_cache_bytes);
    case HWC_DEVICE_INFO_SUPPORTED_DTYPES: {
      std::vector<int32_t> dtypes;
      for (int32_t dtype = 1; dtype < HWC_DTYPE_COUNT; ++dtype) dtypes.push_back(dtype);
      return sink.bytes(std::as_bytes(std::span(dtypes)));
    }
    case HWC_DEVICE_INFO_COMPUTE_CAPABILITY:
      return sink.text(cpu.isa_level);
    default:
      // Bandwidth, power, PCI id, peaks: not known for a CPU.
      sink.unknown(key, "not reported by the reference plugin");
  }
}

}  // namespace hwcert::reference
