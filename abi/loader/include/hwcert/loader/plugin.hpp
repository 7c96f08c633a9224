// A loaded, version-checked plugin and RAII wrappers for every handle that crosses the ABI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert {

enum class LoadErrorKind {
  kNotFound,           // no file at the path
  kNotSharedLibrary,   // dlopen refused it (dlerror text included)
  kEntryPointMissing,  // no hwc_get_plugin_api symbol
  kEntryPointFailed,   // the entry point returned an error (its message included)
  kNoTable,            // the entry point returned without a table
  kAbiMajorMismatch,   // plugin implements another major version
  kTableTooSmall,      // struct_size below the mandatory prefix (or absurd)
  kMalformedManifest,  // manifest TOML is invalid (file:line:column)
  kUnknownPlugin,      // a name that no manifest or search path provides
};
std::string_view to_string(LoadErrorKind kind);

struct LoadError {
  LoadErrorKind kind;
  std::filesystem::path path;  // the file concerned (library or manifest)
  std::string message;         // one line; names the file and the cause
};

struct LoadOptions {
  // Receives the plugin's log lines (level is HWC_LOG_*). Default: dropped.
  std::function<void(int32_t level, std::string_view message)> log;
};

class Device;
class Plugin;
using PluginPtr = std::shared_ptr<Plugin>;

// Loads with RTLD_NOW | RTLD_LOCAL, negotiates versions, fills missing or NULL slots with
// stubs returning UNIMPLEMENTED. The library stays loaded while any handle lives.
std::variant<PluginPtr, LoadError> load_plugin(const std::filesystem::path& library,
                                               LoadOptions options = {});

class Plugin {
 public:
  ~Plugin();
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  const std::filesystem::path& path() const { return path_; }
  uint32_t abi_major() const { return abi_major_; }
  uint32_t abi_minor() const { return abi_minor_; }
  // struct_size the plugin reported for its table.
  uint32_t table_size() const { return table_size_; }
  // Names of function slots the plugin left NULL or did not have (filled with stubs).
  const std::vector<std::string>& stubbed_slots() const { return stubbed_slots_; }
  // The complete table (stubs in place); never contains NULL function pointers.
  const HWC_PluginApi& api() const { return table_; }

  // Converts an error returned by `function` into a Status and destroys the error.
  Status consume(HWC_Error* error, std::string_view function) const;

  // A string value. When the plugin's answer is malformed (no NUL terminator, an absurd size)
  // the result is INTERNAL and `warning`, when given, receives one line naming the key and the
  // fault: "plugin_get_info(NAME): 7 bytes without a NUL terminator".
  Expected<std::string> info_string(int32_t key, std::string* warning = nullptr) const;
  Expected<uint32_t> info_u32(int32_t key) const;
  // name from HWC_PLUGIN_INFO_NAME, else the library file's stem.
  std::string name() const;
  // version from HWC_PLUGIN_INFO_VERSION, else "unknown".
  std::string version() const;
  // One line per string property (name, vendor, version, description) whose value the plugin
  // reported in a malformed way, saying what was wrong and which fallback is shown instead.
  // Keys the plugin does not know give no warning.
  std::vector<std::string> info_warnings() const;

  Expected<uint32_t> device_count() const;
  Expected<Device> open_device(uint32_t index) const;

 private:
  friend std::variant<PluginPtr, LoadError> load_plugin(const std::filesystem::path&, LoadOptions);
  void adopt_table(const HWC_PluginApi& table);
  struct Library;
  Plugin() = default;

  std::filesystem::path path_;
  std::unique_ptr<Library> library_;
  std::unique_ptr<LoadOptions> options_;   // stable address for the log callback
  std::unique_ptr<HWC_HostApi> host_api_;  // stays valid until shutdown
  std::string host_name_;
  HWC_PluginApi table_{};
  uint32_t table_size_ = 0;
  uint32_t abi_major_ = 0;
  uint32_t abi_minor_ = 0;
  std::vector<std::string> stubbed_slots_;
  std::weak_ptr<Plugin> self_;
};

namespace detail {
struct DeviceHandle;  // shared by a Device and everything created on it
}

class Buffer {
 public:
  Buffer(Buffer&&) noexcept = default;
  Buffer& operator=(Buffer&&) noexcept;
  ~Buffer();
  uint64_t size() const { return size_; }
  HWC_Buffer* handle() const { return handle_; }

