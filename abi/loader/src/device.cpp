// Device, Buffer, Stream and Event: RAII over the plugin's handles.
#include <fmt/format.h>

#include <cstring>

#include "hwcert/loader/info_keys.hpp"
#include "hwcert/loader/plugin.hpp"
#include "info_value.hpp"

namespace hwcert {

namespace detail {
struct DeviceHandle {
  PluginPtr plugin;
  HWC_Device* handle = nullptr;
  uint32_t index = 0;

  DeviceHandle(PluginPtr owner, HWC_Device* device, uint32_t device_index)
      : plugin(std::move(owner)), handle(device), index(device_index) {}
  DeviceHandle(const DeviceHandle&) = delete;
  DeviceHandle& operator=(const DeviceHandle&) = delete;
  ~DeviceHandle() {
    if (handle != nullptr)
      (void)plugin->consume(plugin->api().device_close(handle), "device_close");
  }
  const HWC_PluginApi& api() const { return plugin->api(); }
};
}  // namespace detail

namespace {
// "device_get_info(NAME)": how messages name a device property.
std::string info_call(int32_t key) {
  return fmt::format("device_get_info({})", device_info_key_name(key));
}
}  // namespace

Expected<Device> Plugin::open_device(uint32_t index) const {
  PluginPtr self = self_.lock();
  HWC_Device* handle = nullptr;
  Status status = consume(table_.device_open(index, &handle), "device_open");
  if (!status.ok()) return status;
  if (handle == nullptr) {
    return Status(StatusCode::kInternal, "device_open succeeded but returned no device handle");
  }
  return Device(std::make_shared<detail::DeviceHandle>(std::move(self), handle, index));
}

uint32_t Device::index() const {
  return handle_->index;
}
const Plugin& Device::plugin() const {
  return *handle_->plugin;
}
HWC_Device* Device::handle() const {
  return handle_->handle;
}

Expected<std::vector<uint8_t>> Device::raw_info(int32_t key, std::string* warning) const {
  const Plugin& plugin = *handle_->plugin;
  const detail::InfoQuery query = [&plugin, this, key](size_t value_size, void* value,
                                                       size_t* size_ret) {
    return plugin.consume(
        plugin.api().device_get_info(handle_->handle, key, value_size, value, size_ret),
        "device_get_info");
  };
  return detail::read_info_bytes(query, info_call(key), warning);
}

Expected<std::string> Device::info_string(int32_t key, std::string* warning) const {
  return detail::info_bytes_to_string(raw_info(key, warning), info_call(key), warning);
}

namespace {
template <typename T>
Expected<T> scalar_from(Expected<std::vector<uint8_t>> raw, int32_t key, std::string* warning) {
  if (!raw.ok()) return raw.status();
  Status size = detail::check_scalar_size(raw->size(), sizeof(T), info_call(key), warning);
  if (!size.ok()) return size;
  T value;
  std::memcpy(&value, raw->data(), sizeof(T));
  return value;
}
}  // namespace

Expected<uint32_t> Device::info_u32(int32_t key, std::string* warning) const {
  return scalar_from<uint32_t>(raw_info(key, warning), key, warning);
}
Expected<uint64_t> Device::info_u64(int32_t key, std::string* warning) const {
  return scalar_from<uint64_t>(raw_info(key, warning), key, warning);
}
Expected<double> Device::info_f64(int32_t key, std::string* warning) const {
  return scalar_from<double>(raw_info(key, warning), key, warning);
}
Expected<std::vector<uint8_t>> Device::info_bytes(int32_t key, std::string* warning) const {
  return raw_info(key, warning);
}

Expected<std::vector<int32_t>> Device::info_i32_array(int32_t key, std::string* warning) const {
  auto raw = raw_info(key, warning);
  if (!raw.ok()) return raw.status();
  if (raw->size() % sizeof(int32_t) != 0) {
    std::string text =
        fmt::format("{}: {} bytes, not a multiple of 4", info_call(key), raw->size());
    if (warning != nullptr) *warning = text;
    return Status(StatusCode::kInternal, std::move(text));
  }
  std::vector<int32_t> values(raw->size() / sizeof(int32_t));
  std::memcpy(values.data(), raw->data(), raw->size());
  return values;
}

Expected<Buffer> Device::alloc(uint64_t size_bytes) const {
  HWC_Buffer* buffer = nullptr;
  Status status = plugin().consume(
      handle_->api().buffer_alloc(handle_->handle, size_bytes, &buffer), "buffer_alloc");
  if (!status.ok()) return status;
  if (buffer == nullptr) return Status(StatusCode::kInternal, "buffer_alloc returned no buffer");
  return Buffer(handle_, buffer, size_bytes);
}

Expected<Stream> Device::create_stream() const {
  HWC_Stream* stream = nullptr;
  Status status =
      plugin().consume(handle_->api().stream_create(handle_->handle, &stream), "stream_create");
  if (!status.ok()) return status;
  if (stream == nullptr) return Status(StatusCode::kInternal, "stream_create returned no stream");
  return Stream(handle_, stream);
}

Expected<Event> Device::create_event() const {
  HWC_Event* event = nullptr;
  Status status =
      plugin().consume(handle_->api().event_create(handle_->handle, &event), "event_create");
  if (!status.ok()) return status;
  if (event == nullptr) return Status(StatusCode::kInternal, "event_create returned no event");
  return Event(handle_, event);
}

Expected<OpSupport> Device::op_support(const OpCall& call) const {
  int32_t support = HWC_OP_UNSUPPORTED;
  char reason[1024] = {};
  Status status = plugin().consume(
      handle_->api().op_support(handle_->handle, call.desc(), &support, reason, sizeof(reason)),
      "op_support");
  if (!status.ok()) return status;
  OpSupport result;
  result.supported = support == HWC_OP_SUPPORTED;
  if (!result.supported) {
    result.reason = std::string(reason, strnlen(reason, sizeof(reason)));
    if (result.reason.empty()) result.reason = "unsupported (no reason given)";
  }
  return result;
}

Expected<uint64_t> Device::workspace_size(const OpCall& call) const {
  uint64_t bytes = 0;
  Status status = plugin().consume(
      handle_->api().op_workspace_size(handle_->handle, call.desc(), &bytes), "op_workspace_size");
  if (status.code() == StatusCode::kUnimplemented) return uint64_t{0};
  if (!status.ok()) return status;
  return bytes;
}

Expected<bool> Device::can_access_peer(const Device& peer) const {
  int32_t access = 0;
  Status status = plugin().consume(
      handle_->api().device_can_access_peer(handle_->handle, peer.handle(), &access),
      "device_can_access_peer");
  if (!status.ok()) return status;
  return access != 0;
}

// ---- Buffer -------------------------------------------------------------------------------

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    reset();
    device_ = std::move(other.device_);
    handle_ = std::exchange(other.handle_, nullptr);
    size_ = other.size_;
  }
  return *this;
}
Buffer::~Buffer() {
  reset();
}
void Buffer::reset() {
  if (handle_ != nullptr && device_) {
    (void)device_->plugin->consume(device_->api().buffer_free(handle_), "buffer_free");
  }
  handle_ = nullptr;
}

