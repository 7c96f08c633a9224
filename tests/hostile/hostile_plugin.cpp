// Test-only plugin that misbehaves on purpose. It implements f32 `add` and `sub` (equal shapes,
// any strides and offsets) on host memory correctly; the environment variable HWCERT_HOSTILE_FAULT
// (read at the entry point) names one fault. Faults of ops fire only for the "trap" case,
// whose output holds exactly kTrapElements elements, so that the other cases of a run show
// that a fault costs only the case in flight. Never shipped.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/plugin_common/plugin_entry.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"
#include "hwcert/plugin_common/plugin_functions.hpp"

namespace {

constexpr int64_t kTrapElements = 37;

// The time-dependent faults (see Fault): trap launches are paced at one per kPacedLaunch (a
// deadline that advances by that much each launch, so the rate holds under a loaded host),
// which puts the fault kTimeFaultLaunches launches (about 1.3 s) into a run.
constexpr unsigned kTimeFaultLaunches = 1300;
constexpr std::chrono::microseconds kPacedLaunch{1000};
constexpr std::chrono::microseconds kCollapsedLaunch{20000};
constexpr size_t kSlowLeakBytes = size_t{64} << 10;
constexpr size_t kSlowLeakCap = size_t{512} << 20;

enum class Fault {
  kNone,
  kSegfaultLaunch,    // SIGSEGV in op_launch
  kAbortLaunch,       // abort() in op_launch
  kExitLaunch,        // exit(0) in op_launch
  kFpeLaunch,         // SIGFPE raised in op_launch
  kHangLaunch,        // endless loop in op_launch
  kHangSync,          // endless loop in stream_synchronize after the trap launch
  kThrowLaunch,       // a C++ exception leaves op_launch through the C boundary
  kSegfaultSupport,   // SIGSEGV in op_support
  kNullTable,         // the entry point stores NULL as the table
  kTableSizeZero,     // table struct_size 0
  kTableSizeHuge,     // table struct_size 1 GiB
  kEntryCrash,        // SIGSEGV in the entry point
  kUnknownStatus,     // op_launch fails with status code 12345
  kNullErrorMessage,  // op_launch fails and error_message returns NULL
  kWritePastEnd,      // writes 16 elements past the end of the output tensor
  kWriteNothing,      // reports success, writes nothing
  kModifyInput,       // writes into its const input
  kSpamOutput,        // writes MBs to stdout and stderr during every launch (results right)
  kNondeterministic,  // every second launch flips the lowest bit of one element
  kInfoUnterminated,  // plugin/device name strings without a NUL
  kInfoHugeSize,      // size_ret = 1 << 40 for string keys
  kManyDevices,       // device_count reports 2^31
  kNoDevices,         // device_count reports 0
  kLeak,              // leaks 16 MiB (touched) per launch of add, none in sub (results right)
  // Faults that show only over time (a stability run catches them). Every trap launch then
  // takes kPacedLaunch, so that launch counts map to about the same time in every build.
  kSlowLeak,            // leaks kSlowLeakBytes (touched) per trap launch, up to kSlowLeakCap
  kWrongAfterLaunches,  // trap results are off by one after kTimeFaultLaunches launches
  kSlowAfterLaunches,   // trap launches take kCollapsedLaunch after kTimeFaultLaunches
};

struct FaultName {
  const char* name;
  Fault fault;
};

constexpr FaultName kFaultNames[] = {
    {"segfault_launch", Fault::kSegfaultLaunch},
    {"abort_launch", Fault::kAbortLaunch},
    {"exit_launch", Fault::kExitLaunch},
    {"fpe_launch", Fault::kFpeLaunch},
    {"hang_launch", Fault::kHangLaunch},
    {"hang_sync", Fault::kHangSync},
    {"throw_launch", Fault::kThrowLaunch},
    {"segfault_support", Fault::kSegfaultSupport},
    {"null_table", Fault::kNullTable},
    {"table_size_zero", Fault::kTableSizeZero},
    {"table_size_huge", Fault::kTableSizeHuge},
    {"entry_crash", Fault::kEntryCrash},
    {"unknown_status", Fault::kUnknownStatus},
    {"null_error_message", Fault::kNullErrorMessage},
    {"write_past_end", Fault::kWritePastEnd},
    {"write_nothing", Fault::kWriteNothing},
    {"modify_input", Fault::kModifyInput},
    {"spam_output", Fault::kSpamOutput},
    {"nondeterministic", Fault::kNondeterministic},
    {"info_unterminated", Fault::kInfoUnterminated},
    {"info_huge_size", Fault::kInfoHugeSize},
    {"many_devices", Fault::kManyDevices},
    {"no_devices", Fault::kNoDevices},
    {"leak", Fault::kLeak},
    {"slow_leak", Fault::kSlowLeak},
    {"wrong_after_launches", Fault::kWrongAfterLaunches},
    {"slow_after_launches", Fault::kSlowAfterLaunches},
};

Fault fault_from_environment() {
  const char* text = std::getenv("HWCERT_HOSTILE_FAULT");
  if (text == nullptr) return Fault::kNone;
  for (const FaultName& entry : kFaultNames) {
    if (std::string_view(text) == entry.name) return entry.fault;
  }
  return Fault::kNone;
}

// Set once per load by the entry point; read by every function afterwards.
Fault g_fault = Fault::kNone;
bool g_trap_pending = false;  // the trap case was launched on a stream not yet synchronized
unsigned g_trap_launches = 0;
size_t g_slow_leak_bytes = 0;                         // what the slow_leak fault has kept so far
std::chrono::steady_clock::time_point g_next_launch;  // the paced launches' next deadline

[[noreturn]] void spin_forever() {
  volatile uint64_t counter = 0;
  for (;;) counter = counter + 1;
}

// A store to an unmapped page near address 0 (not a null pointer, which UBSan would report
// before the fault happens in sanitizer builds).
void crash_with_segfault() {
  // The address goes through a volatile so the optimizer cannot see (and warn about) it.
  volatile uintptr_t address = 64;
  volatile int* nowhere = reinterpret_cast<volatile int*>(address);
  *nowhere = 1;
  ::raise(SIGSEGV);  // should the store above have been survivable
}

}  // namespace

