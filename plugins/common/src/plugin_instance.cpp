#include "hwcert/plugin_common/plugin_instance.hpp"

namespace hwcert::plugin_common {

PluginLifetime*& registered_lifetime() noexcept {
  static PluginLifetime* lifetime = nullptr;
  return lifetime;
}

}  // namespace hwcert::plugin_common
