// Errors inside the CUDA plugin: the ABI's HWC_Error, the Failure exception the plugin
// throws internally, and the boundary wrapper that turns every exception into an HWC_Error.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <utility>

/// Definition of the ABI's opaque error type.
struct HWC_Error {
  int32_t code;
  std::string message;
};

namespace hwcert::cuda {

/// A failure with an ABI status code and a message for the user.
class Failure : public std::exception {
 public:
  Failure(int32_t code, std::string message) : code_(code), message_(std::move(message)) {}
  int32_t code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  int32_t code_;
  std::string message_;
};

[[noreturn]] void fail(int32_t code, std::string message);
[[noreturn]] void fail_invalid(std::string message);
[[noreturn]] void fail_unsupported(std::string message);
[[noreturn]] void fail_out_of_range(std::string message);

/// A new error owned by the host; never NULL (a static OUT_OF_MEMORY error when even that
/// allocation fails).
HWC_Error* new_error(int32_t code, std::string message) noexcept;
/// Releases an error from new_error (the static fallback is never freed).
void delete_error(HWC_Error* error) noexcept;

/// Runs `body` and converts whatever it throws into an HWC_Error prefixed with `function`.
template <typename Body>
HWC_Error* guarded(const char* function, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
    return nullptr;
  } catch (const Failure& failure) {
    return new_error(failure.code(), std::string(function) + ": " + failure.message());
  } catch (const std::bad_alloc&) {
    return new_error(HWC_STATUS_OUT_OF_MEMORY, std::string(function) + ": host out of memory");
  } catch (const std::exception& e) {
    return new_error(HWC_STATUS_INTERNAL, std::string(function) + ": " + e.what());
  } catch (...) {
    return new_error(HWC_STATUS_INTERNAL, std::string(function) + ": unknown exception");
  }
}

}  // namespace hwcert::cuda