struct HWC_Device {
  uint32_t index;
};
struct HWC_Buffer {
  unsigned char* bytes;
  uint64_t size;
};
struct HWC_Stream {
  HWC_Device* device;
};
struct HWC_Event {
  int recorded;
};

namespace {

HWC_Error* make_error(int32_t code, const char* message) {
  return hwcert::plugin_common::make_error(code, message);
}

// error_message of the null_error_message fault.
const char* null_error_message(const HWC_Error*) {
  return nullptr;
}

// Two-call protocol for a byte value, bent by the info faults for strings.
HWC_Error* info_value(const void* data, size_t size, bool is_string, size_t value_size, void* value,
                      size_t* size_ret) {
  if (is_string && g_fault == Fault::kInfoUnterminated) size -= 1;  // drop the NUL
  if (is_string && g_fault == Fault::kInfoHugeSize) {
    if (size_ret != nullptr) *size_ret = size_t{1} << 40;
    if (value == nullptr) return nullptr;
    return make_error(HWC_STATUS_BUFFER_TOO_SMALL, "the value is 1 TiB");
  }
  if (size_ret != nullptr) *size_ret = size;
  if (value == nullptr) return nullptr;
  if (value_size < size) return make_error(HWC_STATUS_BUFFER_TOO_SMALL, "value buffer too small");
  std::memcpy(value, data, size);
  return nullptr;
}

HWC_Error* info_string(const char* text, size_t value_size, void* value, size_t* size_ret) {
  return info_value(text, std::strlen(text) + 1, true, value_size, value, size_ret);
}

}  // namespace

