#include "error.hpp"

namespace hwcert::cuda {
namespace {

HWC_Error* fallback_error() noexcept {
  static HWC_Error out_of_memory{HWC_STATUS_OUT_OF_MEMORY, std::string()};
  return &out_of_memory;
}

}  // namespace

void fail(int32_t code, std::string message) {
  throw Failure(code, std::move(message));
}

void fail_invalid(std::string message) {
  fail(HWC_STATUS_INVALID_ARGUMENT, std::move(message));
}

void fail_unsupported(std::string message) {
  fail(HWC_STATUS_UNSUPPORTED, std::move(message));
}

void fail_out_of_range(std::string message) {
  fail(HWC_STATUS_OUT_OF_RANGE, std::move(message));
}

HWC_Error* new_error(int32_t code, std::string message) noexcept {
  try {
    return new HWC_Error{code, std::move(message)};
  } catch (...) {
    return fallback_error();
  }
}

void delete_error(HWC_Error* error) noexcept {
  if (error != fallback_error()) delete error;
}

}  // namespace hwcert::cuda
