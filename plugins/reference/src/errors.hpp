// Errors of the reference plugin: the HWC_Error object handed to the host, and the internal
// exception that carries a status code up to the ABI boundary, where guard() converts it.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <utility>

#include "hwcert/hwcert_plugin.h"

// The opaque error type of the ABI, completed here. Allocated with new; `is_static` marks the
// preallocated out-of-memory error that error_destroy must not delete.
struct HWC_Error {
  int32_t code = HWC_STATUS_INTERNAL;
  std::string message;
  bool is_static = false;
};

namespace hwcref {

// Thrown inside the plugin; never crosses the ABI boundary.
class PluginError : public std::exception {
 public:
  PluginError(int32_t code, std::string message) : code_(code), message_(std::move(message)) {}
  int32_t code() const noexcept { return code_; }
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& message() const noexcept { return message_; }

 private:
  int32_t code_;
  std::string message_;
};

[[noreturn]] void fail(int32_t code, std::string message);
[[noreturn]] inline void invalid(std::string message) {
  fail(HWC_STATUS_INVALID_ARGUMENT, std::move(message));
}
[[noreturn]] inline void unsupported(std::string message) {
  fail(HWC_STATUS_UNSUPPORTED, std::move(message));
}

// A new error for the host; never throws (falls back to a static out-of-memory error).
HWC_Error* make_error(int32_t code, const std::string& message) noexcept;

// Converts the exception in flight into an error for the host.
HWC_Error* error_from_current_exception() noexcept;

// Runs `body` and converts anything it throws into an HWC_Error*. NULL means success.
template <class Body>
HWC_Error* guard(Body&& body) noexcept {
  try {
    body();
    return nullptr;
  } catch (...) {
    return error_from_current_exception();
  }
}

}  // namespace hwcref