namespace hwcert::plugin_api {

HWC_Error* plugin_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  switch (key) {
    case HWC_PLUGIN_INFO_NAME:
      return info_string("hostile", value_size, value, size_ret);
    case HWC_PLUGIN_INFO_VENDOR:
      return info_string("hwcert tests", value_size, value, size_ret);
    case HWC_PLUGIN_INFO_VERSION:
      return info_string("0.0.1", value_size, value, size_ret);
    case HWC_PLUGIN_INFO_OPSET: {
      const uint32_t opset = 1;
      return info_value(&opset, sizeof(opset), false, value_size, value, size_ret);
    }
    default:
      if (size_ret != nullptr) *size_ret = 0;
      return make_error(HWC_STATUS_UNKNOWN_KEY, "unknown key");
  }
}

HWC_Error* device_count(uint32_t* count) {
  *count = g_fault == Fault::kManyDevices ? (uint32_t{1} << 31)
           : g_fault == Fault::kNoDevices ? 0
                                          : 1;
  return nullptr;
}

HWC_Error* device_open(uint32_t index, HWC_Device** device) {
  uint32_t count = 0;
  device_count(&count);
  if (index >= count) return make_error(HWC_STATUS_OUT_OF_RANGE, "no such device");
  *device = new (std::nothrow) HWC_Device{index};
  return *device == nullptr ? make_error(HWC_STATUS_OUT_OF_MEMORY, "no memory") : nullptr;
}

HWC_Error* device_close(HWC_Device* device) {
  delete device;
  return nullptr;
}

HWC_Error* device_get_info(HWC_Device* device, int32_t key, size_t value_size, void* value,
                           size_t* size_ret) {
  (void)device;
  switch (key) {
    case HWC_DEVICE_INFO_NAME:
      return info_string("hostile host-memory device", value_size, value, size_ret);
    case HWC_DEVICE_INFO_VENDOR:
      return info_string("hwcert tests", value_size, value, size_ret);
    case HWC_DEVICE_INFO_TYPE: {
      const uint32_t type = HWC_DEVICE_TYPE_CPU;
      return info_value(&type, sizeof(type), false, value_size, value, size_ret);
    }
    default:
      if (size_ret != nullptr) *size_ret = 0;
      return make_error(HWC_STATUS_UNKNOWN_KEY, "unknown key");
  }
}

HWC_Error* device_can_access_peer(HWC_Device*, HWC_Device*, int32_t* can_access) {
  *can_access = 0;
  return nullptr;
}

HWC_Error* buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  (void)device;
  if (size_bytes == 0) return make_error(HWC_STATUS_INVALID_ARGUMENT, "size 0");
  auto* bytes =
      static_cast<unsigned char*>(std::aligned_alloc(256, (size_bytes + 255) / 256 * 256));
  if (bytes == nullptr) return make_error(HWC_STATUS_OUT_OF_MEMORY, "no memory");
  *buffer = new (std::nothrow) HWC_Buffer{bytes, size_bytes};
  if (*buffer == nullptr) {
    std::free(bytes);
    return make_error(HWC_STATUS_OUT_OF_MEMORY, "no memory");
  }
  return nullptr;
}

HWC_Error* buffer_free(HWC_Buffer* buffer) {
  if (buffer != nullptr) std::free(buffer->bytes);
  delete buffer;
  return nullptr;
}

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  *stream = new (std::nothrow) HWC_Stream{device};
  return *stream == nullptr ? make_error(HWC_STATUS_OUT_OF_MEMORY, "no memory") : nullptr;
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  (void)stream;
  if (g_fault == Fault::kHangSync && g_trap_pending) spin_forever();
  g_trap_pending = false;
  return nullptr;
}

HWC_Error* stream_destroy(HWC_Stream* stream) {
  delete stream;
  return nullptr;
}

}  // namespace hwcert::plugin_api

namespace {

bool in_range(const HWC_Buffer* buffer, uint64_t offset, uint64_t size) {
  return buffer != nullptr && offset <= buffer->size && size <= buffer->size - offset;
}

}  // namespace

