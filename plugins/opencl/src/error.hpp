// Errors of the OpenCL plugin: the ABI's HWC_Error, and the exception used inside the plugin
// that is turned into an HWC_Error at the boundary (nothing is thrown across it).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <exception>
#include <string>
#include <utility>

/// Definition of the ABI's opaque error type.
struct HWC_Error {
  int32_t code;
  std::string message;
};

namespace hwcert::opencl {

/// A failure inside the plugin: an ABI status code and a message for the user.
class Failure : public std::exception {
 public:
  Failure(int32_t code, std::string message) : code_(code), message_(std::move(message)) {}
  int32_t code() const noexcept { return code_; }
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& message() const noexcept { return message_; }

 private:
  int32_t code_;
  std::string message_;
};

[[noreturn]] void fail(int32_t code, std::string message);
[[noreturn]] void fail_invalid(std::string message);
[[noreturn]] void fail_unsupported(std::string message);

/// A new error the host owns; never NULL (falls back to a static out-of-memory error).
HWC_Error* make_error(int32_t code, std::string message) noexcept;
/// Releases an error from make_error; the static fallback is left alone.
void destroy_error(HWC_Error* error) noexcept;

/// Runs `body`, turning every exception into an HWC_Error named after `function`.
template <typename Body>
HWC_Error* guarded(const char* function, Body&& body) noexcept {
  try {
    body();
    return nullptr;
  } catch (const Failure& failure) {
    return make_error(failure.code(), std::string(function) + ": " + failure.message());
  } catch (const std::bad_alloc&) {
    return make_error(HWC_STATUS_OUT_OF_MEMORY, std::string(function) + ": host out of memory");
  } catch (const std::exception& e) {
    return make_error(HWC_STATUS_INTERNAL, std::string(function) + ": " + e.what());
  } catch (...) {
    return make_error(HWC_STATUS_INTERNAL, std::string(function) + ": unknown exception");
  }
}

}  // namespace hwcert::opencl
