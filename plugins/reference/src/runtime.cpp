#include "runtime.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace hwcert::reference {

BufferStorage::BufferStorage(uint64_t size) : data_(nullptr), size_(size) {
  const uint64_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
  void* memory = std::aligned_alloc(kAlignment, static_cast<std::size_t>(rounded));
  if (memory == nullptr) throw std::bad_alloc();
  data_ = static_cast<std::byte*>(memory);
}

BufferStorage::~BufferStorage() {
  std::free(data_);
}

unsigned configured_threads(unsigned logical_cpus) {
  if (const char* text = std::getenv("HWCERT_REFERENCE_THREADS")) {
    const long value = std::strtol(text, nullptr, 10);
    if (value > 0 && value <= 4096) return static_cast<unsigned>(value);
  }
  return logical_cpus == 0 ? 1 : logical_cpus;
}

uint32_t configured_opset() {
  if (const char* text = std::getenv("HWCERT_REFERENCE_OPSET")) {
    const long value = std::strtol(text, nullptr, 10);
    if (value >= 1 && value <= kPluginOpset) return static_cast<uint32_t>(value);
  }
  return kPluginOpset;
}

uint64_t retained_scratch_bytes(uint64_t memory_bytes) {
  constexpr uint64_t kMost = uint64_t{1} << 30;
  return memory_bytes == 0 ? kMost : std::min(kMost, memory_bytes / 8);
}

PluginState::PluginState(const HWC_HostApi* host)
    : host_(host),
      cpu_(read_host_cpu()),
      pool_(std::make_unique<ThreadPool>(configured_threads(cpu_.logical_cpus) - 1)),
      scratch_(retained_scratch_bytes(cpu_.memory_bytes)),
      opset_(configured_opset()) {
  log(HWC_LOG_INFO, "reference plugin " + std::string(kPluginVersion) + " on " + cpu_.model_name +
                        ": " + std::to_string(pool_->concurrency()) + " threads, " +
                        cpu_.isa_level + " kernels");
}

PluginState::~PluginState() {
  const std::string live = describe_live();
  if (!live.empty())
    log(HWC_LOG_WARNING,
        "reference plugin shut down with live handles (" + live + "); releasing them");
  clear();
}

void PluginState::log(int32_t level, const std::string& message) const {
  if (host_ != nullptr && HWC_HAS_FIELD(host_, HWC_HostApi, log_user_data) &&
      host_->log != nullptr) {
    host_->log(host_->log_user_data, level, message.c_str());
  }
}

}  // namespace hwcert::reference
