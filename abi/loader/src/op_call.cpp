#include "hwcert/loader/op_call.hpp"

#include <fmt/format.h>

#include <cstring>
#include <limits>

namespace hwcert {
namespace {

bool mul_overflows(int64_t a, int64_t b, int64_t* out) {
  return __builtin_mul_overflow(a, b, out);
}
bool add_overflows(int64_t a, int64_t b, int64_t* out) {
  return __builtin_add_overflow(a, b, out);
}

}  // namespace

TensorSpec TensorSpec::dense(DType dtype, std::vector<int64_t> shape) {
  TensorSpec spec;
  spec.dtype = dtype;
  spec.shape = std::move(shape);
  return spec;
}

std::vector<int64_t> TensorSpec::effective_strides() const {
  if (!strides.empty()) return strides;
  std::vector<int64_t> dense_strides(shape.size(), 1);
  int64_t running = 1;
  for (std::size_t i = shape.size(); i-- > 0;) {
    dense_strides[i] = running;
    int64_t next = 0;
    running = mul_overflows(running, std::max<int64_t>(shape[i], 1), &next) ? running : next;
  }
  return dense_strides;
}

std::optional<int64_t> TensorSpec::element_count() const {
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (extent < 0 || mul_overflows(count, extent, &count)) return std::nullopt;
  }
  return count;
}

std::optional<uint64_t> TensorSpec::required_bytes() const {
  auto count = element_count();
  if (!count) return std::nullopt;
  if (*count == 0) return 0;
  const auto element = static_cast<int64_t>(dtype_size(dtype));
  if (element == 0) return std::nullopt;
  const std::vector<int64_t> effective = effective_strides();
  int64_t last = 0;  // index of the furthest addressed element
  for (std::size_t i = 0; i < shape.size(); ++i) {
    int64_t term = 0;
    if (effective[i] < 0 || mul_overflows(shape[i] - 1, effective[i], &term) ||
        add_overflows(last, term, &last)) {
      return std::nullopt;
    }
  }
  int64_t bytes = 0;
  if (add_overflows(last, 1, &bytes) || mul_overflows(bytes, element, &bytes)) return std::nullopt;
  if (byte_offset > static_cast<uint64_t>(std::numeric_limits<int64_t>::max() - bytes)) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(bytes) + byte_offset;
}

bool TensorSpec::is_dense() const {
  if (strides.empty()) return true;
  TensorSpec plain = *this;
  plain.strides.clear();
  const std::vector<int64_t> want = plain.effective_strides();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != 1 && strides[i] != want[i]) return false;
  }
  return true;
}

Status TensorSpec::validate() const {
  if (dtype_size(dtype) == 0) {
    return {StatusCode::kInvalidArgument,
            fmt::format("unknown dtype {}", static_cast<int32_t>(dtype))};
  }
  if (shape.size() > HWC_MAX_RANK) {
    return {StatusCode::kInvalidArgument,
            fmt::format("rank {} exceeds the ABI maximum {}", shape.size(), HWC_MAX_RANK)};
  }
  if (!strides.empty() && strides.size() != shape.size()) {
    return {StatusCode::kInvalidArgument,
            fmt::format("{} strides for rank {}", strides.size(), shape.size())};
  }
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] < 0) {
      return {StatusCode::kInvalidArgument,
              fmt::format("dimension {} is negative ({})", i, shape[i])};
    }
    if (!strides.empty() && strides[i] < 0) {
      return {StatusCode::kInvalidArgument,
              fmt::format("stride {} is negative ({})", i, strides[i])};
    }
  }
  if (!element_count() || !required_bytes()) {
    return {StatusCode::kInvalidArgument, "tensor size overflows 64 bits"};
  }
  return Status::Ok();
}

HWC_TensorDesc TensorSpec::to_abi() const {
  HWC_TensorDesc desc{};
  desc.struct_size = sizeof(HWC_TensorDesc);
  desc.dtype = static_cast<int32_t>(dtype);
  const std::size_t rank = std::min<std::size_t>(shape.size(), HWC_MAX_RANK);
  desc.rank = static_cast<uint32_t>(shape.size());
  const std::vector<int64_t> effective = effective_strides();
  for (std::size_t i = 0; i < rank; ++i) {
    desc.shape[i] = shape[i];
    desc.strides[i] = effective[i];
  }
  desc.byte_offset = byte_offset;
  return desc;
}

