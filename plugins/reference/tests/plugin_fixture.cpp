#include "plugin_fixture.hpp"

#include "ops/op.hpp"

#include <hwcert/plugin_testing/host_table.hpp>

namespace hwcert::reference::test {

int32_t take_status(const HWC_PluginApi* api, HWC_Error* error, std::string* message) {
  if (error == nullptr) return HWC_STATUS_OK;
  const int32_t code = api->error_code(error);
  if (message != nullptr) *message = api->error_message(error);
  api->error_destroy(error);
  return code;
}

Tensor& Tensor::strides(const std::vector<int64_t>& s) {
  for (std::size_t d = 0; d < s.size(); ++d) desc.strides[d] = s[d];
  return *this;
}

Tensor& Tensor::offset(uint64_t bytes) {
  desc.byte_offset = bytes;
  return *this;
}

const HWC_OpDesc* Op::desc() {
  std::vector<HWC_TensorDesc> in, out;
  for (const Tensor& t : inputs) in.push_back(t.desc);
  for (const Tensor& t : outputs) out.push_back(t.desc);
  built_.emplace(name, std::move(in), std::move(out), attrs);
  const OpEntry* entry = find_op(name);  // the op's opset, as a host fills it in
  built_->mutable_desc().opset = entry != nullptr ? entry->since : 1;
  return built_->desc();
}

void PluginTest::SetUp() {
  const HWC_HostApi host = plugin_testing::host_table("hwcert-reference-tests");
  HWC_Error* error = hwc_get_plugin_api(&host, &api_);
  ASSERT_NE(api_, nullptr);
  ASSERT_EQ(take_status(api_, error), 0);
  ASSERT_EQ(status(api_->device_open(0, &device_)), 0);
  ASSERT_EQ(status(api_->stream_create(device_, &stream_)), 0);
}

void PluginTest::TearDown() {
  if (api_ == nullptr) return;
  for (HWC_Buffer* buffer : buffers_) {
    EXPECT_EQ(status(api_->buffer_free(buffer)), 0);
  }
  buffers_.clear();
  if (stream_ != nullptr) {
    EXPECT_EQ(status(api_->stream_destroy(stream_)), 0);
    stream_ = nullptr;
  }
  if (device_ != nullptr) {
    EXPECT_EQ(status(api_->device_close(device_)), 0);
    device_ = nullptr;
  }
  EXPECT_EQ(status(api_->plugin_shutdown()), 0);
  api_ = nullptr;
}

HWC_Buffer* PluginTest::alloc(uint64_t bytes) {
  HWC_Buffer* buffer = nullptr;
  EXPECT_EQ(status(api_->buffer_alloc(device_, bytes, &buffer)), 0);
  buffers_.push_back(buffer);
  return buffer;
}

int32_t PluginTest::run(Op& op, const std::vector<HWC_Buffer*>& inputs,
                        const std::vector<HWC_Buffer*>& outputs, std::string* message) {
  const int32_t launched = status(
      api_->op_launch(stream_, op.desc(), inputs.data(), static_cast<uint32_t>(inputs.size()),
                      outputs.data(), static_cast<uint32_t>(outputs.size()), nullptr, 0),
      message);
  if (launched != 0) return launched;
  return status(api_->stream_synchronize(stream_), message);
}

int32_t PluginTest::support(Op& op, std::string* reason) {
  int32_t supported = -1;
  char text[512] = {};
  const int32_t code =
      status(api_->op_support(device_, op.desc(), &supported, text, sizeof(text)), reason);
  if (code != 0) return -code;
  if (reason != nullptr) *reason = text;
  return supported;
}

}  // namespace hwcert::reference::test
