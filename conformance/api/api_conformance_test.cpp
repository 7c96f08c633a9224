// The ABI contract, checked through the raw function table (Plugin::api()) so that nothing in
// the host's C++ wrappers hides a plugin's behaviour.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <numeric>
#include <variant>
#include <vector>

#include "api_conformance.hpp"
#include "hwcert/loader/plugin.hpp"

namespace hwcert::api_conformance {
namespace {

class ApiConformance : public testing::TestWithParam<Target> {
 protected:
  void SetUp() override {
    auto loaded = load_plugin(GetParam().library);
    ASSERT_TRUE(std::holds_alternative<PluginPtr>(loaded)) << std::get<LoadError>(loaded).message;
    plugin_ = std::get<PluginPtr>(loaded);
    api_ = &plugin_->api();
    ASSERT_EQ(code(api_->device_open(GetParam().device, &device_)), HWC_STATUS_OK);
    ASSERT_EQ(code(api_->stream_create(device_, &stream_)), HWC_STATUS_OK);
  }
  void TearDown() override {
    if (api_ == nullptr) return;
    if (stream_) code(api_->stream_destroy(stream_));
    if (device_) code(api_->device_close(device_));
  }

  // Status code of an error (OK for NULL); the error is released.
  int32_t code(HWC_Error* error) const {
    if (error == nullptr) return HWC_STATUS_OK;
    const int32_t value = api_->error_code(error);
    const char* message = api_->error_message(error);
    EXPECT_NE(message, nullptr) << "error_message must never return NULL";
    api_->error_destroy(error);
    return value;
  }

  HWC_Buffer* alloc(uint64_t size) {
    HWC_Buffer* buffer = nullptr;
    EXPECT_EQ(code(api_->buffer_alloc(device_, size, &buffer)), HWC_STATUS_OK);
    return buffer;
  }

