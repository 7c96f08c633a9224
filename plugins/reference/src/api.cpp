// The exported entry point and the function table. Every function body runs inside guard(),
// so no exception crosses the ABI boundary.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "errors.hpp"
#include "handles.hpp"
#include "hwcert/hwcert_plugin.h"
#include "info.hpp"
#include "memory_ops.hpp"
#include "ops/op.hpp"
#include "plugin.hpp"

namespace hwcref {
namespace {

// The one plugin instance, between the entry point and plugin_shutdown.
std::atomic<Plugin*> g_plugin{nullptr};

Plugin& plugin() {
  Plugin* instance = g_plugin.load(std::memory_order_acquire);
  if (instance == nullptr) {
    invalid("the reference plugin is not initialised (call hwc_get_plugin_api first)");
  }
  return *instance;
}

constexpr uint64_t kMaxAllocation = uint64_t{1} << 62;

uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
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

// --- errors ---

int32_t error_code(const HWC_Error* error) {
  return error == nullptr ? HWC_STATUS_OK : error->code;
}

const char* error_message(const HWC_Error* error) {
  return error == nullptr ? "success" : error->message.c_str();
}

void error_destroy(HWC_Error* error) {
  if (error != nullptr && !error->is_static) delete error;
}

// --- plugin ---

HWC_Error* plugin_shutdown() {
  return guard([] {
    Plugin* instance = g_plugin.exchange(nullptr, std::memory_order_acq_rel);
    if (instance == nullptr) invalid("plugin_shutdown: the plugin is not initialised");
    delete instance;
  });
}

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  return guard([&] {
    plugin();
    answer_info(plugin_info_value(key), key, value_size, value, size_ret);
  });
}

// --- devices ---

HWC_Error* device_count(uint32_t* count) {
  return guard([&] {
    plugin();
    require(count, "device_count: count");
    *count = 1;
  });
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  return guard([&] {
    Plugin& p = plugin();
    require(device, "device_open: device");
    if (index >= 1) {
      fail(HWC_STATUS_OUT_OF_RANGE,
           "device_open: index " + std::to_string(index) + " is out of range (1 device)");
    }
    auto handle = std::make_unique<HWC_Device>();
    handle->index = index;
    *device = p.handles().adopt(std::move(handle));
  });
}

HWC_Error* device_close(HWC_Device* device) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "device_close: device");
    const int64_t children = device->children.load();
    if (children != 0) {
      invalid("device_close: " + std::to_string(children) +
              " buffer(s), stream(s) or event(s) created on this device are still alive");
    }
    p.handles().release(device, "device_close: device");
  });
}

HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "device_get_info: device");
    answer_info(device_info_value(p, *device, key), key, value_size, value, size_ret);
  });
}

HWC_Error* device_can_access_peer(HWC_Device* device, HWC_Device* peer, int32_t* can_access) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "device_can_access_peer: device");
    p.handles().get(peer, "device_can_access_peer: peer");
    require(can_access, "device_can_access_peer: can_access");
    *can_access = device->index == peer->index ? 1 : 0;  // one shared host memory
  });
}

// --- buffers ---

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "buffer_alloc: device");
    require(buffer, "buffer_alloc: buffer");
    if (size_bytes == 0) invalid("buffer_alloc: size_bytes is 0");
    const uint64_t memory = p.cpu().memory_bytes;
    if (size_bytes > kMaxAllocation || (memory != 0 && size_bytes > memory)) {
      fail(HWC_STATUS_OUT_OF_MEMORY, "buffer_alloc: " + std::to_string(size_bytes) +
                                         " bytes exceed the device memory (" +
                                         std::to_string(memory) + " bytes)");
    }
    auto handle = std::make_unique<HWC_Buffer>();
    handle->device = device;
    try {
      handle->storage = std::make_shared<BufferStorage>(size_bytes);
    } catch (const std::bad_alloc&) {
      fail(HWC_STATUS_OUT_OF_MEMORY,
           "buffer_alloc: could not allocate " + std::to_string(size_bytes) + " bytes");
    }
    *buffer = p.handles().adopt(std::move(handle));
    device->children.fetch_add(1);
  });
}

