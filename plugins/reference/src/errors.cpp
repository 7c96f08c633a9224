#include "errors.hpp"

#include <new>

namespace hwcref {
namespace {

HWC_Error* static_out_of_memory() noexcept {
  static HWC_Error error{HWC_STATUS_OUT_OF_MEMORY, "out of host memory", true};
  return &error;
}

}  // namespace

void fail(int32_t code, std::string message) {
  throw PluginError(code, std::move(message));
}

HWC_Error* make_error(int32_t code, const std::string& message) noexcept {
  try {
    return new HWC_Error{code, message, false};
  } catch (...) {
    return static_out_of_memory();
  }
}

HWC_Error* error_from_current_exception() noexcept {
  try {
    throw;
  } catch (const PluginError& e) {
    return make_error(e.code(), e.message());
  } catch (const std::bad_alloc&) {
    return static_out_of_memory();
  } catch (const std::exception& e) {
    return make_error(HWC_STATUS_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return make_error(HWC_STATUS_INTERNAL, "internal error: unknown exception");
  }
}

}  // namespace hwcref
