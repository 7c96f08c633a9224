// The one state of a plugin library between the entry point and plugin_shutdown. The C ABI
// passes no context to its functions, so a plugin keeps exactly one PluginInstance, at
// namespace scope in its entry.cpp; constructing it registers it with the shared entry point
// (plugin_entry.hpp), which creates the state and plugin_shutdown destroys it. A plugin with
// nothing to keep between calls (a test plugin) has none.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <atomic>
#include <memory>
#include <string>

#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

/// What the entry point and plugin_shutdown do with a plugin's state.
class PluginLifetime {
 public:
  /// Creates the state from the host table unless it exists (a second entry-point call
  /// keeps it).
  virtual void create(const HWC_HostApi* host) = 0;
  /// Destroys the state; INVALID_ARGUMENT when there is none.
  virtual void destroy() = 0;

 protected:
  ~PluginLifetime() = default;
};

/// The lifetime registered by this library's PluginInstance; nullptr when it has none.
PluginLifetime*& registered_lifetime() noexcept;

template <typename State>
class PluginInstance final : public PluginLifetime {
 public:
  /// `plugin` names the plugin in errors ("the <plugin> plugin is not initialised").
  explicit PluginInstance(const char* plugin) : plugin_(plugin) { registered_lifetime() = this; }
  ~PluginInstance() {
    if (registered_lifetime() == this) registered_lifetime() = nullptr;
    delete state_.exchange(nullptr);
  }
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  /// The state; INVALID_ARGUMENT before the entry point and after plugin_shutdown.
  State& get() const {
    State* state = state_.load(std::memory_order_acquire);
    if (state == nullptr)
      fail_invalid(std::string("the ") + plugin_ +
                   " plugin is not initialised (call hwc_get_plugin_api first)");
    return *state;
  }
  void create(const HWC_HostApi* host) override {
    if (state_.load(std::memory_order_acquire) != nullptr) return;
    auto created = std::make_unique<State>(host);
    State* expected = nullptr;
    if (state_.compare_exchange_strong(expected, created.get(), std::memory_order_acq_rel))
      created.release();
  }
  void destroy() override {
    std::unique_ptr<State> state(state_.exchange(nullptr, std::memory_order_acq_rel));
    if (!state) fail_invalid(std::string("the ") + plugin_ + " plugin is not initialised");
  }

 private:
  const char* plugin_;
  std::atomic<State*> state_{nullptr};
};

}  // namespace hwcert::plugin_common
