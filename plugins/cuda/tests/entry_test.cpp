// The entry point, the table, plugin info, device enumeration and handle checks. These run
// on every machine: without a GPU the plugin must load, report 0 devices without an error
// and say why through the host's log.
#include <string>
#include <vector>

#include <hwcert/plugin_testing/table_checks.hpp>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

using CudaEntryTest = CudaPluginTest;

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

TEST_F(CudaEntryTest, TableAndPluginInfoFollowTheAbi) {
  plugin_testing::expect_complete_table(*api_);
  plugin_testing::expect_plugin_info_protocol(*api_, "cuda", 2);  // every op of opsets 1 and 2
}

}  // namespace
}  // namespace hwcert::cuda::testing