OpCall::OpCall(std::string op_name, std::vector<TensorSpec> inputs, std::vector<TensorSpec> outputs,
               std::vector<Attribute> attributes, uint32_t opset)
    : op_name_(std::move(op_name)),
      opset_(opset),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      attributes_(std::move(attributes)) {
  rebuild();
}

OpCall::OpCall(const OpCall& other)
    : op_name_(other.op_name_),
      opset_(other.opset_),
      inputs_(other.inputs_),
      outputs_(other.outputs_),
      attributes_(other.attributes_) {
  rebuild();
}

OpCall::OpCall(OpCall&& other) noexcept
    : op_name_(std::move(other.op_name_)),
      opset_(other.opset_),
      inputs_(std::move(other.inputs_)),
      outputs_(std::move(other.outputs_)),
      attributes_(std::move(other.attributes_)) {
  rebuild();
  other.rebuild();
}

OpCall& OpCall::operator=(const OpCall& other) {
  if (this != &other) {
    op_name_ = other.op_name_;
    opset_ = other.opset_;
    inputs_ = other.inputs_;
    outputs_ = other.outputs_;
    attributes_ = other.attributes_;
    rebuild();
  }
  return *this;
}

OpCall& OpCall::operator=(OpCall&& other) noexcept {
  if (this != &other) {
    op_name_ = std::move(other.op_name_);
    opset_ = other.opset_;
    inputs_ = std::move(other.inputs_);
    outputs_ = std::move(other.outputs_);
    attributes_ = std::move(other.attributes_);
    rebuild();
    other.rebuild();
  }
  return *this;
}

const Attribute* OpCall::find_attribute(std::string_view name) const {
  for (const Attribute& attribute : attributes_) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

void OpCall::rebuild() {
  input_descs_.clear();
  output_descs_.clear();
  for (const TensorSpec& spec : inputs_) input_descs_.push_back(spec.to_abi());
  for (const TensorSpec& spec : outputs_) output_descs_.push_back(spec.to_abi());
  input_ptrs_.clear();
  output_ptrs_.clear();
  for (const HWC_TensorDesc& desc : input_descs_) input_ptrs_.push_back(&desc);
  for (const HWC_TensorDesc& desc : output_descs_) output_ptrs_.push_back(&desc);

  attr_descs_.clear();
  for (const Attribute& attribute : attributes_) {
    HWC_Attribute abi{};
    abi.struct_size = sizeof(HWC_Attribute);
    abi.name = attribute.name.c_str();
    std::visit(
        [&abi](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, int64_t>) {
            abi.type = HWC_ATTR_INT;
            abi.value_int = value;
          } else if constexpr (std::is_same_v<T, double>) {
            abi.type = HWC_ATTR_FLOAT;
            abi.value_float = value;
          } else if constexpr (std::is_same_v<T, std::string>) {
            abi.type = HWC_ATTR_STRING;
            abi.value_string = value.c_str();
            abi.count = static_cast<uint32_t>(value.size());
          } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
            abi.type = HWC_ATTR_INT_LIST;
            abi.value_ints = value.data();
            abi.count = static_cast<uint32_t>(value.size());
          } else {
            abi.type = HWC_ATTR_FLOAT_LIST;
            abi.value_floats = value.data();
            abi.count = static_cast<uint32_t>(value.size());
          }
        },
        attribute.value);
    attr_descs_.push_back(abi);
  }
  attr_ptrs_.clear();
  for (const HWC_Attribute& attribute : attr_descs_) attr_ptrs_.push_back(&attribute);

  desc_ = HWC_OpDesc{};
  desc_.struct_size = sizeof(HWC_OpDesc);
  desc_.op_name = op_name_.c_str();
  desc_.opset = opset_;
  desc_.num_inputs = static_cast<uint32_t>(input_ptrs_.size());
  desc_.inputs = input_ptrs_.data();
  desc_.num_outputs = static_cast<uint32_t>(output_ptrs_.size());
  desc_.outputs = output_ptrs_.data();
  desc_.num_attributes = static_cast<uint32_t>(attr_ptrs_.size());
  desc_.attributes = attr_ptrs_.data();
}

}  // namespace hwcert
