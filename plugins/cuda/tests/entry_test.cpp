// The entry point, the table, plugin info, device enumeration and handle checks. These run
// on every machine: without a GPU the plugin must load, report 0 devices without an error
// and say why through the host's log.
#include <string>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

using CudaEntryTest = CudaPluginTest;

TEST_F(CudaEntryTest, TableCarriesTheAbiVersionAndEverySlot) {
  EXPECT_EQ(api_->struct_size, sizeof(HWC_PluginApi));
  EXPECT_EQ(api_->abi_version_major, static_cast<uint32_t>(HWC_ABI_VERSION_MAJOR));
  EXPECT_EQ(api_->abi_version_minor, static_cast<uint32_t>(HWC_ABI_VERSION_MINOR));
  // Every slot of ABI 1.0 is implemented: no NULL between error_code and op_launch.
  const auto* first = reinterpret_cast<void* const*>(&api_->error_code);
  const auto* last = reinterpret_cast<void* const*>(&api_->op_launch);
  for (const auto* slot = first; slot <= last; ++slot)
    EXPECT_NE(*slot, nullptr) << "slot " << (slot - first);
}

TEST_F(CudaEntryTest, AnotherMajorVersionIsRefusedWithBothVersions) {
  HWC_HostApi host{};
  host.struct_size = sizeof(host);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR + 1;
  const HWC_PluginApi* table = nullptr;
  EXPECT_EQ(code(hwc_get_plugin_api(&host, &table)), HWC_STATUS_UNSUPPORTED);
  EXPECT_EQ(table, api_) << "the table is stored on the failure path too";
  EXPECT_NE(last_message_.find("ABI 2.0"), std::string::npos) << last_message_;
  EXPECT_NE(last_message_.find("ABI 1.0"), std::string::npos) << last_message_;
}

TEST_F(CudaEntryTest, PluginInfoFollowsTheTwoCallProtocol) {
  size_t size = 0;
  expect_ok(api_->plugin_get_info(HWC_PLUGIN_INFO_NAME, 0, nullptr, &size));
  ASSERT_EQ(size, sizeof("cuda"));
  std::vector<char> small(size - 1, 'x');
  size_t reported = 0;
  EXPECT_EQ(
      code(api_->plugin_get_info(HWC_PLUGIN_INFO_NAME, small.size(), small.data(), &reported)),
      HWC_STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(reported, size);
  EXPECT_EQ(small[0], 'x') << "the value must stay untouched";
  std::vector<char> name(size);
  expect_ok(api_->plugin_get_info(HWC_PLUGIN_INFO_NAME, name.size(), name.data(), nullptr));
  EXPECT_STREQ(name.data(), "cuda");
  uint32_t opset = 0;
  expect_ok(api_->plugin_get_info(HWC_PLUGIN_INFO_OPSET, sizeof(opset), &opset, nullptr));
  EXPECT_EQ(opset, 2u);  // every op of opsets 1 and 2
  size = 7;
  EXPECT_EQ(code(api_->plugin_get_info(4242, 0, nullptr, &size)), HWC_STATUS_UNKNOWN_KEY);
  EXPECT_EQ(size, 0u);
}

TEST_F(CudaEntryTest, DeviceCountSucceedsAndAnEmptyHostSaysWhy) {
  uint32_t count = 99;
  expect_ok(api_->device_count(&count));
  EXPECT_NE(count, 99u);
  HWC_Device* device = nullptr;
  EXPECT_EQ(code(api_->device_open(count, &device)), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(device, nullptr);
  if (count == 0) {
    ASSERT_FALSE(log_.empty()) << "0 devices must be explained through the log callback";
    EXPECT_NE(log_.back().find("no CUDA device"), std::string::npos) << log_.back();
    EXPECT_NE(last_message_.find("cudaGetDeviceCount"), std::string::npos)
        << "device_open names the reason: " << last_message_;
  }
}

TEST_F(CudaEntryTest, BogusHandlesAreInvalidArguments) {
  alignas(64) unsigned char junk[256] = {};
  auto* device = reinterpret_cast<HWC_Device*>(junk);
  auto* buffer = reinterpret_cast<HWC_Buffer*>(junk);
  auto* stream = reinterpret_cast<HWC_Stream*>(junk);
  auto* event = reinterpret_cast<HWC_Event*>(junk);
  uint32_t value = 0;
  size_t size = 0;
  EXPECT_EQ(code(api_->device_get_info(device, HWC_DEVICE_INFO_NAME, 0, nullptr, &size)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->device_close(nullptr)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->buffer_free(buffer)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->stream_synchronize(stream)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->copy_h2d(stream, buffer, 0, &value, sizeof(value))),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->fill(stream, buffer, 0, 4, &value, 4)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->event_record(event, stream)), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(api_->event_destroy(event)), HWC_STATUS_INVALID_ARGUMENT);
  int32_t support = 0;
  EXPECT_EQ(code(api_->op_support(device, nullptr, &support, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(last_message_.find("HWC_Device"), std::string::npos) << last_message_;
}

TEST_F(CudaEntryTest, ShutdownThenEntryPointReinitialises) {
  expect_ok(api_->plugin_shutdown());
  uint32_t count = 0;
  EXPECT_EQ(code(api_->device_count(&count)), HWC_STATUS_INVALID_ARGUMENT);
  HWC_HostApi host{};
  host.struct_size = sizeof(host);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR;
  expect_ok(hwc_get_plugin_api(&host, &api_));
  expect_ok(api_->device_count(&count));
}

}  // namespace
}  // namespace hwcert::cuda::testing
