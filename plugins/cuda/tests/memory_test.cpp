// Buffers, copies, fill, streams, events and device properties on a GPU.
#include <cstring>
#include <numeric>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

using CudaMemoryTest = CudaDeviceTest;

TEST_F(CudaMemoryTest, DevicePropertiesComeFromTheRuntime) {
  size_t size = 0;
  expect_ok(api_->device_get_info(device_, HWC_DEVICE_INFO_VENDOR, 0, nullptr, &size));
  std::vector<char> vendor(size);
  expect_ok(api_->device_get_info(device_, HWC_DEVICE_INFO_VENDOR, size, vendor.data(), nullptr));
  EXPECT_STREQ(vendor.data(), "NVIDIA");
  uint64_t total = 0, free_bytes = 0;
  expect_ok(
      api_->device_get_info(device_, HWC_DEVICE_INFO_MEMORY_BYTES, sizeof(total), &total, nullptr));
  expect_ok(api_->device_get_info(device_, HWC_DEVICE_INFO_MEMORY_FREE_BYTES, sizeof(free_bytes),
                                  &free_bytes, nullptr));
  EXPECT_GT(total, 0u);
  EXPECT_LE(free_bytes, total);
  unsigned char uuid[16] = {};
  expect_ok(api_->device_get_info(device_, HWC_DEVICE_INFO_UUID, sizeof(uuid), uuid, &size));
  EXPECT_EQ(size, 16u);
  expect_ok(api_->device_get_info(device_, HWC_DEVICE_INFO_COMPUTE_CAPABILITY, 0, nullptr, &size));
  std::vector<char> cc(size);
  expect_ok(
      api_->device_get_info(device_, HWC_DEVICE_INFO_COMPUTE_CAPABILITY, size, cc.data(), nullptr));
  EXPECT_NE(std::string(cc.data()).find('.'), std::string::npos) << cc.data();
  // NVML keys are either answered or UNKNOWN_KEY, never another error.
  double watts = 0;
  const int32_t power = code(
      api_->device_get_info(device_, HWC_DEVICE_INFO_POWER_WATTS, sizeof(watts), &watts, nullptr));
  EXPECT_TRUE(power == HWC_STATUS_OK || power == HWC_STATUS_UNKNOWN_KEY) << last_message_;
  if (power == HWC_STATUS_OK) {
    EXPECT_GT(watts, 0.0);
  }
}

TEST_F(CudaMemoryTest, CopiesRoundTripAndRangesAreChecked) {
  std::vector<uint32_t> values(1000);
  std::iota(values.begin(), values.end(), 7u);
  HWC_Buffer* a = upload(values);
  HWC_Buffer* b = alloc(values.size() * 4);
  expect_ok(api_->copy_d2d(stream_, b, 0, a, 0, values.size() * 4));
  EXPECT_EQ(download<uint32_t>(b, values.size()), values);
  uint32_t word = 0;
  EXPECT_EQ(code(api_->copy_d2h(stream_, &word, b, values.size() * 4 - 2, 4)),
            HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code(api_->copy_h2d(stream_, b, UINT64_MAX, &word, 4)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(code(api_->copy_d2d(stream_, a, 4, a, 0, 8)), HWC_STATUS_INVALID_ARGUMENT)
      << "overlapping ranges";
}

TEST_F(CudaMemoryTest, FillRepeatsEveryPatternSizeAtAnyOffset) {
  for (uint32_t size : {1u, 2u, 4u, 8u}) {
    HWC_Buffer* b = alloc(64);
    const unsigned char zero = 0;
    expect_ok(api_->fill(stream_, b, 0, 64, &zero, 1));
    const unsigned char pattern[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const uint64_t offset = 3;  // not a multiple of the pattern size
    expect_ok(api_->fill(stream_, b, offset, size * 5, pattern, size));
    const auto bytes = download<unsigned char>(b, 64);
    for (uint64_t i = 0; i < 64; ++i) {
      const bool inside = i >= offset && i < offset + size * 5;
      EXPECT_EQ(bytes[i], inside ? pattern[(i - offset) % size] : 0)
          << "size " << size << " byte " << i;
    }
    EXPECT_EQ(code(api_->fill(stream_, b, 60, 8, pattern, 4)), HWC_STATUS_OUT_OF_RANGE);
    EXPECT_EQ(code(api_->fill(stream_, b, 0, 6, pattern, 4)), HWC_STATUS_INVALID_ARGUMENT);
    EXPECT_EQ(code(api_->fill(stream_, b, 0, 6, pattern, 3)), HWC_STATUS_INVALID_ARGUMENT);
  }
}

TEST_F(CudaMemoryTest, ZeroSizedAndHugeAllocationsFail) {
  HWC_Buffer* b = nullptr;
  EXPECT_EQ(code(api_->buffer_alloc(device_, uint64_t{1} << 62, &b)), HWC_STATUS_OUT_OF_MEMORY);
  EXPECT_EQ(code(api_->buffer_alloc(device_, 0, &b)), HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(CudaMemoryTest, EventsMeasureDeviceTime) {
  HWC_Event* start = nullptr;
  HWC_Event* end = nullptr;
  expect_ok(api_->event_create(device_, &start));
  expect_ok(api_->event_create(device_, &end));
  uint64_t ns = 0;
  EXPECT_EQ(code(api_->event_elapsed_ns(start, end, &ns)), HWC_STATUS_INVALID_ARGUMENT)
      << "never recorded";
  HWC_Buffer* b = alloc(64 << 20);
  const uint32_t pattern = 0xdeadbeef;
  expect_ok(api_->event_record(start, stream_));
  expect_ok(api_->fill(stream_, b, 0, 64 << 20, &pattern, 4));
  expect_ok(api_->event_record(end, stream_));
  expect_ok(api_->event_synchronize(end));
  expect_ok(api_->event_elapsed_ns(start, end, &ns));
  EXPECT_GT(ns, 0u);
  expect_ok(api_->event_destroy(start));
  expect_ok(api_->event_destroy(end));
}

}  // namespace
}  // namespace hwcert::cuda::testing
