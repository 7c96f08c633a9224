#include "host_cpu.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>

#include "isa.hpp"

namespace hwcert::reference {
namespace {

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
  return trim(line);
}

// Value of the first "key : value" line of /proc/cpuinfo whose key is one of `keys`.
std::string cpuinfo_value(std::initializer_list<std::string_view> keys) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(std::string_view(line).substr(0, colon));
    for (std::string_view wanted : keys) {
      if (key == wanted) return trim(std::string_view(line).substr(colon + 1));
    }
  }
  return {};
}

uint64_t largest_cache_bytes() {
  uint64_t best = 0;
  int best_level = -1;
  for (int index = 0; index < 16; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    const std::string size_text = read_first_line(dir + "/size");
    if (size_text.empty()) continue;
    const std::string level_text = read_first_line(dir + "/level");
    const int level = level_text.empty() ? 0 : std::atoi(level_text.c_str());
    const uint64_t size = parse_cache_size(size_text);
    if (level > best_level || (level == best_level && size > best)) {
      best_level = level;
      best = size;
    }
  }
  return best;
}

std::array<uint8_t, 16> machine_uuid(const std::string& model) {
  // FNV-1a over machine-id and model name, twice with different seeds: a stable identifier,
  // formatted as an RFC 4122 version-5-style UUID (not cryptographic).
  const std::string text = read_first_line("/etc/machine-id") + "|" + model + "|hwcert-reference";
  std::array<uint8_t, 16> uuid{};
  for (int half = 0; half < 2; ++half) {
    uint64_t hash = 1469598103934665603ull ^ static_cast<uint64_t>(half * 0x9e3779b97f4a7c15ull);
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    for (int i = 0; i < 8; ++i)
      uuid[static_cast<std::size_t>(half * 8 + i)] = static_cast<uint8_t>(hash >> (8 * i));
  }
  uuid[6] = static_cast<uint8_t>((uuid[6] & 0x0f) | 0x50);
  uuid[8] = static_cast<uint8_t>((uuid[8] & 0x3f) | 0x80);
  return uuid;
}

}  // namespace

uint64_t parse_cache_size(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return 0;
  std::size_t used = 0;
  const unsigned long long value = std::stoull(text, &used);
  const std::string suffix = trim(std::string_view(text).substr(used));
  if (suffix.empty()) return value;
  if (suffix == "K" || suffix == "KB" || suffix == "KiB") return value * 1024ull;
  if (suffix == "M" || suffix == "MB" || suffix == "MiB") return value * 1024ull * 1024ull;
  if (suffix == "G" || suffix == "GB" || suffix == "GiB")
    return value * 1024ull * 1024ull * 1024ull;
  return 0;
}

HostCpu read_host_cpu() {
  HostCpu cpu;
  cpu.model_name = cpuinfo_value({"model name", "Processor", "cpu model", "cpu"});
  if (cpu.model_name.empty()) cpu.model_name = "Unknown CPU";
  cpu.vendor = cpuinfo_value({"vendor_id", "CPU implementer", "vendor"});
  if (cpu.vendor.empty()) cpu.vendor = "Unknown vendor";
  cpu.microcode = cpuinfo_value({"microcode"});
  struct utsname names {};
  if (uname(&names) == 0) cpu.kernel_release = names.release;
  cpu.isa_level = isa_level_name(detect_isa());
  const unsigned threads = std::thread::hardware_concurrency();
  cpu.logical_cpus = threads == 0 ? 1 : threads;
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) {
    cpu.memory_bytes = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
  }
  cpu.last_level_cache_bytes = largest_cache_bytes();
  const std::string max_khz =
      read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
  if (!max_khz.empty())
    cpu.max_clock_mhz = static_cast<uint32_t>(std::atol(max_khz.c_str()) / 1000);
  cpu.uuid = machine_uuid(cpu.model_name);
  return cpu;
}

uint64_t available_memory_bytes() {
  const long pages = sysconf(_SC_AVPHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
}

uint32_t current_clock_mhz() {
  const std::string mhz = cpuinfo_value({"cpu MHz"});
  if (mhz.empty()) return 0;
  return static_cast<uint32_t>(std::atof(mhz.c_str()) + 0.5);
}

}  // namespace hwcert::reference
