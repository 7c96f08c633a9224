// Properties of the host CPU, read once when the plugin starts (from /proc/cpuinfo, sysfs and
// sysconf). Missing sources leave a field empty or zero; the device then reports the key as
// unknown instead of inventing a value.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace hwcert::reference {

struct HostCpu {
  std::string model_name;      // "model name" (x86) or "Processor"/"cpu model"
  std::string vendor;          // "vendor_id" or "CPU implementer"
  std::string microcode;       // "microcode", may be empty
  std::string kernel_release;  // uname -r
  std::string isa_level;       // e.g. "x86-64-avx512", "x86-64-avx2", "generic"
  uint32_t logical_cpus = 1;   // std::thread::hardware_concurrency()
  uint64_t memory_bytes = 0;   // sysconf(_SC_PHYS_PAGES) * page size
  uint64_t last_level_cache_bytes = 0;
  uint32_t max_clock_mhz = 0;      // cpufreq cpuinfo_max_freq, else 0
  std::array<uint8_t, 16> uuid{};  // stable per machine and model (hash of machine-id + model)
};

HostCpu read_host_cpu();
uint64_t available_memory_bytes();
uint32_t current_clock_mhz();  // "cpu MHz" of the first CPU, 0 when unknown

// Parses a sysfs cache size such as "32768K", "1M" or "512"; 0 when malformed.
uint64_t parse_cache_size(const std::string& text);

}  // namespace hwcert::reference
