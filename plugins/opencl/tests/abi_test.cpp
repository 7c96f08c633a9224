// The ABI surface: entry point, info queries, buffers, streams, events and error paths.
#include <cstdint>
#include <numeric>
#include <thread>
#include <vector>

#include <hwcert/plugin_testing/table_checks.hpp>

#include "plugin_fixture.hpp"

namespace hwcert::opencl::testing {
namespace {

using OpenClAbiTest = PluginTest;

TEST_F(OpenClAbiTest, DeviceInfoDescribesTheOpenClDevice) {
  size_t size = 0;
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_NAME, 0, nullptr, &size));
  std::vector<char> name(size);
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_NAME, size, name.data(), nullptr));
  EXPECT_GT(std::string(name.data()).size(), 0u);
  uint64_t memory = 0;
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_MEMORY_BYTES, sizeof(memory), &memory,
                           nullptr));
  EXPECT_GT(memory, 0u);
  uint32_t units = 0, type = 0;
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_COMPUTE_UNITS, sizeof(units), &units, nullptr));
  EXPECT_GT(units, 0u);
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_TYPE, sizeof(type), &type, nullptr));
  EXPECT_TRUE(type == HWC_DEVICE_TYPE_CPU || type == HWC_DEVICE_TYPE_GPU ||
              type == HWC_DEVICE_TYPE_OTHER);
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_SUPPORTED_DTYPES, 0, nullptr, &size));
  std::vector<int32_t> dtypes(size / sizeof(int32_t));
  ok(api_->device_get_info(device_, HWC_DEVICE_INFO_SUPPORTED_DTYPES, size, dtypes.data(),
                           nullptr));
  EXPECT_NE(std::find(dtypes.begin(), dtypes.end(), HWC_DTYPE_F32), dtypes.end());
  EXPECT_EQ(status(api_->device_get_info(device_, HWC_DEVICE_INFO_POWER_WATTS, 0, nullptr, &size)),
            HWC_STATUS_UNKNOWN_KEY);
}

TEST_F(OpenClAbiTest, CopiesRoundTripThroughDeviceMemory) {
  std::vector<uint32_t> data(1000);
  std::iota(data.begin(), data.end(), 7u);
  HWC_Buffer* a = upload(data);
  HWC_Buffer* b = alloc(data.size() * 4);
  ok(api_->copy_d2d(stream_, b, 0, a, 0, data.size() * 4));
  EXPECT_EQ(download<uint32_t>(b, data.size()), data);
  // Offsets move whole byte ranges.
  ok(api_->copy_d2d(stream_, b, 4, a, 0, 8));
  auto moved = download<uint32_t>(b, 4);
  EXPECT_EQ(moved, (std::vector<uint32_t>{7, 7, 8, 10}));
}

TEST_F(OpenClAbiTest, FillRepeatsThePatternIncludingAtUnalignedOffsets) {
  HWC_Buffer* b = upload(std::vector<uint8_t>(16, 0));
  const uint16_t pattern = 0xBEEF;
  ok(api_->fill(stream_, b, 0, 8, &pattern, 2));
  ok(api_->fill(stream_, b, 9, 4, &pattern, 2));
  auto bytes = download<uint8_t>(b, 16);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0xEF, 0xBE, 0xEF, 0xBE, 0xEF, 0xBE, 0xEF, 0xBE, 0, 0xEF,
                                         0xBE, 0xEF, 0xBE, 0, 0, 0}));
  EXPECT_EQ(status(api_->fill(stream_, b, 0, 3, &pattern, 2)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->fill(stream_, b, 0, 8, &pattern, 3)), HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpenClAbiTest, EventsMeasureDeviceTime) {
  HWC_Event* start = nullptr;
  HWC_Event* end = nullptr;
  ok(api_->event_create(device_, &start));
  ok(api_->event_create(device_, &end));
  uint64_t ns = 0;
  EXPECT_EQ(status(api_->event_elapsed_ns(start, end, &ns)), HWC_STATUS_INVALID_ARGUMENT)
      << "never recorded";
  ok(api_->event_synchronize(start));  // not recorded: nothing to wait for
  HWC_Buffer* b = alloc(1 << 20);
  const uint32_t zero = 0;
  ok(api_->event_record(start, stream_));
  ok(api_->fill(stream_, b, 0, 1 << 20, &zero, 4));
  ok(api_->event_record(end, stream_));
  ok(api_->event_synchronize(end));
  ok(api_->event_elapsed_ns(start, end, &ns));
  EXPECT_EQ(status(api_->event_elapsed_ns(end, start, &ns)) == HWC_STATUS_OK, ns == 0)
      << "reversed order is an error unless both stamps are equal";
  ok(api_->event_destroy(start));
  ok(api_->event_destroy(end));
}

