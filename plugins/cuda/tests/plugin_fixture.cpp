#include "plugin_fixture.hpp"
#include "device_required.hpp"

#include <hwcert/plugin_testing/host_table.hpp>

#include <algorithm>

#include "error.hpp"
#include "op_plan.hpp"

namespace hwcert::cuda::testing {
namespace {

void record_log(void* user_data, int32_t, const char* message) {
  static_cast<std::vector<std::string>*>(user_data)->push_back(message);
}

}  // namespace

void CudaPluginTest::SetUp() {
  const HWC_HostApi host =
      plugin_testing::host_table("hwcert cuda plugin tests", record_log, &log_);
  expect_ok(hwc_get_plugin_api(&host, &api_));
  ASSERT_NE(api_, nullptr);
}

void CudaPluginTest::TearDown() {
  if (api_ != nullptr) expect_ok(api_->plugin_shutdown());
  api_ = nullptr;
}

int32_t CudaPluginTest::code(HWC_Error* error) {
  last_message_.clear();
  if (error == nullptr) return HWC_STATUS_OK;
  const int32_t status = api_->error_code(error);
  last_message_ = api_->error_message(error);
  api_->error_destroy(error);
  return status;
}

void CudaPluginTest::expect_ok(HWC_Error* error) {
  if (error == nullptr) return;
  const int32_t status = code(error);
  ADD_FAILURE() << "plugin error " << status << ": " << last_message_;
}

void CudaDeviceTest::SetUp() {
  CudaPluginTest::SetUp();
  if (HasFatalFailure()) return;
  uint32_t count = 0;
  expect_ok(api_->device_count(&count));
  if (count == 0) {
    // The plugin logs "cuda: no CUDA device: <reason>".
    const std::string marker = "no CUDA device: ";
    std::string reason = "the plugin logged no reason";
    if (!log_.empty() && log_.back().find(marker) != std::string::npos)
      reason = log_.back().substr(log_.back().find(marker) + marker.size());
    HWCERT_SKIP_WITHOUT_DEVICE(reason);
  }
  expect_ok(api_->device_open(0, &device_));
  expect_ok(api_->stream_create(device_, &stream_));
}

void CudaDeviceTest::TearDown() {
  if (api_ != nullptr) {
    for (HWC_Buffer* b : buffers_) expect_ok(api_->buffer_free(b));
    if (stream_ != nullptr) expect_ok(api_->stream_destroy(stream_));
    if (device_ != nullptr) expect_ok(api_->device_close(device_));
  }
  buffers_.clear();
  stream_ = nullptr;
  device_ = nullptr;
  CudaPluginTest::TearDown();
}

HWC_Buffer* CudaDeviceTest::alloc(uint64_t bytes) {
  HWC_Buffer* b = nullptr;
  expect_ok(api_->buffer_alloc(device_, bytes, &b));
  if (b != nullptr) buffers_.push_back(b);
  return b;
}

int32_t plan_status(const OpCall& op, std::string* message) {
  try {
    plan_op(op.desc());
    return HWC_STATUS_OK;
  } catch (const Failure& failure) {
    if (message != nullptr) *message = failure.message();
    return failure.code();
  }
}

int32_t CudaDeviceTest::launch(const OpCall& op, std::vector<HWC_Buffer*> inputs,
                               std::vector<HWC_Buffer*> outputs) {
  const int32_t status =
      code(api_->op_launch(stream_, op.desc(), inputs.data(), static_cast<uint32_t>(inputs.size()),
                           outputs.data(), static_cast<uint32_t>(outputs.size()), nullptr, 0));
  if (status != HWC_STATUS_OK) return status;
  return code(api_->stream_synchronize(stream_));
}

int32_t CudaDeviceTest::support(const OpCall& op) {
  char reason[512] = {};
  int32_t answer = -1;
  expect_ok(api_->op_support(device_, op.desc(), &answer, reason, sizeof(reason)));
  last_message_ = reason;
  return answer;
}

}  // namespace hwcert::cuda::testing