namespace hwcert::plugin_api {

HWC_Error* copy_h2d(HWC_Stream*, HWC_Buffer* dst, uint64_t dst_offset, const void* src,
                    uint64_t size) {
  if (!in_range(dst, dst_offset, size))
    return make_error(HWC_STATUS_OUT_OF_RANGE, "copy_h2d range");
  std::memcpy(dst->bytes + dst_offset, src, size);
  return nullptr;
}

HWC_Error* copy_d2h(HWC_Stream*, void* dst, HWC_Buffer* src, uint64_t src_offset, uint64_t size) {
  if (!in_range(src, src_offset, size))
    return make_error(HWC_STATUS_OUT_OF_RANGE, "copy_d2h range");
  std::memcpy(dst, src->bytes + src_offset, size);
  return nullptr;
}

HWC_Error* copy_d2d(HWC_Stream*, HWC_Buffer* dst, uint64_t dst_offset, HWC_Buffer* src,
                    uint64_t src_offset, uint64_t size) {
  if (!in_range(dst, dst_offset, size) || !in_range(src, src_offset, size)) {
    return make_error(HWC_STATUS_OUT_OF_RANGE, "copy_d2d range");
  }
  std::memmove(dst->bytes + dst_offset, src->bytes + src_offset, size);
  return nullptr;
}

HWC_Error* fill(HWC_Stream*, HWC_Buffer* dst, uint64_t offset, uint64_t size, const void* pattern,
                uint32_t pattern_size) {
  if (pattern_size == 0 || pattern_size > 8 || size % pattern_size != 0) {
    return make_error(HWC_STATUS_INVALID_ARGUMENT, "fill pattern");
  }
  if (!in_range(dst, offset, size)) return make_error(HWC_STATUS_OUT_OF_RANGE, "fill range");
  for (uint64_t i = 0; i < size; i += pattern_size)
    std::memcpy(dst->bytes + offset + i, pattern, pattern_size);
  return nullptr;
}

HWC_Error* event_create(HWC_Device*, HWC_Event** event) {
  *event = new (std::nothrow) HWC_Event{0};
  return *event == nullptr ? make_error(HWC_STATUS_OUT_OF_MEMORY, "no memory") : nullptr;
}
HWC_Error* event_destroy(HWC_Event* event) {
  delete event;
  return nullptr;
}
HWC_Error* event_record(HWC_Event* event, HWC_Stream*) {
  event->recorded = 1;
  return nullptr;
}
HWC_Error* event_synchronize(HWC_Event*) {
  return nullptr;
}
HWC_Error* event_elapsed_ns(HWC_Event* start, HWC_Event* end, uint64_t* elapsed_ns) {
  if (start->recorded == 0 || end->recorded == 0) {
    return make_error(HWC_STATUS_INVALID_ARGUMENT, "event not recorded");
  }
  *elapsed_ns = 0;
  return nullptr;
}

}  // namespace hwcert::plugin_api

namespace {

bool is_add(const HWC_OpDesc* op) {
  return std::strcmp(op->op_name, "add") == 0;
}

bool is_dense_f32_binary(const HWC_OpDesc* op, const char** reason) {
  if (op == nullptr || op->op_name == nullptr ||
      (!is_add(op) && std::strcmp(op->op_name, "sub") != 0)) {
    *reason = "only add and sub are implemented";
    return false;
  }
  if (op->num_inputs != 2 || op->num_outputs != 1) {
    *reason = "add and sub take two inputs and one output";
    return false;
  }
  const HWC_TensorDesc* out = op->outputs[0];
  for (uint32_t t = 0; t < 3; ++t) {
    const HWC_TensorDesc* desc = t < 2 ? op->inputs[t] : out;
    if (desc->dtype != HWC_DTYPE_F32) {
      *reason = "only f32";
      return false;
    }
    if (desc->rank != out->rank) {
      *reason = "only equal shapes (no broadcasting)";
      return false;
    }
    for (uint32_t d = 0; d < desc->rank; ++d) {
      if (desc->shape[d] != out->shape[d]) {
        *reason = "only equal shapes (no broadcasting)";
        return false;
      }
    }
  }
  return true;
}

}  // namespace

