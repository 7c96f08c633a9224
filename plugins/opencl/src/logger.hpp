// Messages to the host's log callback (silent when the host gave none).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <string>

namespace hwcert::opencl {

class Logger {
 public:
  Logger() = default;
  Logger(HWC_LogFn fn, void* user_data) : fn_(fn), user_data_(user_data) {}
  void operator()(int32_t level, const std::string& message) const {
    if (fn_ != nullptr) fn_(user_data_, level, message.c_str());
  }

 private:
  HWC_LogFn fn_ = nullptr;
  void* user_data_ = nullptr;
};

}  // namespace hwcert::opencl
