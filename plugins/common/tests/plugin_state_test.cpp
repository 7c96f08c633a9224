// The plugin state pieces every plugin shares: the per-type handle registries with their
// checked lookups, the one PluginInstance, and the checks of copies, fill and op_support.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "hwcert/plugin_common/buffer_checks.hpp"
#include "hwcert/plugin_common/op_support.hpp"
#include "hwcert/plugin_common/plugin_handles.hpp"
#include "hwcert/plugin_common/plugin_instance.hpp"
#include "hwcert/support/thrown_message.hpp"

// The opaque handle types, as a plugin defines them (this test binary is the "plugin").
struct HWC_Device {
  int id = 0;
};
struct HWC_Buffer {
  int id = 0;
};
struct HWC_Stream {
  std::vector<std::string>* destroyed = nullptr;
  ~HWC_Stream() {
    if (destroyed != nullptr) destroyed->push_back("stream");
  }
};
struct HWC_Event {
  int id = 0;
};

namespace hwcert::plugin_common {
namespace {

int32_t code_of(void (*body)()) {
  try {
    body();
  } catch (const Failure& failure) {
    return failure.code();
  }
  return HWC_STATUS_OK;
}

TEST(PluginHandles, LookupsNameTheTypeAForeignHandleReallyIs) {
  PluginHandles<> handles;
  HWC_Stream* stream = handles.streams.insert(std::make_unique<HWC_Stream>());
  HWC_Buffer* buffer = handles.buffers.insert(std::make_unique<HWC_Buffer>(HWC_Buffer{3}));
  EXPECT_EQ(handles.buffer(buffer).id, 3);
  const auto* stream_as_buffer = reinterpret_cast<const HWC_Buffer*>(stream);
  const std::string message =
      support::thrown_message<Failure>([&] { handles.buffer(stream_as_buffer); });
  EXPECT_NE(message.find("not a live HWC_Buffer handle"), std::string::npos) << message;
  EXPECT_NE(message.find("stream"), std::string::npos) << message;
  EXPECT_NE(support::thrown_message<Failure>([&] { handles.event(nullptr); }).find("NULL"),
            std::string::npos);
}

TEST(PluginHandles, TakeUnregistersOnceAndRefusesTheSecondTime) {
  PluginHandles<> handles;
  HWC_Event* event = handles.events.insert(std::make_unique<HWC_Event>(HWC_Event{9}));
  std::unique_ptr<HWC_Event> owned = handles.take_event(event);
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(owned->id, 9);
  EXPECT_FALSE(handles.events.contains(event));
  // A second destroy of the same pointer is refused without reading it.
  EXPECT_NE(support::thrown_message<Failure>([&] {
              handles.take_event(event);
            }).find("not a live HWC_Event"),
            std::string::npos);
}

TEST(PluginHandles, DescribesAndClearsWhatIsLeft) {
  std::vector<std::string> destroyed;
  PluginHandles<> handles;
  handles.buffers.insert(std::make_unique<HWC_Buffer>());
  handles.buffers.insert(std::make_unique<HWC_Buffer>());
  auto stream = std::make_unique<HWC_Stream>();
  stream->destroyed = &destroyed;
  handles.streams.insert(std::move(stream));
  EXPECT_EQ(handles.describe_live(), "2 buffers, 1 stream");
  handles.clear();
  EXPECT_EQ(handles.describe_live(), "");
  EXPECT_EQ(destroyed, std::vector<std::string>{"stream"});
}

struct CountedState {
  explicit CountedState(const HWC_HostApi* host) : host(host) { ++created; }
  ~CountedState() { ++destroyed; }
  const HWC_HostApi* host;
  static inline int created = 0;
  static inline int destroyed = 0;
};

TEST(PluginInstance, LivesFromCreateToDestroyAndRegistersItself) {
  PluginInstance<CountedState> instance("test");
  EXPECT_EQ(registered_lifetime(), &instance);
  EXPECT_NE(support::thrown_message<Failure>([&] {
              instance.get();
            }).find("the test plugin is not initialised"),
            std::string::npos);
  HWC_HostApi host{};
  instance.create(&host);
  instance.create(nullptr);  // a second entry-point call keeps the state
  EXPECT_EQ(CountedState::created, 1);
  EXPECT_EQ(instance.get().host, &host);
  instance.destroy();
  EXPECT_EQ(CountedState::destroyed, 1);
  EXPECT_NE(support::thrown_message<Failure>([&] { instance.destroy(); }).find("not initialised"),
            std::string::npos);
}

TEST(BufferChecks, RangesCannotOverflowAndFillPatternsAreChecked) {
  EXPECT_EQ(code_of([] { check_range(16, 8, 8, "dst"); }), HWC_STATUS_OK);
  EXPECT_EQ(code_of([] { check_range(16, 8, 9, "dst"); }), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code_of([] { check_range(16, 17, 0, "dst"); }), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code_of([] { check_range(16, 8, UINT64_MAX, "dst"); }), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code_of([] { check_no_overlap(0, 4, 4); }), HWC_STATUS_OK);
  EXPECT_EQ(code_of([] { check_no_overlap(0, 3, 4); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code_of([] { check_host_pointer(nullptr, 0, "src"); }), HWC_STATUS_OK);
  EXPECT_EQ(code_of([] { check_host_pointer(nullptr, 1, "src"); }), HWC_STATUS_INVALID_ARGUMENT);
  const uint16_t pattern = 0xBEEF;
  EXPECT_EQ(checked_fill_pattern(&pattern, 2, 8), 0xBEEFu);
  EXPECT_EQ(code_of([] { checked_fill_pattern(nullptr, 4, 8); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code_of([] {
              const uint32_t p = 1;
              checked_fill_pattern(&p, 3, 9);
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code_of([] {
              const uint32_t p = 1;
              checked_fill_pattern(&p, 4, 6);
            }),
            HWC_STATUS_INVALID_ARGUMENT);
}

TEST(BufferChecks, RequiredBytesReachTheLastAddressedElement) {
  HWC_TensorDesc view{};
  view.struct_size = sizeof(HWC_TensorDesc);
  view.dtype = HWC_DTYPE_F32;
  view.rank = 2;
  view.shape[0] = 3;
  view.shape[1] = 4;
  view.strides[0] = 10;
  view.strides[1] = 2;
  view.byte_offset = 8;
  EXPECT_EQ(required_bytes(view), 8u + (20 + 6 + 1) * 4);
  view.shape[1] = 0;
  EXPECT_EQ(required_bytes(view), 0u);
}

TEST(OpSupport, UnsupportedBecomesTheReasonAndOtherFailuresStayErrors) {
  int32_t support = -1;
  char reason[8];
  answer_op_support([] {}, &support, reason, sizeof reason);
  EXPECT_EQ(support, HWC_OP_SUPPORTED);
  EXPECT_STREQ(reason, "");
  answer_op_support([] { fail_unsupported("no f64 here"); }, &support, reason, sizeof reason);
  EXPECT_EQ(support, HWC_OP_UNSUPPORTED);
  EXPECT_STREQ(reason, "no f64 ");  // truncated to the capacity, NUL-terminated
  EXPECT_EQ(support::thrown_message<Failure>(
                [&] { answer_op_support([] { fail_invalid("rank -1"); }, &support, reason, 8); }),
            "rank -1");
  EXPECT_EQ(
      support::thrown_message<Failure>([&] { answer_op_support([] {}, &support, nullptr, 8); }),
      "reason is NULL");
}

}  // namespace
}  // namespace hwcert::plugin_common