TEST_F(OpenClAbiTest, InvalidHandlesAndNullPointersAreInvalidArguments) {
  HWC_Buffer* b = alloc(64);
  int bogus = 0;
  auto* fake_buffer = reinterpret_cast<HWC_Buffer*>(&bogus);
  auto* fake_stream = reinterpret_cast<HWC_Stream*>(&bogus);
  uint8_t host[64] = {};
  EXPECT_EQ(status(api_->copy_h2d(stream_, fake_buffer, 0, host, 4)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->copy_h2d(fake_stream, b, 0, host, 4)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->copy_h2d(stream_, nullptr, 0, host, 4)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->copy_h2d(stream_, b, 0, nullptr, 4)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->buffer_free(fake_buffer)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->stream_synchronize(nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status(api_->device_close(nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  HWC_Device* d = nullptr;
  EXPECT_EQ(status(api_->device_open(1000, &d)), HWC_STATUS_OUT_OF_RANGE);
  HWC_Buffer* zero = nullptr;
  EXPECT_EQ(status(api_->buffer_alloc(device_, 0, &zero)), HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpenClAbiTest, CopiesOutsideTheBufferAreOutOfRange) {
  HWC_Buffer* b = alloc(64);
  HWC_Buffer* c = alloc(64);
  uint8_t host[128] = {};
  EXPECT_EQ(status(api_->copy_h2d(stream_, b, 60, host, 8)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(status(api_->copy_d2h(stream_, host, b, 0, 65)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(status(api_->copy_d2d(stream_, c, 0, b, UINT64_MAX, 2)), HWC_STATUS_OUT_OF_RANGE);
  const uint8_t pattern = 1;
  EXPECT_EQ(status(api_->fill(stream_, b, 64, 1, &pattern, 1)), HWC_STATUS_OUT_OF_RANGE);
}

TEST_F(OpenClAbiTest, OversizedAllocationIsOutOfMemory) {
  HWC_Buffer* b = nullptr;
  HWC_Error* e = api_->buffer_alloc(device_, uint64_t{1} << 62, &b);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(api_->error_code(e), HWC_STATUS_OUT_OF_MEMORY);
  EXPECT_NE(std::string(api_->error_message(e)).find("CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
            std::string::npos);
  api_->error_destroy(e);
}

TEST_F(OpenClAbiTest, TwoHandlesOfOneDeviceShareBuffers) {
  HWC_Device* second = nullptr;
  ok(api_->device_open(0, &second));
  HWC_Stream* other = nullptr;
  ok(api_->stream_create(second, &other));
  int32_t peer = 0;
  ok(api_->device_can_access_peer(device_, second, &peer));
  EXPECT_EQ(peer, 1);
  HWC_Buffer* b = upload(std::vector<int32_t>{1, 2, 3, 4});
  ok(api_->stream_synchronize(stream_));
  std::vector<int32_t> out(4);
  ok(api_->copy_d2h(other, out.data(), b, 0, 16));
  ok(api_->stream_synchronize(other));
  EXPECT_EQ(out, (std::vector<int32_t>{1, 2, 3, 4}));
  ok(api_->stream_destroy(other));
  ok(api_->device_close(second));
}

TEST(OpenClEntryTest, RefusesAnotherMajorVersionButStillReturnsTheTable) {
  HWC_HostApi host{};
  host.struct_size = sizeof(host);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR + 1;
  const HWC_PluginApi* api = nullptr;
  HWC_Error* e = hwc_get_plugin_api(&host, &api);
  ASSERT_NE(api, nullptr);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(api->error_code(e), HWC_STATUS_UNSUPPORTED);
  api->error_destroy(e);
}

}  // namespace
}  // namespace hwcert::opencl::testing

namespace hwcert::opencl::testing {
namespace {

using OpenClThreadsTest = PluginTest;

TEST_F(OpenClThreadsTest, StreamsOnSeveralThreadsRunOpsConcurrently) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 10;
  std::vector<HWC_Stream*> streams(kThreads);
  std::vector<HWC_Buffer*> inputs(kThreads), outputs(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    ok(api_->stream_create(device_, &streams[t]));
    inputs[t] = upload(std::vector<float>(1000, float(t)));
    outputs[t] = alloc(1000 * 4);
  }
  std::vector<int32_t> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        OpBuilder op(r % 2 == 0 ? "add" : "mul");
        op.input(dense(HWC_DTYPE_F32, {1000})).input(dense(HWC_DTYPE_F32, {1000}));
        op.output(dense(HWC_DTYPE_F32, {1000}));
        HWC_Buffer* in[] = {inputs[t], inputs[t]};
        HWC_Buffer* out[] = {outputs[t]};
        HWC_Error* e = api_->op_launch(streams[t], &op.desc(), in, 2, out, 1, nullptr, 0);
        if (e == nullptr) e = api_->stream_synchronize(streams[t]);
        if (e != nullptr) {
          ++failures[t];
          api_->error_destroy(e);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    std::vector<float> out(1000);
    ok(api_->copy_d2h(streams[t], out.data(), outputs[t], 0, out.size() * 4));
    ok(api_->stream_synchronize(streams[t]));
    EXPECT_EQ(out[999], float(t) * float(t)) << "the last round multiplies";
    ok(api_->stream_destroy(streams[t]));
  }
}

TEST_F(OpenClAbiTest, TableAndPluginInfoFollowTheAbi) {
  plugin_testing::expect_complete_table(*api_);
  plugin_testing::expect_plugin_info_protocol(*api_, "opencl", 2);  // every op of opsets 1 and 2
}

}  // namespace
}  // namespace hwcert::opencl::testing
