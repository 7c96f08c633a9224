#include "plugin_fixture.hpp"

namespace hwcert::reference::test {

int32_t take_status(const HWC_PluginApi* api, HWC_Error* error, std::string* message) {
  if (error == nullptr) return HWC_STATUS_OK;
  const int32_t code = api->error_code(error);
  if (message != nullptr) *message = api->error_message(error);
  api->error_destroy(error);
  return code;
}

Tensor::Tensor(int32_t dtype, std::vector<int64_t> shape) {
  desc.struct_size = sizeof(HWC_TensorDesc);
  desc.dtype = dtype;
  desc.rank = static_cast<uint32_t>(shape.size());
  int64_t stride = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    desc.shape[d] = shape[d];
    desc.strides[d] = stride;
    stride *= shape[d];
  }
}

Tensor& Tensor::strides(std::vector<int64_t> s) {
  for (std::size_t d = 0; d < s.size(); ++d) desc.strides[d] = s[d];
  return *this;
}

Tensor& Tensor::offset(uint64_t bytes) {
  desc.byte_offset = bytes;
  return *this;
}

Attr::Attr(const Attr& other)
    : attr(other.attr),
      name_storage(other.name_storage),
      string_storage(other.string_storage),
      ints_storage(other.ints_storage) {
  fix();
}

void Attr::fix() {
  attr.struct_size = sizeof(HWC_Attribute);
  attr.name = name_storage.c_str();
  if (attr.type == HWC_ATTR_STRING) {
    attr.value_string = string_storage.c_str();
    attr.count = static_cast<uint32_t>(string_storage.size());
  }
  if (attr.type == HWC_ATTR_INT_LIST) {
    attr.value_ints = ints_storage.data();
    attr.count = static_cast<uint32_t>(ints_storage.size());
  }
}

Attr Attr::i(const std::string& name, int64_t v) {
  Attr a;
  a.name_storage = name;
  a.attr.type = HWC_ATTR_INT;
  a.attr.value_int = v;
  a.fix();
  return a;
}

Attr Attr::f(const std::string& name, double v) {
  Attr a;
  a.name_storage = name;
  a.attr.type = HWC_ATTR_FLOAT;
  a.attr.value_float = v;
  a.fix();
  return a;
}

Attr Attr::s(const std::string& name, const std::string& v) {
  Attr a;
  a.name_storage = name;
  a.string_storage = v;
  a.attr.type = HWC_ATTR_STRING;
  a.fix();
  return a;
}

Attr Attr::ints(const std::string& name, std::vector<int64_t> v) {
  Attr a;
  a.name_storage = name;
  a.ints_storage = std::move(v);
  a.attr.type = HWC_ATTR_INT_LIST;
  a.fix();
  return a;
}

const HWC_OpDesc* Op::desc() {
  in_ptrs.clear();
  out_ptrs.clear();
  attr_ptrs.clear();
  for (auto& t : inputs) in_ptrs.push_back(&t.desc);
  for (auto& t : outputs) out_ptrs.push_back(&t.desc);
  for (auto& a : attrs) {
    a.fix();
    attr_ptrs.push_back(&a.attr);
  }
  op_desc = HWC_OpDesc{};
  op_desc.struct_size = sizeof(HWC_OpDesc);
  op_desc.op_name = name.c_str();
  op_desc.opset = 1;
  op_desc.num_inputs = static_cast<uint32_t>(in_ptrs.size());
  op_desc.inputs = in_ptrs.data();
  op_desc.num_outputs = static_cast<uint32_t>(out_ptrs.size());
  op_desc.outputs = out_ptrs.data();
  op_desc.num_attributes = static_cast<uint32_t>(attr_ptrs.size());
  op_desc.attributes = attr_ptrs.data();
  return &op_desc;
}

void PluginTest::SetUp() {
  HWC_HostApi host{};
  host.struct_size = sizeof(HWC_HostApi);
  host.abi_version_major = HWC_ABI_VERSION_MAJOR;
  host.abi_version_minor = HWC_ABI_VERSION_MINOR;
  host.host_name = "hwcert-reference-tests";
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
