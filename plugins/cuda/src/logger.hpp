// The host's log callback (silent when the host gave none).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <string>

namespace hwcert::cuda {

class Logger {
 public:
  Logger() = default;
  explicit Logger(const HWC_HostApi* host) {
    if (host != nullptr && HWC_HAS_FIELD(host, HWC_HostApi, log_user_data)) {
      callback_ = host->log;
      user_data_ = host->log_user_data;
    }
  }
  void log(int32_t level, const std::string& message) const {
    if (callback_ != nullptr) callback_(user_data_, level, ("cuda: " + message).c_str());
  }

 private:
  HWC_LogFn callback_ = nullptr;
  void* user_data_ = nullptr;
};

}  // namespace hwcert::cuda
