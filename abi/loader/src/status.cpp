#include "hwcert/loader/status.hpp"

namespace hwcert {

std::string_view to_string(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case StatusCode::kUnsupported:
      return "UNSUPPORTED";
    case StatusCode::kOutOfMemory:
      return "OUT_OF_MEMORY";
    case StatusCode::kDeviceLost:
      return "DEVICE_LOST";
    case StatusCode::kInternal:
      return "INTERNAL";
    case StatusCode::kUnknownKey:
      return "UNKNOWN_KEY";
    case StatusCode::kBufferTooSmall:
      return "BUFFER_TOO_SMALL";
    case StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case StatusCode::kTimeout:
      return "TIMEOUT";
  }
  return "INTERNAL";
}

bool is_known_status_code(int32_t raw) {
  return raw >= 0 && raw <= static_cast<int32_t>(StatusCode::kTimeout);
}

std::string Status::to_string() const {
  if (ok()) return "OK";
  std::string text(hwcert::to_string(code_));
  if (!message_.empty()) text += ": " + message_;
  return text;
}

}  // namespace hwcert
