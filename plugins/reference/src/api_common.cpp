// Helpers shared by the ABI functions.
#include <atomic>
#include <string>

#include "api_functions.hpp"

namespace hwcref::api {
namespace {

// The one plugin instance, between the entry point and plugin_shutdown.
std::atomic<Plugin*> g_plugin{nullptr};

}  // namespace

bool plugin_initialised() {
  return g_plugin.load(std::memory_order_acquire) != nullptr;
}

Plugin* exchange_plugin(Plugin* instance) {
  return g_plugin.exchange(instance, std::memory_order_acq_rel);
}

Plugin& plugin() {
  Plugin* instance = g_plugin.load(std::memory_order_acquire);
  if (instance == nullptr) {
    invalid("the reference plugin is not initialised (call hwc_get_plugin_api first)");
  }
  return *instance;
}

void require(const void* pointer, const char* what) {
  if (pointer == nullptr) invalid(std::string(what) + " is NULL");
}

void check_range(const HWC_Buffer& buffer, uint64_t offset, uint64_t size, const char* role) {
  const uint64_t capacity = buffer.storage->size();
  if (offset > capacity || size > capacity - offset) {
    fail(HWC_STATUS_OUT_OF_RANGE, std::string(role) + " range [" + std::to_string(offset) + ", " +
                                      std::to_string(offset) + " + " + std::to_string(size) +
                                      ") leaves its buffer of " + std::to_string(capacity) +
                                      " bytes");
  }
}

void throw_deferred(std::optional<DeferredError> error) {
  if (error) fail(error->code, error->message);
}

}  // namespace hwcref::api
