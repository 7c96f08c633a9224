#include "hwcert/plugin_testing/op_desc.hpp"

#include <hwcert/plugin_common/op_kinds.hpp>

#include <algorithm>
#include <utility>

namespace hwcert::plugin_testing {

HWC_TensorDesc tensor(int32_t dtype, const std::vector<int64_t>& shape,
                      const std::vector<int64_t>& strides, uint64_t byte_offset) {
  HWC_TensorDesc t{};
  t.struct_size = sizeof(HWC_TensorDesc);
  t.dtype = dtype;
  t.rank = static_cast<uint32_t>(shape.size());
  uint64_t dense = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    t.shape[d] = shape[d];
    t.strides[d] = strides.empty() ? static_cast<int64_t>(dense) : strides[d];
    dense *= static_cast<uint64_t>(shape[d]);
  }
  t.byte_offset = byte_offset;
  return t;
}

HWC_Attribute Attr::record() const {
  HWC_Attribute r{};
  r.struct_size = sizeof(HWC_Attribute);
  r.name = name.c_str();
  r.type = type;
  r.value_int = integer;
  r.value_float = real;
  r.value_string = text.c_str();
  r.value_ints = integers.data();
  r.count = static_cast<uint32_t>(type == HWC_ATTR_STRING ? text.size() : integers.size());
  return r;
}

Attr int_attr(std::string name, int64_t value) {
  return Attr{std::move(name), HWC_ATTR_INT, value, 0.0, {}, {}};
}
Attr float_attr(std::string name, double value) {
  return Attr{std::move(name), HWC_ATTR_FLOAT, 0, value, {}, {}};
}
Attr string_attr(std::string name, std::string value) {
  return Attr{std::move(name), HWC_ATTR_STRING, 0, 0.0, std::move(value), {}};
}
Attr ints_attr(std::string name, std::vector<int64_t> value) {
  return Attr{std::move(name), HWC_ATTR_INT_LIST, 0, 0.0, {}, std::move(value)};
}

OpCall::OpCall(std::string name, std::vector<HWC_TensorDesc> inputs,
               std::vector<HWC_TensorDesc> outputs, std::vector<Attr> attributes)
    : name_(std::move(name)),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      attributes_(std::move(attributes)) {
  for (const Attr& a : attributes_) records_.push_back(a.record());
  for (const auto& t : inputs_) input_ptrs_.push_back(&t);
  for (const auto& t : outputs_) output_ptrs_.push_back(&t);
  for (const auto& r : records_) attribute_ptrs_.push_back(&r);
  op_.struct_size = sizeof(HWC_OpDesc);
  op_.op_name = name_.c_str();
  op_.opset = std::max(1u, plugin_common::op_opset(op_.op_name));  // as the host fills it in
  op_.num_inputs = static_cast<uint32_t>(input_ptrs_.size());
  op_.inputs = input_ptrs_.data();
  op_.num_outputs = static_cast<uint32_t>(output_ptrs_.size());
  op_.outputs = output_ptrs_.data();
  op_.num_attributes = static_cast<uint32_t>(attribute_ptrs_.size());
  op_.attributes = attribute_ptrs_.data();
}

}  // namespace hwcert::plugin_testing