namespace hwcert::plugin_api {

HWC_Error* op_support(HWC_Device*, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity) {
  if (g_fault == Fault::kSegfaultSupport && op->num_outputs == 1 && op->outputs[0]->rank == 1 &&
      op->outputs[0]->shape[0] == kTrapElements) {
    crash_with_segfault();
  }
  const char* why = "";
  *support = is_dense_f32_binary(op, &why) ? HWC_OP_SUPPORTED : HWC_OP_UNSUPPORTED;
  if (*support == HWC_OP_UNSUPPORTED && reason != nullptr && reason_capacity > 0) {
    std::snprintf(reason, reason_capacity, "%s", why);
  }
  return nullptr;
}

HWC_Error* op_workspace_size(HWC_Device*, const HWC_OpDesc*, uint64_t* workspace_bytes) {
  *workspace_bytes = 0;
  return nullptr;
}

}  // namespace hwcert::plugin_api

namespace {

int64_t element_count(const HWC_TensorDesc* desc) {
  int64_t count = 1;
  for (uint32_t d = 0; d < desc->rank; ++d) count *= desc->shape[d];
  return count;
}

// Byte position of flat (row-major) element `flat` of `desc`.
uint64_t byte_position(const HWC_TensorDesc* desc, int64_t flat) {
  uint64_t elements = 0;
  for (uint32_t d = desc->rank; d-- > 0;) {
    const int64_t index = flat % desc->shape[d];
    flat /= desc->shape[d];
    elements += static_cast<uint64_t>(index * desc->strides[d]);
  }
  return desc->byte_offset + elements * sizeof(float);
}

float load(const HWC_Buffer* buffer, uint64_t position) {
  float value = 0;
  std::memcpy(&value, buffer->bytes + position, sizeof(value));
  return value;
}

void store(HWC_Buffer* buffer, uint64_t position, float value) {
  std::memcpy(buffer->bytes + position, &value, sizeof(value));
}

void spam_standard_streams() {
  static char line[1024];
  std::memset(line, 'x', sizeof(line) - 1);
  line[sizeof(line) - 2] = '\n';
  for (int i = 0; i < 4096; ++i) {  // 4 MiB to each stream
    std::fputs(line, stdout);
    std::fputs(line, stderr);
  }
  std::fflush(stdout);
}

// The blocks the leak fault keeps, chained through their first bytes. Reachable from here, so
// the optimizer cannot drop the allocation and LeakSanitizer does not report it at exit; never
// freed, so resident memory grows with every launch.
void* volatile g_kept_blocks = nullptr;

void leak_memory(size_t bytes) {
  void* block = std::malloc(bytes);
  if (block == nullptr) return;
  std::memset(block, 0xAB, bytes);  // touched: resident, not just reserved
  void* previous = g_kept_blocks;
  std::memcpy(block, &previous, sizeof(previous));
  g_kept_blocks = block;
}

// The time-dependent faults' part of a trap launch: the pacing, the leak and the collapse.
void pace_time_fault() {
  const auto now = std::chrono::steady_clock::now();
  if (g_next_launch < now - kPacedLaunch) g_next_launch = now;  // first launch, or a stall
  switch (g_fault) {
    case Fault::kSlowLeak:
      if (g_slow_leak_bytes < kSlowLeakCap) {
        leak_memory(kSlowLeakBytes);
        g_slow_leak_bytes += kSlowLeakBytes;
      }
      break;
    case Fault::kSlowAfterLaunches:
      if (g_trap_launches > kTimeFaultLaunches) {
        std::this_thread::sleep_for(kCollapsedLaunch);
        return;
      }
      break;
    case Fault::kWrongAfterLaunches:
      break;
    default:
      return;
  }
  g_next_launch += kPacedLaunch;
  std::this_thread::sleep_until(g_next_launch);
}

}  // namespace

