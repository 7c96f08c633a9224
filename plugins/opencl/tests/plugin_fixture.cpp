#include "plugin_fixture.hpp"

#include <cstdlib>

namespace hwcert::opencl::testing {

TestAttr int_attr(const std::string& name, int64_t v) {
  TestAttr a;
  a.name = name;
  a.attr.type = HWC_ATTR_INT;
  a.attr.value_int = v;
  return a;
}

TestAttr float_attr(const std::string& name, double v) {
  TestAttr a;
  a.name = name;
  a.attr.type = HWC_ATTR_FLOAT;
  a.attr.value_float = v;
  return a;
}

TestAttr string_attr(const std::string& name, const std::string& v) {
  TestAttr a;
  a.name = name;
  a.text = v;
  a.attr.type = HWC_ATTR_STRING;
  a.attr.count = static_cast<uint32_t>(v.size());
  return a;
}

TestAttr ints_attr(const std::string& name, std::vector<int64_t> v) {
  TestAttr a;
  a.name = name;
  a.ints = std::move(v);
  a.attr.type = HWC_ATTR_INT_LIST;
  a.attr.count = static_cast<uint32_t>(a.ints.size());
  return a;
}

HWC_TensorDesc strided(int32_t dtype, std::vector<int64_t> shape, std::vector<int64_t> strides,
                       uint64_t byte_offset) {
  HWC_TensorDesc d{};
  d.struct_size = sizeof(HWC_TensorDesc);
  d.dtype = dtype;
  d.rank = static_cast<uint32_t>(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) {
    d.shape[i] = shape[i];
    d.strides[i] = strides[i];
  }
  d.byte_offset = byte_offset;
  return d;
}

HWC_TensorDesc dense(int32_t dtype, std::vector<int64_t> shape, uint64_t byte_offset) {
  std::vector<int64_t> strides(shape.size());
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= shape[i];
  }
  return strided(dtype, std::move(shape), std::move(strides), byte_offset);
}

const HWC_OpDesc& OpBuilder::desc() {
  in_ptrs_.clear();
  out_ptrs_.clear();
  attr_ptrs_.clear();
  for (auto& d : inputs_) in_ptrs_.push_back(&d);
  for (auto& d : outputs_) out_ptrs_.push_back(&d);
  for (auto& a : attrs_) {
    a.attr.struct_size = sizeof(HWC_Attribute);
    a.attr.name = a.name.c_str();
    a.attr.value_string = a.text.c_str();
    a.attr.value_ints = a.ints.data();
    attr_ptrs_.push_back(&a.attr);
  }
  op_ = HWC_OpDesc{};
  op_.struct_size = sizeof(HWC_OpDesc);
  op_.op_name = name_.c_str();
  op_.opset = 1;
  op_.num_inputs = static_cast<uint32_t>(in_ptrs_.size());
  op_.inputs = in_ptrs_.data();
  op_.num_outputs = static_cast<uint32_t>(out_ptrs_.size());
  op_.outputs = out_ptrs_.data();
  op_.num_attributes = static_cast<uint32_t>(attr_ptrs_.size());
  op_.attributes = attr_ptrs_.data();
  return op_;
}

void PluginTest::start() {
  // Keep program binaries of tests out of the user's cache; test processes share one.
  if (cache_dir_.empty())
    cache_dir_ = std::filesystem::temp_directory_path() / "hwcert-opencl-test-cache";
  ::setenv("HWCERT_OPENCL_CACHE_DIR", cache_dir_.c_str(), 1);
  HWC_HostApi host{};
  host.struct_size = sizeof(host);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR;
  host.abi_version_minor = HWC_ABI_VERSION_MINOR;
  host.host_name = "hwcert opencl tests";
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
