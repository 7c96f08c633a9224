// The reference plugin's state: the ABI's opaque handle types, completed here, and the one
// instance between the entry point and plugin_shutdown (CPU facts, thread pool, live handles).
#pragma once

#include <hwcert/plugin_common/plugin_handles.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "error.hpp"
#include "host_cpu.hpp"
#include "hwcert/hwcert_plugin.h"
#include "packed_cache.hpp"
#include "scratch_arena.hpp"
#include "stream_worker.hpp"
#include "thread_pool.hpp"

namespace hwcert::reference {

inline constexpr const char* kPluginName = "reference";
inline constexpr const char* kPluginVendor = "hwcert";
inline constexpr const char* kPluginVersion = "0.1.0";
inline constexpr const char* kPluginDescription =
    "Portable multi-threaded CPU implementation of the whole hwcert op catalogue";
// The highest opset whose every op the plugin implements (the catalogue's opset).
inline constexpr uint32_t kPluginOpset = 2;

// Host memory standing in for device memory, aligned to 256 bytes. Shared by the buffer
// handle and by queued work that uses it, so freeing a buffer with work in flight is safe.
class BufferStorage {
 public:
  static constexpr std::size_t kAlignment = 256;
  explicit BufferStorage(uint64_t size);  // throws std::bad_alloc
  ~BufferStorage();
  BufferStorage(const BufferStorage&) = delete;
  BufferStorage& operator=(const BufferStorage&) = delete;
  std::byte* data() const { return data_; }
  uint64_t size() const { return size_; }
  // Bumped after every write to the buffer (copies, fills, op outputs) by the stream work
  // that wrote it: what was derived from older contents is not served (PackedCache).
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  void note_write() { generation_.fetch_add(1, std::memory_order_acq_rel); }
  PackedCache& packed() { return packed_; }

 private:
  std::byte* data_;
  uint64_t size_;
  std::atomic<uint64_t> generation_{0};
  PackedCache packed_;
};

struct EventState {
  std::mutex mutex;
  std::condition_variable completed;
  uint64_t recorded_generation = 0;   // bumped by each event_record
  uint64_t completed_generation = 0;  // generation the stream has reached
  uint64_t timestamp_ns = 0;          // steady_clock time when it was reached
  uint32_t device_index = 0;
};

}  // namespace hwcert::reference

struct HWC_Device {
  uint32_t index = 0;
  std::atomic<int64_t> children{0};  // buffers, streams and events created on this handle
};

struct HWC_Buffer {
  HWC_Device* device = nullptr;
  std::shared_ptr<hwcert::reference::BufferStorage> storage;
};

struct HWC_Stream {
  HWC_Device* device = nullptr;
  std::unique_ptr<hwcert::reference::StreamWorker> worker;
};

struct HWC_Event {
  HWC_Device* device = nullptr;
  std::shared_ptr<hwcert::reference::EventState> state;
};

namespace hwcert::reference {

/// The plugin's state: host table, CPU facts, thread pool and the registries of live handles
/// (with their checked lookups, plugins/common).
class PluginState : public plugin_common::PluginHandles<> {
 public:
  explicit PluginState(const HWC_HostApi* host);
  ~PluginState();  // live handles first (streams drain on the pool), then the pool

  const HostCpu& cpu() const { return cpu_; }
  // The opset the plugin reports and runs (configured_opset).
  uint32_t opset() const { return opset_; }
  ThreadPool& pool() { return *pool_; }
  // Scratch memory the ops keep between launches.
  ScratchArena& scratch() { return scratch_; }
  void log(int32_t level, const std::string& message) const;

 private:
  const HWC_HostApi* host_;
  HostCpu cpu_;
  std::unique_ptr<ThreadPool> pool_;
  ScratchArena scratch_;
  uint32_t opset_;
};

/// The state the entry point created (entry.cpp); INVALID_ARGUMENT before it or after
/// plugin_shutdown.
PluginState& state();

// Threads of the pool (workers + caller): HWCERT_REFERENCE_THREADS when set to a positive
// number, else the number of logical CPUs.
unsigned configured_threads(unsigned logical_cpus);
// The opset the plugin reports and runs: HWCERT_REFERENCE_OPSET when set to 1..kPluginOpset
// (ops of later opsets are then unsupported, for testing how hosts treat an older plugin),
// else kPluginOpset.
uint32_t configured_opset();
// Free scratch memory kept between launches: 1 GiB, at most an eighth of the memory.
uint64_t retained_scratch_bytes(uint64_t memory_bytes);

}  // namespace hwcert::reference