namespace hwcert::plugin_api {

HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t workspace_size) {
  (void)stream;
  (void)workspace;
  (void)workspace_size;
  const char* why = "";
  if (!is_dense_f32_binary(op, &why)) return make_error(HWC_STATUS_UNSUPPORTED, why);
  if (num_inputs != 2 || num_outputs != 1)
    return make_error(HWC_STATUS_INVALID_ARGUMENT, "buffers");
  const HWC_TensorDesc* out = op->outputs[0];
  const int64_t count = element_count(out);
  const bool trap = count == kTrapElements;
  const bool add = is_add(op);
  if (trap) ++g_trap_launches;

  if (g_fault == Fault::kSpamOutput) spam_standard_streams();
  if (g_fault == Fault::kLeak && is_add(op)) leak_memory(size_t{16} << 20);
  if (trap) pace_time_fault();
  if (trap) {
    switch (g_fault) {
      case Fault::kSegfaultLaunch:
        crash_with_segfault();
        break;
      case Fault::kAbortLaunch:
        std::abort();
      case Fault::kExitLaunch:
        std::exit(0);
      case Fault::kFpeLaunch:
        ::raise(SIGFPE);
        break;
      case Fault::kHangLaunch:
        spin_forever();
      case Fault::kThrowLaunch:
        throw std::runtime_error("hostile plugin: exception thrown through the C ABI");
      case Fault::kUnknownStatus:
        return make_error(12345, "hostile plugin: status code 12345");
      case Fault::kNullErrorMessage:
        return make_error(HWC_STATUS_INTERNAL, "never seen: error_message returns NULL");
      case Fault::kWriteNothing:
        return nullptr;
      default:
        break;
    }
  }

  for (int64_t e = 0; e < count; ++e) {
    const float a = load(inputs[0], byte_position(op->inputs[0], e));
    const float b = load(inputs[1], byte_position(op->inputs[1], e));
    store(outputs[0], byte_position(out, e), add ? a + b : a - b);
  }

  if (trap) {
    switch (g_fault) {
      case Fault::kHangSync:
        g_trap_pending = true;
        break;
      case Fault::kWritePastEnd: {
        // Dense output assumed: the 16 elements after the last one, inside the buffer.
        const uint64_t end = byte_position(out, count - 1) + sizeof(float);
        for (uint64_t i = 0; i < 16 && end + (i + 1) * sizeof(float) <= outputs[0]->size; ++i) {
          store(outputs[0], end + i * sizeof(float), 1.0f);
        }
        break;
      }
      case Fault::kModifyInput:
        store(inputs[0], byte_position(op->inputs[0], 0), 12345.0f);
        break;
      case Fault::kWrongAfterLaunches:
        if (g_trap_launches > kTimeFaultLaunches) {
          store(outputs[0], byte_position(out, 0), load(outputs[0], byte_position(out, 0)) + 1);
        }
        break;
      case Fault::kNondeterministic:
        if (g_trap_launches % 2 == 0) {
          uint32_t bits = 0;
          const uint64_t position = byte_position(out, count / 2);
          std::memcpy(&bits, outputs[0]->bytes + position, sizeof(bits));
          bits ^= 1u;
          std::memcpy(outputs[0]->bytes + position, &bits, sizeof(bits));
        }
        break;
      default:
        break;
    }
  }
  return nullptr;
}

}  // namespace hwcert::plugin_api

namespace {

HWC_PluginApi g_table;  // static storage, as the ABI requires

}  // namespace

// This test plugin writes its own entry point, from the shared table and negotiation
// (plugins/common): its faults include a crashing entry point and a NULL or mis-sized
// table, which the shared entry point never produces.
extern "C" HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host,
                                                    const HWC_PluginApi** api) {
  g_fault = fault_from_environment();
  g_trap_pending = false;
  g_trap_launches = 0;
  g_slow_leak_bytes = 0;
  if (g_fault == Fault::kEntryCrash) crash_with_segfault();
  g_table = hwcert::plugin_common::plugin_table();
  if (g_fault == Fault::kNullErrorMessage) g_table.error_message = null_error_message;
  if (g_fault == Fault::kTableSizeZero) g_table.struct_size = 0;
  if (g_fault == Fault::kTableSizeHuge) g_table.struct_size = uint32_t{1} << 30;
  return hwcert::plugin_common::enter_plugin(host, api,
                                             g_fault == Fault::kNullTable ? nullptr : &g_table);
}