HWC_Error* buffer_free(HWC_Buffer* buffer) {
  return guard([&] {
    std::unique_ptr<HWC_Buffer> owned = plugin().handles().release(buffer, "buffer_free: buffer");
    owned->device->children.fetch_sub(1);
    // Queued work holds its own reference to the storage: memory goes when that work is done.
  });
}

// --- streams ---

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "stream_create: device");
    require(stream, "stream_create: stream");
    auto handle = std::make_unique<HWC_Stream>();
    handle->device = device;
    handle->worker = std::make_unique<StreamWorker>();
    *stream = p.handles().adopt(std::move(handle));
    device->children.fetch_add(1);
  });
}

HWC_Error* stream_destroy(HWC_Stream* stream) {
  return guard([&] {
    std::unique_ptr<HWC_Stream> owned =
        plugin().handles().release(stream, "stream_destroy: stream");
    owned->device->children.fetch_sub(1);
    std::optional<DeferredError> pending = owned->worker->synchronize();
    owned.reset();
    throw_deferred(std::move(pending));
  });
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  return guard([&] {
    plugin().handles().get(stream, "stream_synchronize: stream");
    throw_deferred(stream->worker->synchronize());
  });
}

// --- copies and fill ---

HWC_Error* copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "copy_h2d: stream");
    p.handles().get(dst, "copy_h2d: dst");
    if (size > 0) require(src, "copy_h2d: src");
    check_range(*dst, dst_offset, size, "copy_h2d: destination");
    if (size == 0) return;
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([storage = dst->storage, dst_offset, src, size, pool] {
      bulk_copy(*pool, storage->data() + dst_offset, static_cast<const std::byte*>(src), size);
    });
  });
}

HWC_Error* copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                    uint64_t size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "copy_d2h: stream");
    p.handles().get(src, "copy_d2h: src");
    if (size > 0) require(dst, "copy_d2h: dst");
    check_range(*src, src_offset, size, "copy_d2h: source");
    if (size == 0) return;
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([storage = src->storage, src_offset, dst, size, pool] {
      bulk_copy(*pool, static_cast<std::byte*>(dst), storage->data() + src_offset, size);
    });
  });
}

HWC_Error* copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "copy_d2d: stream");
    p.handles().get(dst, "copy_d2d: dst");
    p.handles().get(src, "copy_d2d: src");
    check_range(*dst, dst_offset, size, "copy_d2d: destination");
    check_range(*src, src_offset, size, "copy_d2d: source");
    if (size == 0) return;
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue(
        [to = dst->storage, from = src->storage, dst_offset, src_offset, size, pool] {
          bulk_copy(*pool, to->data() + dst_offset, from->data() + src_offset, size);
        });
  });
}

HWC_Error* fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                const void* pattern, uint32_t pattern_size) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "fill: stream");
    p.handles().get(dst, "fill: dst");
    require(pattern, "fill: pattern");
    if (pattern_size != 1 && pattern_size != 2 && pattern_size != 4 && pattern_size != 8) {
      invalid("fill: pattern_size must be 1, 2, 4 or 8, got " + std::to_string(pattern_size));
    }
    if (size % pattern_size != 0) {
      invalid("fill: size " + std::to_string(size) + " is not a multiple of pattern_size " +
              std::to_string(pattern_size));
    }
    check_range(*dst, offset, size, "fill: destination");
    if (size == 0) return;
    uint64_t bits = 0;
    std::memcpy(&bits, pattern, pattern_size);
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([storage = dst->storage, offset, size, bits, pattern_size, pool] {
      bulk_fill(*pool, storage->data() + offset, size, bits, pattern_size);
    });
  });
}

// --- events ---

HWC_Error* event_create(HWC_Device* device, HWC_Event** event) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(device, "event_create: device");
    require(event, "event_create: event");
    auto handle = std::make_unique<HWC_Event>();
    handle->device = device;
    handle->state = std::make_shared<EventState>();
    handle->state->device_index = device->index;
    *event = p.handles().adopt(std::move(handle));
    device->children.fetch_add(1);
  });
}

HWC_Error* event_destroy(HWC_Event* event) {
  return guard([&] {
    std::unique_ptr<HWC_Event> owned = plugin().handles().release(event, "event_destroy: event");
    owned->device->children.fetch_sub(1);
  });
}

