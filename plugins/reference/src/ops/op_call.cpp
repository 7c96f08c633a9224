#include "ops/op_call.hpp"

#include <cstring>

#include "dtype.hpp"
#include "error.hpp"

namespace hwcert::reference {
namespace {

constexpr int64_t kMaxExtent = int64_t{1} << 62;

TensorView parse_tensor(const HWC_TensorDesc* desc, const std::string& where) {
  if (desc == nullptr) fail_invalid(where + " descriptor is NULL");
  if (desc->struct_size < HWC_STRUCT_SIZE_UP_TO(HWC_TensorDesc, byte_offset)) {
    fail_invalid(where + " struct_size " + std::to_string(desc->struct_size) + " is smaller than " +
                 std::to_string(HWC_STRUCT_SIZE_UP_TO(HWC_TensorDesc, byte_offset)));
  }
  TensorView view;
  if (!dtype_valid(desc->dtype))
    fail_invalid(where + " has invalid dtype " + std::to_string(desc->dtype));
  if (desc->rank > HWC_MAX_RANK) {
    fail_invalid(where + " rank " + std::to_string(desc->rank) + " exceeds " +
                 std::to_string(HWC_MAX_RANK));
  }
  view.dtype = desc->dtype;
  view.rank = desc->rank;
  view.byte_offset = desc->byte_offset;
  for (uint32_t d = 0; d < desc->rank; ++d) {
    if (desc->shape[d] < 0)
      fail_invalid(where + " has negative extent in dimension " + std::to_string(d));
    if (desc->strides[d] < 0)
      fail_invalid(where + " has negative stride in dimension " + std::to_string(d));
    if (desc->shape[d] > kMaxExtent || desc->strides[d] > kMaxExtent) {
      fail_invalid(where + " has an extent or stride too large in dimension " + std::to_string(d));
    }
    view.shape[d] = desc->shape[d];
    view.strides[d] = desc->strides[d];
  }
  // Element count and addressed span must stay far from overflow.
  if (!view.empty()) {
    long double count = 1.0L;
    long double span = 1.0L;
    for (uint32_t d = 0; d < view.rank; ++d) {
      count *= static_cast<long double>(view.shape[d]);
      span +=
          static_cast<long double>(view.shape[d] - 1) * static_cast<long double>(view.strides[d]);
    }
    const long double bytes = span * static_cast<long double>(dtype_size(view.dtype)) +
                              static_cast<long double>(view.byte_offset);
    if (count > static_cast<long double>(kMaxExtent) ||
        bytes > static_cast<long double>(kMaxExtent)) {
      fail_invalid(where + " " + view.describe() + " addresses more than 2^62 elements or bytes");
    }
  }
  return view;
}

}  // namespace

int64_t TensorView::numel() const {
  int64_t count = 1;
  for (uint32_t d = 0; d < rank; ++d) count *= shape[d];
  return count;
}

std::size_t TensorView::element_size() const {
  return dtype_size(dtype);
}

uint64_t TensorView::end_byte() const {
  if (empty()) return 0;
  uint64_t last = 0;
  for (uint32_t d = 0; d < rank; ++d)
    last += static_cast<uint64_t>(shape[d] - 1) * static_cast<uint64_t>(strides[d]);
  return byte_offset + (last + 1) * element_size();
}

bool TensorView::is_contiguous() const {
  int64_t expected = 1;
  for (uint32_t d = rank; d-- > 0;) {
    if (shape[d] != 1 && strides[d] != expected) return false;
    expected *= shape[d];
  }
  return true;
}

std::string TensorView::describe() const {
  std::string text = dtype_name(dtype) + "[";
  for (uint32_t d = 0; d < rank; ++d) {
    if (d) text += ",";
    text += std::to_string(shape[d]);
  }
  return text + "]";
}

OpCall OpCall::parse(const HWC_OpDesc* desc) {
  if (desc == nullptr) fail_invalid("op descriptor is NULL");
  if (desc->struct_size < HWC_STRUCT_SIZE_UP_TO(HWC_OpDesc, attributes)) {
    fail_invalid("op descriptor struct_size " + std::to_string(desc->struct_size) +
                 " is smaller than the 1.0 layout (" +
                 std::to_string(HWC_STRUCT_SIZE_UP_TO(HWC_OpDesc, attributes)) + ")");
  }
  if (desc->op_name == nullptr) fail_invalid("op descriptor has a NULL op_name");
  OpCall call;
  call.name = desc->op_name;
  call.opset = desc->opset;
  if (desc->num_inputs > 0 && desc->inputs == nullptr)
    fail_invalid(call.name + ": inputs array is NULL");
  if (desc->num_outputs > 0 && desc->outputs == nullptr)
    fail_invalid(call.name + ": outputs array is NULL");
  if (desc->num_inputs > 1024 || desc->num_outputs > 1024 || desc->num_attributes > 1024) {
    fail_invalid(call.name + ": too many inputs, outputs or attributes");
  }
  for (uint32_t i = 0; i < desc->num_inputs; ++i) {
    call.inputs.push_back(parse_tensor(desc->inputs[i], call.name + " input " + std::to_string(i)));
  }
  for (uint32_t i = 0; i < desc->num_outputs; ++i) {
    call.outputs.push_back(
        parse_tensor(desc->outputs[i], call.name + " output " + std::to_string(i)));
  }
  call.attributes = OpAttributes(*desc);
  return call;
}

const OpAttributes& OpCall::checked_attributes(std::initializer_list<AttributeSpec> schema) const {
  attributes.check_schema(schema);
  return attributes;
}

}  // namespace hwcert::reference
