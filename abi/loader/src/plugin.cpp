#include "hwcert/loader/plugin.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <array>
#include <boost/dll/shared_library.hpp>
#include <cstring>
#include <optional>
#include <system_error>

#include "hwcert/loader/info_keys.hpp"
#include "hwcert/support/enum_names.hpp"
#include "info_value.hpp"
#include "table_slots.hpp"
#include "unimplemented_stub.hpp"

namespace hwcert {

namespace detail {
HWC_Error* unimplemented_sentinel() {
  static const char kTag = 0;
  return reinterpret_cast<HWC_Error*>(const_cast<char*>(&kTag));
}
}  // namespace detail

namespace {

constexpr uint32_t kMaxTableSize = 1u << 20;  // anything larger is not a real table
constexpr std::size_t kMaxMessage = 64 * 1024;

const std::size_t kHeaderSize = HWC_STRUCT_SIZE_UP_TO(HWC_PluginApi, abi_version_minor);
const std::size_t kMandatorySize = HWC_STRUCT_SIZE_UP_TO(HWC_PluginApi, error_destroy);

void forward_log(void* user_data, int32_t level, const char* message) {
  const auto* options = static_cast<const LoadOptions*>(user_data);
  if (options == nullptr || !options->log || message == nullptr) return;
  try {
    options->log(level, std::string_view(message, strnlen(message, kMaxMessage)));
  } catch (...) {  // a throwing host sink must not unwind into the plugin
  }
}

LoadError make_error(LoadErrorKind kind, const std::filesystem::path& path, std::string message) {
  return LoadError{kind, path, std::move(message)};
}

// Reads and releases an error through a table known to have the mandatory slots.
std::string read_and_destroy(const HWC_PluginApi& table, HWC_Error* error) {
  std::string text;
  const int32_t raw = table.error_code(error);
  const char* message = table.error_message(error);
  const std::string body = message != nullptr ? std::string(message, strnlen(message, kMaxMessage))
                                              : std::string("(no message)");
  text = is_known_status_code(raw)
             ? fmt::format("{}: {}", to_string(static_cast<StatusCode>(raw)), body)
             : fmt::format("unknown status code {}: {}", raw, body);
  table.error_destroy(error);
  return text;
}

}  // namespace

namespace {

// Indexed by LoadErrorKind.
constexpr std::array<std::string_view, 9> kLoadErrorNames = {
    "not-found",     "not-a-shared-library", "entry-point-missing", "entry-point-failed",
    "no-table",      "abi-major-mismatch",   "table-too-small",     "malformed-manifest",
    "unknown-plugin"};
static_assert(kLoadErrorNames.size() ==
              static_cast<std::size_t>(LoadErrorKind::kUnknownPlugin) + 1);

}  // namespace

std::string_view to_string(LoadErrorKind kind) {
  return support::enum_name(kLoadErrorNames, kind, "unknown");
}

struct Plugin::Library {
  boost::dll::shared_library library;
};

namespace {

// The file exists and is not a directory: checked first so the message says which.
std::optional<LoadError> check_library_file(const std::filesystem::path& library) {
  std::error_code fs_error;
  if (!std::filesystem::exists(library, fs_error)) {
    return make_error(LoadErrorKind::kNotFound, library,
                      fmt::format("plugin library '{}' not found", library.string()));
  }
  if (std::filesystem::is_directory(library, fs_error)) {
    return make_error(LoadErrorKind::kNotSharedLibrary, library,
                      fmt::format("'{}' is a directory, not a plugin library", library.string()));
  }
  return std::nullopt;
}

// dlopen with RTLD_NOW | RTLD_LOCAL; dlerror's text reaches the user word for word.
std::optional<LoadError> open_library(boost::dll::shared_library& handle,
                                      const std::filesystem::path& library) {
  boost::dll::fs::error_code load_error;
  dlerror();  // clear any stale message
  handle.load(library, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
              load_error);
  if (load_error || !handle.is_loaded()) {
    const char* reason = dlerror();
    return make_error(LoadErrorKind::kNotSharedLibrary, library,
                      fmt::format("cannot load '{}' as a shared library: {}", library.string(),
                                  reason != nullptr ? reason : load_error.message()));
  }
  if (!handle.has(HWC_PLUGIN_ENTRY_POINT_NAME)) {
    return make_error(LoadErrorKind::kEntryPointMissing, library,
                      fmt::format("'{}' does not export the entry point '{}' (not an hwcert "
                                  "plugin, or the symbol is hidden)",
                                  library.string(), HWC_PLUGIN_ENTRY_POINT_NAME));
  }
  return std::nullopt;
}

// The table the entry point returned is plausible, of our major version, and has the
// mandatory error functions; only then is the entry point's own error readable.
std::optional<LoadError> check_table(const HWC_PluginApi* table, HWC_Error* entry_error,
                                     const std::filesystem::path& library) {
  if (table == nullptr) {
    return make_error(
        LoadErrorKind::kNoTable, library,
        fmt::format("'{}': {} returned {} without a function table", library.string(),
                    HWC_PLUGIN_ENTRY_POINT_NAME, entry_error != nullptr ? "an error" : "success"));
  }
  if (table->struct_size < kHeaderSize || table->struct_size > kMaxTableSize) {
    return make_error(
        LoadErrorKind::kTableTooSmall, library,
        fmt::format("'{}': function table struct_size {} is not plausible "
                    "(expected {} to {} bytes)",
                    library.string(), table->struct_size, kMandatorySize, kMaxTableSize));
  }
  if (table->abi_version_major != HWC_ABI_VERSION_MAJOR) {
    return make_error(
        LoadErrorKind::kAbiMajorMismatch, library,
        fmt::format("'{}' implements hwcert plugin ABI {}.{}, but this host "
                    "implements {}.{}: major versions must match",
                    library.string(), table->abi_version_major, table->abi_version_minor,
                    HWC_ABI_VERSION_MAJOR, HWC_ABI_VERSION_MINOR));
  }
  if (table->struct_size < kMandatorySize || table->error_code == nullptr ||
      table->error_message == nullptr || table->error_destroy == nullptr) {
    return make_error(LoadErrorKind::kTableTooSmall, library,
                      fmt::format("'{}': function table ({} bytes) lacks the mandatory error "
                                  "functions (needs at least {} bytes, all three non-NULL)",
                                  library.string(), table->struct_size, kMandatorySize));
  }
  if (entry_error != nullptr) {
    return make_error(LoadErrorKind::kEntryPointFailed, library,
                      fmt::format("'{}' failed to initialize: {}", library.string(),
                                  read_and_destroy(*table, entry_error)));
  }
  return std::nullopt;
}

}  // namespace

std::variant<PluginPtr, LoadError> load_plugin(const std::filesystem::path& library,
                                               LoadOptions options) {
  if (auto error = check_library_file(library)) return *std::move(error);

  PluginPtr plugin(new Plugin());
  plugin->self_ = plugin;
  plugin->path_ = library;
  plugin->library_ = std::make_unique<Plugin::Library>();
  plugin->options_ = std::make_unique<LoadOptions>(std::move(options));
  if (auto error = open_library(plugin->library_->library, library)) return *std::move(error);
  auto& entry =
      plugin->library_->library.get<HWC_Error*(const HWC_HostApi*, const HWC_PluginApi**)>(
          HWC_PLUGIN_ENTRY_POINT_NAME);

  plugin->host_name_ = fmt::format("hwcert {}.{}", HWC_ABI_VERSION_MAJOR, HWC_ABI_VERSION_MINOR);
  plugin->host_api_ = std::make_unique<HWC_HostApi>();
  HWC_HostApi& host = *plugin->host_api_;
  host.struct_size = sizeof(HWC_HostApi);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR;
  host.abi_version_minor = HWC_ABI_VERSION_MINOR;
  host.host_name = plugin->host_name_.c_str();
  host.log = &forward_log;
  host.log_user_data = plugin->options_.get();

  const HWC_PluginApi* table = nullptr;
  HWC_Error* entry_error = entry(&host, &table);
  if (auto error = check_table(table, entry_error, library)) return *std::move(error);
  plugin->adopt_table(*table);
  return plugin;
}

// Copies the plugin's table (as much of it as both sides know) and fills every slot the
// plugin did not provide with a stub returning UNIMPLEMENTED, so the host never calls NULL.
void Plugin::adopt_table(const HWC_PluginApi& table) {
  table_size_ = table.struct_size;
  abi_major_ = table.abi_version_major;
  abi_minor_ = table.abi_version_minor;
  std::memcpy(&table_, &table, std::min<std::size_t>(table.struct_size, sizeof(HWC_PluginApi)));
  table_.struct_size = sizeof(HWC_PluginApi);
#define HWCERT_FILL_SLOT(slot)                                                                    \
  if (table.struct_size < HWC_STRUCT_SIZE_UP_TO(HWC_PluginApi, slot) || table_.slot == nullptr) { \
    table_.slot = &detail::UnimplementedStub<decltype(HWC_PluginApi::slot)>::call;                \
    stubbed_slots_.emplace_back(#slot);                                                           \
  }
  HWCERT_OPTIONAL_SLOTS(HWCERT_FILL_SLOT)
#undef HWCERT_FILL_SLOT
}

Plugin::~Plugin() {
  if (library_ && library_->library.is_loaded() && table_.error_destroy != nullptr) {
    HWC_Error* error = table_.plugin_shutdown();
    if (error != detail::unimplemented_sentinel() && error != nullptr) table_.error_destroy(error);
  }
}

Status Plugin::consume(HWC_Error* error, std::string_view function) const {
  if (error == nullptr) return Status::Ok();
  if (error == detail::unimplemented_sentinel()) {
    return {StatusCode::kUnimplemented,
            fmt::format("plugin '{}' does not implement {}", path_.filename().string(), function)};
  }
  const int32_t raw = table_.error_code(error);
  const char* message = table_.error_message(error);
  std::string text = message != nullptr ? std::string(message, strnlen(message, kMaxMessage))
                                        : std::string("(no message)");
  table_.error_destroy(error);
  if (!is_known_status_code(raw) || raw == HWC_STATUS_OK) {
    return {StatusCode::kInternal,
            fmt::format("{} returned unknown status code {}: {}", function, raw, text)};
  }
  return {static_cast<StatusCode>(raw), std::move(text)};
}

Expected<std::string> Plugin::info_string(int32_t key, std::string* warning) const {
  const detail::InfoQuery query = [this, key](size_t value_size, void* value, size_t* size_ret) {
    return consume(table_.plugin_get_info(key, value_size, value, size_ret), "plugin_get_info");
  };
  const std::string call = fmt::format("plugin_get_info({})", plugin_info_key_name(key));
  return detail::info_bytes_to_string(detail::read_info_bytes(query, call, warning), call, warning);
}

std::vector<std::string> Plugin::info_warnings() const {
  struct StringKey {
    int32_t key;
    std::string fallback;
  };
  const StringKey keys[] = {
      {HWC_PLUGIN_INFO_NAME,
       fmt::format("the name shown is the library's stem '{}'", path_.stem().string())},
      {HWC_PLUGIN_INFO_VENDOR, "the vendor shown is empty"},
      {HWC_PLUGIN_INFO_VERSION, "the version shown is 'unknown'"},
      {HWC_PLUGIN_INFO_DESCRIPTION, "the description shown is empty"},
  };
  std::vector<std::string> warnings;
  for (const StringKey& entry : keys) {
    std::string warning;
    (void)info_string(entry.key, &warning);
    if (!warning.empty()) warnings.push_back(warning + "; " + entry.fallback);
  }
  return warnings;
}

Expected<uint32_t> Plugin::info_u32(int32_t key) const {
  uint32_t value = 0;
  size_t size = 0;
  Status status =
      consume(table_.plugin_get_info(key, sizeof(value), &value, &size), "plugin_get_info");
  if (!status.ok()) return status;
  return value;
}

std::string Plugin::name() const {
  auto name = info_string(HWC_PLUGIN_INFO_NAME);
  return name.ok() && !name->empty() ? *name : path_.stem().string();
}

std::string Plugin::version() const {
  auto version = info_string(HWC_PLUGIN_INFO_VERSION);
  return version.ok() ? *version : std::string("unknown");
}

Expected<uint32_t> Plugin::device_count() const {
  uint32_t count = 0;
  Status status = consume(table_.device_count(&count), "device_count");
  if (!status.ok()) return status;
  return count;
}

}  // namespace hwcert
