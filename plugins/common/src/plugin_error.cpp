#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {
namespace {

HWC_Error& static_out_of_memory() {
  static HWC_Error error{HWC_STATUS_OUT_OF_MEMORY, std::string()};
  return error;
}

}  // namespace

void fail(int32_t code, std::string message) {
  throw Failure(code, std::move(message));
}
void fail_invalid(std::string message) {
  throw Failure(HWC_STATUS_INVALID_ARGUMENT, std::move(message));
}
void fail_unsupported(std::string message) {
  throw Failure(HWC_STATUS_UNSUPPORTED, std::move(message));
}
void fail_out_of_range(std::string message) {
  throw Failure(HWC_STATUS_OUT_OF_RANGE, std::move(message));
}

HWC_Error* make_error(int32_t code, std::string message) noexcept {
  try {
    return new HWC_Error{code, std::move(message)};
  } catch (...) {
    return &static_out_of_memory();
  }
}

void destroy_error(HWC_Error* error) noexcept {
  if (error != nullptr && error != &static_out_of_memory()) delete error;
}

}  // namespace hwcert::plugin_common
