#include "device_required.hpp"
#include "plugin_fixture.hpp"

#include <algorithm>

namespace hwcert::cuda::testing {
namespace {

void record_log(void* user_data, int32_t, const char* message) {
  static_cast<std::vector<std::string>*>(user_data)->push_back(message);
}

}  // namespace

HWC_TensorDesc tensor(int32_t dtype, std::vector<int64_t> shape, std::vector<int64_t> strides,
                      uint64_t byte_offset) {
  HWC_TensorDesc t{};
  t.struct_size = sizeof(HWC_TensorDesc);
  t.dtype = dtype;
  t.rank = static_cast<uint32_t>(shape.size());
  int64_t dense = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    t.shape[d] = shape[d];
    t.strides[d] = strides.empty() ? dense : strides[d];
    // Shapes whose element count overflows are test inputs the plugin must refuse; their
    // dense strides wrap (unsigned arithmetic, modular conversion back) instead of being UB.
    dense = static_cast<int64_t>(static_cast<uint64_t>(dense) * static_cast<uint64_t>(shape[d]));
  }
  t.byte_offset = byte_offset;
  return t;
}

Attr int_attr(std::string name, int64_t value) {
  Attr a;
  a.name = std::move(name);
  a.type = HWC_ATTR_INT;
  a.integer = value;
  return a;
}
Attr float_attr(std::string name, double value) {
  Attr a;
  a.name = std::move(name);
  a.type = HWC_ATTR_FLOAT;
  a.real = value;
  return a;
}
Attr string_attr(std::string name, std::string value) {
  Attr a;
  a.name = std::move(name);
  a.type = HWC_ATTR_STRING;
  a.text = std::move(value);
  return a;
}
Attr ints_attr(std::string name, std::vector<int64_t> value) {
  Attr a;
  a.name = std::move(name);
  a.type = HWC_ATTR_INT_LIST;
  a.integers = std::move(value);
  return a;
}

OpCall::OpCall(std::string name, std::vector<HWC_TensorDesc> inputs,
               std::vector<HWC_TensorDesc> outputs, std::vector<Attr> attributes)
    : name_(std::move(name)),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      attributes_(std::move(attributes)) {
  for (const Attr& a : attributes_) {
    HWC_Attribute r{};
    r.struct_size = sizeof(HWC_Attribute);
    r.name = a.name.c_str();
    r.type = a.type;
    r.value_int = a.integer;
    r.value_float = a.real;
    r.value_string = a.text.c_str();
    r.value_ints = a.integers.data();
    r.count = static_cast<uint32_t>(a.type == HWC_ATTR_STRING ? a.text.size() : a.integers.size());
    records_.push_back(r);
  }
  for (const auto& t : inputs_) input_ptrs_.push_back(&t);
  for (const auto& t : outputs_) output_ptrs_.push_back(&t);
  for (const auto& r : records_) attribute_ptrs_.push_back(&r);
  op_.struct_size = sizeof(HWC_OpDesc);
  op_.op_name = name_.c_str();
  op_.opset = 1;
  op_.num_inputs = static_cast<uint32_t>(input_ptrs_.size());
  op_.inputs = input_ptrs_.data();
  op_.num_outputs = static_cast<uint32_t>(output_ptrs_.size());
  op_.outputs = output_ptrs_.data();
  op_.num_attributes = static_cast<uint32_t>(attribute_ptrs_.size());
  op_.attributes = attribute_ptrs_.data();
}

void CudaPluginTest::SetUp() {
  HWC_HostApi host{};
  host.struct_size = sizeof(host);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR;
  host.abi_version_minor = HWC_ABI_VERSION_MINOR;
  host.host_name = "hwcert cuda plugin tests";
  host.log = record_log;
  host.log_user_data = &log_;
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