// ---- Event --------------------------------------------------------------------------------

Event& Event::operator=(Event&& other) noexcept {
  if (this != &other) {
    reset();
    device_ = std::move(other.device_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}
Event::~Event() {
  reset();
}
void Event::reset() {
  if (handle_ != nullptr && device_) {
    (void)device_->plugin->consume(device_->api().event_destroy(handle_), "event_destroy");
  }
  handle_ = nullptr;
}
Status Event::synchronize() const {
  return device_->plugin->consume(device_->api().event_synchronize(handle_), "event_synchronize");
}
Expected<uint64_t> Event::elapsed_ns(const Event& start, const Event& end) {
  uint64_t ns = 0;
  Status status = start.device_->plugin->consume(
      start.device_->api().event_elapsed_ns(start.handle_, end.handle_, &ns), "event_elapsed_ns");
  if (!status.ok()) return status;
  return ns;
}

// ---- Stream -------------------------------------------------------------------------------

Stream& Stream::operator=(Stream&& other) noexcept {
  if (this != &other) {
    reset();
    device_ = std::move(other.device_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}
Stream::~Stream() {
  reset();
}
void Stream::reset() {
  if (handle_ != nullptr && device_) {
    (void)device_->plugin->consume(device_->api().stream_destroy(handle_), "stream_destroy");
  }
  handle_ = nullptr;
}

Status Stream::copy_h2d(const Buffer& dst, uint64_t dst_offset,
                        std::span<const std::byte> src) const {
  return device_->plugin->consume(
      device_->api().copy_h2d(handle_, dst.handle(), dst_offset, src.data(), src.size()),
      "copy_h2d");
}

Status Stream::copy_d2h(std::span<std::byte> dst, const Buffer& src, uint64_t src_offset) const {
  return device_->plugin->consume(
      device_->api().copy_d2h(handle_, dst.data(), src.handle(), src_offset, dst.size()),
      "copy_d2h");
}

Status Stream::copy_d2d(const Buffer& dst, uint64_t dst_offset, const Buffer& src,
                        uint64_t src_offset, uint64_t size) const {
  return device_->plugin->consume(
      device_->api().copy_d2d(handle_, dst.handle(), dst_offset, src.handle(), src_offset, size),
      "copy_d2d");
}

Status Stream::fill(const Buffer& dst, uint64_t offset, uint64_t size,
                    std::span<const std::byte> pattern) const {
  return device_->plugin->consume(
      device_->api().fill(handle_, dst.handle(), offset, size, pattern.data(),
                          static_cast<uint32_t>(pattern.size())),
      "fill");
}

Status Stream::record(const Event& event) const {
  return device_->plugin->consume(device_->api().event_record(event.handle(), handle_),
                                  "event_record");
}

Status Stream::launch(const OpCall& call, std::span<const Buffer* const> inputs,
                      std::span<const Buffer* const> outputs, const Buffer* workspace) const {
  if (inputs.size() != call.inputs().size() || outputs.size() != call.outputs().size()) {
    return {StatusCode::kInvalidArgument,
            fmt::format("{}: {} input and {} output buffers for {} inputs and {} outputs",
                        call.op_name(), inputs.size(), outputs.size(), call.inputs().size(),
                        call.outputs().size())};
  }
  std::vector<HWC_Buffer*> in_handles;
  std::vector<HWC_Buffer*> out_handles;
  for (const Buffer* buffer : inputs) in_handles.push_back(buffer ? buffer->handle() : nullptr);
  for (const Buffer* buffer : outputs) out_handles.push_back(buffer ? buffer->handle() : nullptr);
  return device_->plugin->consume(
      device_->api().op_launch(
          handle_, call.desc(), in_handles.data(), static_cast<uint32_t>(in_handles.size()),
          out_handles.data(), static_cast<uint32_t>(out_handles.size()),
          workspace ? workspace->handle() : nullptr, workspace ? workspace->size() : 0),
      "op_launch");
}

Status Stream::synchronize() const {
  return device_->plugin->consume(device_->api().stream_synchronize(handle_), "stream_synchronize");
}

}  // namespace hwcert
