// Errors inside a shipped plugin (OpenCL, CUDA): the ABI's opaque HWC_Error, the Failure
// exception a plugin throws internally, and guarded(), the boundary that turns whatever a
// body throws into an HWC_Error so that nothing is thrown across the C ABI.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <utility>

/// Definition of the ABI's opaque error type (one per plugin library: hidden visibility).
struct HWC_Error {
  int32_t code;
  std::string message;
};

namespace hwcert::plugin_common {

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
[[noreturn]] void fail_invalid(std::string message);       // HWC_STATUS_INVALID_ARGUMENT
[[noreturn]] void fail_unsupported(std::string message);   // HWC_STATUS_UNSUPPORTED
[[noreturn]] void fail_out_of_range(std::string message);  // HWC_STATUS_OUT_OF_RANGE

/// INVALID_ARGUMENT "<what> is NULL" when `pointer` is NULL (a required argument).
inline void require(const void* pointer, const char* what) {
  if (pointer == nullptr) fail_invalid(std::string(what) + " is NULL");
}

/// A new error the host owns; never NULL (a static OUT_OF_MEMORY error when even that
/// allocation fails).
HWC_Error* make_error(int32_t code, std::string message) noexcept;
/// Releases an error from make_error; NULL and the static fallback are left alone.
void destroy_error(HWC_Error* error) noexcept;

/// Runs `body` and returns NULL, or converts what it throws into an HWC_Error whose message
/// starts with "<function>: ".
template <typename Body>
HWC_Error* guarded(const char* function, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
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

}  // namespace hwcert::plugin_common
