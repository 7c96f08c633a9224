// Fixtures of the CUDA plugin tests: the plugin reached through its entry point (as the
// host does), op descriptors from plugins/common/testing, and helpers that move data.
// CudaDeviceTest skips with "no CUDA device: <reason>" where the runtime sees no GPU.
#pragma once

#include <gtest/gtest.h>
#include <hwcert/hwcert_plugin.h>
#include <hwcert/plugin_testing/buffer_io.hpp>
#include <hwcert/plugin_testing/op_desc.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hwcert::cuda::testing {

using plugin_testing::Attr;
using plugin_testing::float_attr;
using plugin_testing::int_attr;
using plugin_testing::ints_attr;
using plugin_testing::kF32;
using plugin_testing::OpCall;
using plugin_testing::string_attr;
using plugin_testing::tensor;

/// The status the plugin's planning of `op` ends with (HWC_STATUS_OK when it plans the op),
/// without a device; the failure's message in *message.
int32_t plan_status(const OpCall& op, std::string* message = nullptr);

/// The plugin initialised through hwc_get_plugin_api with a host table that records logs.
class CudaPluginTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Status of `error` (HWC_STATUS_OK for NULL), recording its message in last_message_;
  /// the error is released.
  int32_t code(HWC_Error* error);
  /// Expects success; prints the plugin's message otherwise.
  void expect_ok(HWC_Error* error);

  const HWC_PluginApi* api_ = nullptr;
  std::vector<std::string> log_;
  std::string last_message_;
};

/// Device 0 opened with one stream; skips where the plugin drives no device.
class CudaDeviceTest : public CudaPluginTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  HWC_Buffer* alloc(uint64_t bytes);
  template <typename T>
  HWC_Buffer* upload(const std::vector<T>& values, uint64_t min_bytes = 0) {
    HWC_Buffer* b = alloc(std::max<uint64_t>({values.size() * sizeof(T), min_bytes, 1}));
    plugin_testing::write_buffer(*api_, stream_, b, values, [this](HWC_Error* e) { expect_ok(e); });
    return b;
  }
  template <typename T>
  std::vector<T> download(HWC_Buffer* b, size_t count) {
    return plugin_testing::read_buffer<T>(*api_, stream_, b, count,
                                          [this](HWC_Error* e) { expect_ok(e); });
  }
  /// op_launch then stream_synchronize; the first failure's status (message in last_message_).
  int32_t launch(const OpCall& op, std::vector<HWC_Buffer*> inputs,
                 std::vector<HWC_Buffer*> outputs);
  /// op_support's answer (reason in last_message_).
  int32_t support(const OpCall& op);

  HWC_Device* device_ = nullptr;
  HWC_Stream* stream_ = nullptr;
  std::vector<HWC_Buffer*> buffers_;
};

}  // namespace hwcert::cuda::testing