 private:
  friend class Device;
  Buffer(std::shared_ptr<detail::DeviceHandle> device, HWC_Buffer* handle, uint64_t size)
      : device_(std::move(device)), handle_(handle), size_(size) {}
  void reset();
  std::shared_ptr<detail::DeviceHandle> device_;
  HWC_Buffer* handle_ = nullptr;
  uint64_t size_ = 0;
};

class Event {
 public:
  Event(Event&&) noexcept = default;
  Event& operator=(Event&&) noexcept;
  ~Event();
  HWC_Event* handle() const { return handle_; }
  Status synchronize() const;
  // Device time from `start` to `end` (both recorded and completed).
  static Expected<uint64_t> elapsed_ns(const Event& start, const Event& end);

 private:
  friend class Device;
  Event(std::shared_ptr<detail::DeviceHandle> device, HWC_Event* handle)
      : device_(std::move(device)), handle_(handle) {}
  void reset();
  std::shared_ptr<detail::DeviceHandle> device_;
  HWC_Event* handle_ = nullptr;
};

class Stream {
 public:
  Stream(Stream&&) noexcept = default;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();
  HWC_Stream* handle() const { return handle_; }

  Status copy_h2d(const Buffer& dst, uint64_t dst_offset, std::span<const std::byte> src) const;
  Status copy_d2h(std::span<std::byte> dst, const Buffer& src, uint64_t src_offset) const;
  Status copy_d2d(const Buffer& dst, uint64_t dst_offset, const Buffer& src, uint64_t src_offset,
                  uint64_t size) const;
  Status fill(const Buffer& dst, uint64_t offset, uint64_t size,
              std::span<const std::byte> pattern) const;
  Status record(const Event& event) const;
  // inputs[i] holds call.inputs()[i]; workspace may be null when none is needed.
  Status launch(const OpCall& call, std::span<const Buffer* const> inputs,
                std::span<const Buffer* const> outputs, const Buffer* workspace = nullptr) const;
  Status synchronize() const;

 private:
  friend class Device;
  Stream(std::shared_ptr<detail::DeviceHandle> device, HWC_Stream* handle)
      : device_(std::move(device)), handle_(handle) {}
  void reset();
  std::shared_ptr<detail::DeviceHandle> device_;
  HWC_Stream* handle_ = nullptr;
};

struct OpSupport {
  bool supported = false;
  std::string reason;  // why not, when unsupported
};

// An open device. Closed when the last of it, its buffers, streams and events is destroyed.
class Device {
 public:
  uint32_t index() const;
  const Plugin& plugin() const;
  HWC_Device* handle() const;

  // Typed values. A malformed answer (absurd size, no NUL terminator, a scalar of the wrong
  // size) is INTERNAL, and `warning`, when given, receives one line naming the key and the
  // fault: "device_get_info(NAME) claims 1099511627776 bytes; limit 1048576".
  Expected<std::string> info_string(int32_t key, std::string* warning = nullptr) const;
  Expected<uint32_t> info_u32(int32_t key, std::string* warning = nullptr) const;
  Expected<uint64_t> info_u64(int32_t key, std::string* warning = nullptr) const;
  Expected<double> info_f64(int32_t key, std::string* warning = nullptr) const;
  Expected<std::vector<int32_t>> info_i32_array(int32_t key, std::string* warning = nullptr) const;
  Expected<std::vector<uint8_t>> info_bytes(int32_t key, std::string* warning = nullptr) const;

  Expected<Buffer> alloc(uint64_t size_bytes) const;
  Expected<Stream> create_stream() const;
  Expected<Event> create_event() const;
  Expected<OpSupport> op_support(const OpCall& call) const;
  Expected<uint64_t> workspace_size(const OpCall& call) const;
  Expected<bool> can_access_peer(const Device& peer) const;

 private:
  friend class Plugin;
  explicit Device(std::shared_ptr<detail::DeviceHandle> handle) : handle_(std::move(handle)) {}
  Expected<std::vector<uint8_t>> raw_info(int32_t key, std::string* warning) const;
  std::shared_ptr<detail::DeviceHandle> handle_;
};

}  // namespace hwcert