HWC_Error* event_record(HWC_Event* event, HWC_Stream* stream) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(event, "event_record: event");
    p.handles().get(stream, "event_record: stream");
    std::shared_ptr<EventState> state = event->state;
    uint64_t generation = 0;
    {
      std::lock_guard lock(state->mutex);
      generation = ++state->recorded_generation;
    }
    stream->worker->enqueue([state, generation] {
      const uint64_t timestamp = now_ns();
      {
        std::lock_guard lock(state->mutex);
        if (generation > state->completed_generation) {
          state->completed_generation = generation;
          state->timestamp_ns = timestamp;
        }
      }
      state->completed.notify_all();
    });
  });
}

// Waits until the latest record of `state` has completed; returns its timestamp, or
// nothing when it was never recorded.
std::optional<uint64_t> wait_event(EventState& state) {
  std::unique_lock lock(state.mutex);
  if (state.recorded_generation == 0) return std::nullopt;
  const uint64_t target = state.recorded_generation;
  state.completed.wait(lock, [&] { return state.completed_generation >= target; });
  return state.timestamp_ns;
}

HWC_Error* event_synchronize(HWC_Event* event) {
  return guard([&] {
    plugin().handles().get(event, "event_synchronize: event");
    wait_event(*event->state);
  });
}

HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(start, "event_elapsed_ns: start");
    p.handles().get(end, "event_elapsed_ns: end");
    require(elapsed_ns, "event_elapsed_ns: elapsed_ns");
    if (start->device->index != end->device->index)
      invalid("event_elapsed_ns: events of different devices");
    const std::optional<uint64_t> t0 = wait_event(*start->state);
    const std::optional<uint64_t> t1 = wait_event(*end->state);
    if (!t0) invalid("event_elapsed_ns: start event was never recorded");
    if (!t1) invalid("event_elapsed_ns: end event was never recorded");
    if (*t1 < *t0) invalid("event_elapsed_ns: end event completed before start event");
    *elapsed_ns = *t1 - *t0;
  });
}

// --- ops ---

struct PreparedOp {
  OpCall call;
  OpRunner runner;
};

PreparedOp prepare_op(const HWC_OpDesc* desc) {
  PreparedOp prepared{OpCall::parse(desc), {}};
  const OpCall& call = prepared.call;
  if (call.opset == 0) invalid(call.name + ": opset 0 is invalid (opset 1 is the first)");
  if (call.opset > kPluginOpset) {
    unsupported(call.name + ": opset " + std::to_string(call.opset) + " is newer than the opset " +
                std::to_string(kPluginOpset) + " this plugin implements");
  }
  const OpEntry* entry = find_op(call.name);
  if (entry == nullptr)
    unsupported("op '" + call.name + "' is not in the catalogue of this plugin");
  prepared.runner = entry->prepare(call);
  return prepared;
}

HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity) {
  return guard([&] {
    plugin().handles().get(device, "op_support: device");
    require(op, "op_support: op");
    require(support, "op_support: support");
    if (reason_capacity > 0) require(reason, "op_support: reason (reason_capacity > 0)");
    std::string why;
    try {
      prepare_op(op);
    } catch (const PluginError& e) {
      if (e.code() != HWC_STATUS_UNSUPPORTED) throw;
      why = e.message();
    }
    *support = why.empty() ? HWC_OP_SUPPORTED : HWC_OP_UNSUPPORTED;
    if (reason_capacity > 0) {
      const size_t n = std::min(why.size(), reason_capacity - 1);
      std::memcpy(reason, why.data(), n);
      reason[n] = '\0';
    }
  });
}

HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes) {
  return guard([&] {
    plugin().handles().get(device, "op_workspace_size: device");
    require(workspace_bytes, "op_workspace_size: workspace_bytes");
    prepare_op(op);
    *workspace_bytes = 0;  // ops allocate their own scratch memory
  });
}

HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t /*workspace_size*/) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "op_launch: stream");
    require(op, "op_launch: op");
    PreparedOp prepared = prepare_op(op);
    const OpCall& call = prepared.call;
    if (num_inputs != call.inputs.size() || num_outputs != call.outputs.size()) {
      invalid("op_launch: " + call.name + " describes " + std::to_string(call.inputs.size()) +
              " input(s) and " + std::to_string(call.outputs.size()) + " output(s) but " +
              std::to_string(num_inputs) + " and " + std::to_string(num_outputs) +
              " buffers were given");
    }
    if (num_inputs > 0) require(inputs, "op_launch: inputs");
    if (num_outputs > 0) require(outputs, "op_launch: outputs");
    if (workspace != nullptr) p.handles().get(workspace, "op_launch: workspace");

    std::vector<std::shared_ptr<BufferStorage>> keep_alive;
    Operands io;
    auto bind = [&](HWC_Buffer* buffer, const TensorView& view, const std::string& role) {
      p.handles().get(buffer, role.c_str());
      const uint64_t end = view.end_byte();
      if (end > buffer->storage->size()) {
        fail(HWC_STATUS_OUT_OF_RANGE, "op_launch: " + role + " " + view.describe() + " needs " +
                                          std::to_string(end) + " bytes of its buffer, which has " +
                                          std::to_string(buffer->storage->size()));
      }
      keep_alive.push_back(buffer->storage);
      return Operand{view, buffer->storage->data()};
    };
    for (uint32_t i = 0; i < num_inputs; ++i) {
      io.inputs.push_back(
          bind(inputs[i], call.inputs[i], call.name + " input " + std::to_string(i)));
    }
    for (uint32_t i = 0; i < num_outputs; ++i) {
      io.outputs.push_back(
          bind(outputs[i], call.outputs[i], call.name + " output " + std::to_string(i)));
    }
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([runner = std::move(prepared.runner), io = std::move(io),
                             keep_alive = std::move(keep_alive), pool] { runner(io, *pool); });
  });
}

const HWC_PluginApi kApi = {
    sizeof(HWC_PluginApi),
    0,
    nullptr,
    HWC_ABI_VERSION_MAJOR,
    HWC_ABI_VERSION_MINOR,
    &error_code,
    &error_message,
    &error_destroy,
    &plugin_shutdown,
    &plugin_get_info,
    &device_count,
    &device_open,
    &device_close,
    &device_get_info,
    &device_can_access_peer,
    &buffer_alloc,
    &buffer_free,
    &stream_create,
    &stream_destroy,
    &stream_synchronize,
    &copy_h2d,
    &copy_d2h,
    &copy_d2d,
    &fill,
    &event_create,
    &event_destroy,
    &event_record,
    &event_synchronize,
    &event_elapsed_ns,
    &op_support,
    &op_workspace_size,
    &op_launch,
};

HWC_Error* initialise(const HWC_HostApi* host) {
  return guard([&] {
    if (host != nullptr) {
      if (!HWC_HAS_FIELD(host, HWC_HostApi, abi_version_minor)) {
        invalid("host table struct_size " + std::to_string(host->struct_size) + " is too small");
      }
      if (host->abi_version_major != HWC_ABI_VERSION_MAJOR) {
        unsupported("host ABI " + std::to_string(host->abi_version_major) + "." +
                    std::to_string(host->abi_version_minor) +
                    " is not compatible with plugin ABI " + std::to_string(HWC_ABI_VERSION_MAJOR) +
                    "." + std::to_string(HWC_ABI_VERSION_MINOR));
      }
    }
    if (g_plugin.load(std::memory_order_acquire) != nullptr) return;  // already initialised
    auto instance = std::make_unique<Plugin>(host);
    instance->log(HWC_LOG_INFO, "reference plugin " + std::string(kPluginVersion) + " on " +
                                    instance->cpu().model_name + ": " +
                                    std::to_string(instance->pool().concurrency()) + " threads, " +
                                    instance->cpu().isa_level + " kernels");
    g_plugin.store(instance.release(), std::memory_order_release);
  });
}

}  // namespace
}  // namespace hwcref

extern "C" HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host,
                                                    const HWC_PluginApi** api) {
  if (api == nullptr) {
    return hwcref::make_error(HWC_STATUS_INVALID_ARGUMENT, "hwc_get_plugin_api: api is NULL");
  }
  *api = &hwcref::kApi;
  return hwcref::initialise(host);
}
