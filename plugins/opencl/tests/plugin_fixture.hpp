// Test fixture: the OpenCL plugin called through its entry point, device 0 opened, one
// stream; helpers to move data and run ops. Tests skip when no OpenCL device is present.
#pragma once

#include <gtest/gtest.h>
#include <hwcert/hwcert_plugin.h>
#include <hwcert/plugin_testing/buffer_io.hpp>
#include <hwcert/plugin_testing/op_desc.hpp>

#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hwcert::opencl::testing {

using plugin_testing::kF32;
using TestAttr = plugin_testing::Attr;
using plugin_testing::float_attr;
using plugin_testing::int_attr;
using plugin_testing::ints_attr;
using plugin_testing::string_attr;

/// Dense row-major descriptor.
inline HWC_TensorDesc dense(int32_t dtype, const std::vector<int64_t>& shape,
                            uint64_t byte_offset = 0) {
  return plugin_testing::tensor(dtype, shape, {}, byte_offset);
}
/// Descriptor with explicit element strides.
inline HWC_TensorDesc strided(int32_t dtype, const std::vector<int64_t>& shape,
                              const std::vector<int64_t>& strides, uint64_t byte_offset = 0) {
  return plugin_testing::tensor(dtype, shape, strides, byte_offset);
}

/// An op descriptor put together piece by piece; desc() builds it from the pieces so far.
class OpBuilder {
 public:
  explicit OpBuilder(std::string name) : name_(std::move(name)) {}
  OpBuilder& input(const HWC_TensorDesc& d) {
    inputs_.push_back(d);
    return *this;
  }
  OpBuilder& output(const HWC_TensorDesc& d) {
    outputs_.push_back(d);
    return *this;
  }
  OpBuilder& attr(TestAttr a) {
    attrs_.push_back(std::move(a));
    return *this;
  }
  const HWC_OpDesc& desc() {
    built_.emplace(name_, inputs_, outputs_, attrs_);
    return *built_->desc();
  }

 private:
  std::string name_;
  std::vector<HWC_TensorDesc> inputs_, outputs_;
  std::vector<TestAttr> attrs_;
  std::optional<plugin_testing::OpCall> built_;
};

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override { start(); }
  void TearDown() override { stop(); }
  /// Initializes the plugin, opens device 0 and a stream (skips without a device). The
  /// program cache lives in cache_dir_ (a shared temporary directory unless set before).
  void start();
  /// Frees what the test allocated and shuts the plugin down.
  void stop();

  /// Status code of `error` (HWC_STATUS_OK for NULL); releases it.
  int32_t status(HWC_Error* error);
  /// Message of `error` ("" for NULL); releases it.
  std::string message(HWC_Error* error);
  /// Asserts success, printing the plugin's message otherwise.
  void ok(HWC_Error* error);

  HWC_Buffer* alloc(uint64_t bytes);
  template <typename T>
  HWC_Buffer* upload(const std::vector<T>& values) {
    HWC_Buffer* b = alloc(std::max<uint64_t>(1, values.size() * sizeof(T)));
    plugin_testing::write_buffer(*api_, stream_, b, values, [this](HWC_Error* e) { ok(e); });
    return b;
  }
  template <typename T>
  std::vector<T> download(HWC_Buffer* b, size_t count) {
    return plugin_testing::read_buffer<T>(*api_, stream_, b, count,
                                          [this](HWC_Error* e) { ok(e); });
  }
  /// op_support, then op_launch and synchronize; returns the status of the first failure.
  int32_t run(OpBuilder& op, std::vector<HWC_Buffer*> inputs, std::vector<HWC_Buffer*> outputs,
              std::string* error_text = nullptr);
  int32_t supported(OpBuilder& op, std::string* reason = nullptr);

  const HWC_PluginApi* api_ = nullptr;
  HWC_Device* device_ = nullptr;
  HWC_Stream* stream_ = nullptr;
  std::vector<HWC_Buffer*> buffers_;
  std::filesystem::path cache_dir_;
};

}  // namespace hwcert::opencl::testing