  PluginPtr plugin_;
  const HWC_PluginApi* api_ = nullptr;
  HWC_Device* device_ = nullptr;
  HWC_Stream* stream_ = nullptr;
};

TEST_P(ApiConformance, NullPointersGiveInvalidArgument) {
  HWC_Buffer* buffer = nullptr;
  HWC_Stream* stream = nullptr;
  HWC_Event* event = nullptr;
  EXPECT_EQ(code(api_->device_count(nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->device_open(GetParam().device, nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->buffer_alloc(nullptr, 64, &buffer)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->buffer_alloc(device_, 64, nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->buffer_free(nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->stream_create(nullptr, &stream)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->stream_synchronize(nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->event_create(nullptr, &event)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->device_get_info(nullptr, HWC_DEVICE_INFO_NAME, 0, nullptr, nullptr)),
            HWC_STATUS_INVALID_ARGUMENT);
  int32_t support = -1;
  EXPECT_EQ(code(api_->op_support(device_, nullptr, &support, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  HWC_Buffer* real = alloc(64);
  ASSERT_NE(real, nullptr);
  EXPECT_EQ(code(api_->copy_h2d(stream_, real, 0, nullptr, 16)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->copy_d2h(stream_, nullptr, real, 0, 16)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->copy_h2d(nullptr, real, 0, "0123456789abcdef", 16)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->stream_synchronize(stream_)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->buffer_free(real)), HWC_STATUS_OK);
}

TEST_P(ApiConformance, BogusHandlesGiveInvalidArgument) {
  // Zeroed memory that was never a handle of this plugin.
  alignas(64) std::array<unsigned char, 4096> junk{};
  auto* fake_buffer = reinterpret_cast<HWC_Buffer*>(junk.data());
  auto* fake_stream = reinterpret_cast<HWC_Stream*>(junk.data());
  auto* fake_event = reinterpret_cast<HWC_Event*>(junk.data());
  auto* fake_device = reinterpret_cast<HWC_Device*>(junk.data());
  char host[16] = {};
  EXPECT_EQ(code(api_->buffer_free(fake_buffer)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->stream_synchronize(fake_stream)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->event_synchronize(fake_event)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->copy_d2h(stream_, host, fake_buffer, 0, sizeof host)),
            HWC_STATUS_INVALID_ARGUMENT);
  HWC_Buffer* buffer = nullptr;
  EXPECT_EQ(code(api_->buffer_alloc(fake_device, 64, &buffer)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->stream_synchronize(stream_)), HWC_STATUS_OK);
}

TEST_P(ApiConformance, OversizedAllocationIsOutOfMemory) {
  HWC_Buffer* buffer = nullptr;
  EXPECT_EQ(code(api_->buffer_alloc(device_, uint64_t{1} << 62, &buffer)),
            HWC_STATUS_OUT_OF_MEMORY);
  EXPECT_EQ(code(api_->buffer_alloc(device_, 0, &buffer)), HWC_STATUS_INVALID_ARGUMENT);
}

TEST_P(ApiConformance, DoubleFreeIsRejectedOrHarmless) {
  HWC_Buffer* buffer = alloc(1024);
  ASSERT_NE(buffer, nullptr);
  EXPECT_EQ(code(api_->buffer_free(buffer)), HWC_STATUS_OK);
  const int32_t second = code(api_->buffer_free(buffer));
  EXPECT_TRUE(second == HWC_STATUS_OK || second == HWC_STATUS_INVALID_ARGUMENT) << second;
  // The plugin still works afterwards.
  HWC_Buffer* again = alloc(1024);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(code(api_->buffer_free(again)), HWC_STATUS_OK);
}

TEST_P(ApiConformance, GetInfoTwoCallProtocol) {
  size_t size = 0;
  ASSERT_EQ(code(api_->device_get_info(device_, HWC_DEVICE_INFO_NAME, 0, nullptr, &size)),
            HWC_STATUS_OK);
  ASSERT_GT(size, 1u) << "a device name is mandatory";
  std::vector<char> small(size - 1, 'x');
  size_t reported = 0;
  EXPECT_EQ(code(api_->device_get_info(device_, HWC_DEVICE_INFO_NAME, small.size(), small.data(),
                                       &reported)),
            HWC_STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(reported, size);
  std::vector<char> name(size, 'x');
  EXPECT_EQ(code(api_->device_get_info(device_, HWC_DEVICE_INFO_NAME, name.size(), name.data(),
                                       &reported)),
            HWC_STATUS_OK);
  EXPECT_EQ(name.back(), '\0') << "strings include their NUL";
  reported = 77;
  EXPECT_EQ(code(api_->device_get_info(device_, 0x7FFF0000, 0, nullptr, &reported)),
            HWC_STATUS_UNKNOWN_KEY);
  EXPECT_EQ(reported, 0u);

  ASSERT_EQ(code(api_->plugin_get_info(HWC_PLUGIN_INFO_NAME, 0, nullptr, &size)), HWC_STATUS_OK);
  ASSERT_GT(size, 1u);
  char one = 0;
  EXPECT_EQ(code(api_->plugin_get_info(HWC_PLUGIN_INFO_NAME, 1, &one, &reported)),
            HWC_STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(reported, size);
  reported = 77;
  EXPECT_EQ(code(api_->plugin_get_info(0x7FFF0000, 0, nullptr, &reported)), HWC_STATUS_UNKNOWN_KEY);
  EXPECT_EQ(reported, 0u);
}

TEST_P(ApiConformance, EventsMeasureTimeInOrder) {
  HWC_Event* start = nullptr;
  HWC_Event* end = nullptr;
  ASSERT_EQ(code(api_->event_create(device_, &start)), HWC_STATUS_OK);
  ASSERT_EQ(code(api_->event_create(device_, &end)), HWC_STATUS_OK);
  uint64_t elapsed = 0;
  EXPECT_EQ(code(api_->event_elapsed_ns(start, end, &elapsed)), HWC_STATUS_INVALID_ARGUMENT)
      << "events never recorded";
  HWC_Buffer* buffer = alloc(1 << 20);
  ASSERT_NE(buffer, nullptr);
  std::vector<unsigned char> host(1 << 20, 0xAB);
  EXPECT_EQ(code(api_->event_record(start, stream_)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->copy_h2d(stream_, buffer, 0, host.data(), host.size())), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->event_record(end, stream_)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->event_synchronize(end)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->event_elapsed_ns(start, end, &elapsed)), HWC_STATUS_OK);
  EXPECT_LT(elapsed, uint64_t{1} << 50) << "elapsed time is not a plausible non-negative duration";
  EXPECT_EQ(code(api_->stream_synchronize(stream_)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->buffer_free(buffer)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->event_destroy(start)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->event_destroy(end)), HWC_STATUS_OK);
}

TEST_P(ApiConformance, StreamKeepsOrder) {
  constexpr uint64_t kSize = 4 << 20;
  HWC_Buffer* a = alloc(kSize);
  HWC_Buffer* b = alloc(kSize);
  HWC_Buffer* c = alloc(kSize);
  ASSERT_TRUE(a && b && c);
  std::vector<uint32_t> source(kSize / 4);
  std::iota(source.begin(), source.end(), 12345u);
  std::vector<uint32_t> result(kSize / 4, 0);
  const uint32_t zero = 0;
  EXPECT_EQ(code(api_->fill(stream_, c, 0, kSize, &zero, 4)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->copy_h2d(stream_, a, 0, source.data(), kSize)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->copy_d2d(stream_, b, 0, a, 0, kSize)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->copy_d2d(stream_, c, 0, b, 0, kSize)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->copy_d2h(stream_, result.data(), c, 0, kSize)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->stream_synchronize(stream_)), HWC_STATUS_OK);
  EXPECT_TRUE(result == source) << "C does not hold A's data after A->B->C on one stream";
  for (HWC_Buffer* buffer : {a, b, c}) EXPECT_EQ(code(api_->buffer_free(buffer)), HWC_STATUS_OK);
}

TEST_P(ApiConformance, CopiesOutOfRangeAreRejected) {
  HWC_Buffer* buffer = alloc(256);
  HWC_Buffer* other = alloc(256);
  ASSERT_TRUE(buffer && other);
  std::array<unsigned char, 64> host{};
  EXPECT_EQ(code(api_->copy_h2d(stream_, buffer, 224, host.data(), 64)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code(api_->copy_d2h(stream_, host.data(), buffer, 250, 8)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code(api_->copy_d2d(stream_, other, 0, buffer, 200, 64)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code(api_->copy_h2d(stream_, buffer, UINT64_MAX - 8, host.data(), 16)),
            HWC_STATUS_OUT_OF_RANGE);
  const uint32_t pattern = 7;
  EXPECT_EQ(code(api_->fill(stream_, buffer, 128, 256, &pattern, 4)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code(api_->stream_synchronize(stream_)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->buffer_free(buffer)), HWC_STATUS_OK);
  EXPECT_EQ(code(api_->buffer_free(other)), HWC_STATUS_OK);
}

TEST_P(ApiConformance, MadeUpOpIsUnsupported) {
  HWC_TensorDesc x{};
  x.struct_size = sizeof x;
  x.dtype = HWC_DTYPE_F32;
  x.rank = 1;
  x.shape[0] = 4;
  x.strides[0] = 1;
  HWC_TensorDesc y = x;
  const HWC_TensorDesc* inputs[] = {&x};
  const HWC_TensorDesc* outputs[] = {&y};
  HWC_OpDesc op{};
  op.struct_size = sizeof op;
  op.op_name = "hwcert_made_up_op_that_no_catalogue_has";
  op.opset = 1;
  op.num_inputs = 1;
  op.inputs = inputs;
  op.num_outputs = 1;
  op.outputs = outputs;
  int32_t support = -1;
  char reason[256] = {};
  EXPECT_EQ(code(api_->op_support(device_, &op, &support, reason, sizeof reason)), HWC_STATUS_OK);
  EXPECT_EQ(support, HWC_OP_UNSUPPORTED);
  EXPECT_GT(std::strlen(reason), 0u) << "an unsupported op needs a reason";
}

std::string target_name(const testing::TestParamInfo<Target>& info) {
  return info.param.label;
}

INSTANTIATE_TEST_SUITE_P(Plugins, ApiConformance, testing::ValuesIn(targets()), target_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ApiConformance);

}  // namespace
}  // namespace hwcert::api_conformance
