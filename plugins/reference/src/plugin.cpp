#include "plugin.hpp"

#include <cstdlib>

namespace hwcref {

unsigned configured_threads(unsigned logical_cpus) {
  if (const char* text = std::getenv("HWCERT_REFERENCE_THREADS")) {
    const long value = std::strtol(text, nullptr, 10);
    if (value > 0 && value <= 4096) return static_cast<unsigned>(value);
  }
  return logical_cpus == 0 ? 1 : logical_cpus;
}

Plugin::Plugin(const HWC_HostApi* host)
    : host_(host),
      cpu_(read_host_cpu()),
      pool_(std::make_unique<ThreadPool>(configured_threads(cpu_.logical_cpus) - 1)) {}

Plugin::~Plugin() {
  if (handles_.live_count() != 0) {
    log(HWC_LOG_WARNING, "reference plugin shut down with live handles (" +
                             handles_.describe_live() + "); releasing them");
  }
}

void Plugin::log(int32_t level, const std::string& message) const {
  if (host_ != nullptr && HWC_HAS_FIELD(host_, HWC_HostApi, log_user_data) &&
      host_->log != nullptr) {
    host_->log(host_->log_user_data, level, message.c_str());
  }
}

}  // namespace hwcref
