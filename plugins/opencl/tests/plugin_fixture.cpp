#include "plugin_fixture.hpp"

#include <hwcert/plugin_testing/host_table.hpp>

#include <cstdlib>

namespace hwcert::opencl::testing {

void PluginTest::start() {
  // Keep program binaries of tests out of the user's cache; test processes share one.
  if (cache_dir_.empty())
    cache_dir_ = std::filesystem::temp_directory_path() / "hwcert-opencl-test-cache";
  ::setenv("HWCERT_OPENCL_CACHE_DIR", cache_dir_.c_str(), 1);
  const HWC_HostApi host = plugin_testing::host_table("hwcert opencl tests");
  ok(hwc_get_plugin_api(&host, &api_));
  ASSERT_NE(api_, nullptr);
  uint32_t count = 0;
  ok(api_->device_count(&count));
  if (count == 0) GTEST_SKIP() << "no OpenCL device (install an ICD, e.g. pocl-opencl-icd)";
  ok(api_->device_open(0, &device_));
  ok(api_->stream_create(device_, &stream_));
}

void PluginTest::stop() {
  if (api_ == nullptr) return;
  for (HWC_Buffer* b : buffers_) ok(api_->buffer_free(b));
  buffers_.clear();
  if (stream_ != nullptr) ok(api_->stream_destroy(stream_));
  if (device_ != nullptr) ok(api_->device_close(device_));
  stream_ = nullptr;
  device_ = nullptr;
  ok(api_->plugin_shutdown());
  api_ = nullptr;
}

int32_t PluginTest::status(HWC_Error* error) {
  if (error == nullptr) return HWC_STATUS_OK;
  int32_t code = api_->error_code(error);
  api_->error_destroy(error);
  return code;
}

std::string PluginTest::message(HWC_Error* error) {
  if (error == nullptr) return "";
  std::string text = api_->error_message(error);
  api_->error_destroy(error);
  return text;
}

void PluginTest::ok(HWC_Error* error) {
  if (error == nullptr) return;
  const int32_t code = api_ != nullptr ? api_->error_code(error) : -1;
  const std::string text = api_ != nullptr ? api_->error_message(error) : "";
  if (api_ != nullptr) api_->error_destroy(error);
  ADD_FAILURE() << "plugin error " << code << ": " << text;
}

HWC_Buffer* PluginTest::alloc(uint64_t bytes) {
  HWC_Buffer* b = nullptr;
  ok(api_->buffer_alloc(device_, bytes, &b));
  buffers_.push_back(b);
  return b;
}

int32_t PluginTest::supported(OpBuilder& op, std::string* reason) {
  char text[512] = {};
  int32_t support = -1;
  ok(api_->op_support(device_, &op.desc(), &support, text, sizeof(text)));
  if (reason != nullptr) *reason = text;
  return support;
}

int32_t PluginTest::run(OpBuilder& op, std::vector<HWC_Buffer*> inputs,
                        std::vector<HWC_Buffer*> outputs, std::string* error_text) {
  HWC_Error* e =
      api_->op_launch(stream_, &op.desc(), inputs.data(), static_cast<uint32_t>(inputs.size()),
                      outputs.data(), static_cast<uint32_t>(outputs.size()), nullptr, 0);
  if (e == nullptr) e = api_->stream_synchronize(stream_);
  if (e != nullptr && error_text != nullptr) *error_text = api_->error_message(e);
  return status(e);
}

}  // namespace hwcert::opencl::testing
