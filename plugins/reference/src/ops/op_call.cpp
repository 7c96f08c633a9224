#include "ops/op_call.hpp"

#include <cstring>
#include <set>

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
  if (desc->num_attributes > 0 && desc->attributes == nullptr) {
    fail_invalid(call.name + ": attributes array is NULL");
  }
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
  std::set<std::string> seen;
  for (uint32_t i = 0; i < desc->num_attributes; ++i) {
    const HWC_Attribute* attr = desc->attributes[i];
    const std::string where = call.name + " attribute " + std::to_string(i);
    if (attr == nullptr) fail_invalid(where + " is NULL");
    if (attr->struct_size < HWC_STRUCT_SIZE_UP_TO(HWC_Attribute, value_floats)) {
      fail_invalid(where + " struct_size " + std::to_string(attr->struct_size) + " is too small");
    }
    if (attr->name == nullptr) fail_invalid(where + " has a NULL name");
    OpAttribute out;
    out.name = attr->name;
    out.type = attr->type;
    if (!seen.insert(out.name).second)
      fail_invalid(call.name + ": attribute '" + out.name + "' given twice");
    switch (attr->type) {
      case HWC_ATTR_INT:
        out.value_int = attr->value_int;
        break;
      case HWC_ATTR_FLOAT:
        out.value_float = attr->value_float;
        break;
      case HWC_ATTR_STRING:
        if (attr->value_string == nullptr)
          fail_invalid(call.name + ": attribute '" + out.name + "' has a NULL string");
        out.value_string = attr->value_string;
        break;
      case HWC_ATTR_INT_LIST:
        if (attr->count > 0 && attr->value_ints == nullptr) {
          fail_invalid(call.name + ": attribute '" + out.name + "' has a NULL int list");
        }
        if (attr->count > 0)
          out.value_ints.assign(attr->value_ints, attr->value_ints + attr->count);
        break;
      case HWC_ATTR_FLOAT_LIST:
        if (attr->count > 0 && attr->value_floats == nullptr) {
          fail_invalid(call.name + ": attribute '" + out.name + "' has a NULL float list");
        }
        if (attr->count > 0)
          out.value_floats.assign(attr->value_floats, attr->value_floats + attr->count);
        break;
      default:
        fail_invalid(call.name + ": attribute '" + out.name + "' has unknown type " +
                     std::to_string(attr->type));
    }
    call.attributes.push_back(std::move(out));
  }
  return call;
}

AttributeReader::AttributeReader(const OpCall& call, std::initializer_list<std::string_view> known)
    : call_(call) {
  for (const OpAttribute& attr : call.attributes) {
    bool ok = false;
    for (std::string_view name : known) ok = ok || attr.name == name;
    if (!ok) {
      std::string list;
      for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
      fail_invalid(call.name + ": unknown attribute '" + attr.name +
                   "' (known: " + (list.empty() ? "none" : list) + ")");
    }
  }
}

const OpAttribute* AttributeReader::find(std::string_view name) const {
  for (const OpAttribute& attr : call_.attributes) {
    if (attr.name == name) return &attr;
  }
  return nullptr;
}

const OpAttribute& AttributeReader::typed(std::string_view name, int32_t type) const {
  const OpAttribute* attr = find(name);
  if (attr->type != type) {
    fail_invalid(call_.name + ": attribute '" + std::string(name) + "' must be " +
                 plugin_common::attribute_type_name(type) + ", got " +
                 plugin_common::attribute_type_name(attr->type));
  }
  return *attr;
}

int64_t AttributeReader::get_int(std::string_view name, int64_t fallback) const {
  return has(name) ? typed(name, HWC_ATTR_INT).value_int : fallback;
}

double AttributeReader::get_float(std::string_view name, double fallback) const {
  return has(name) ? typed(name, HWC_ATTR_FLOAT).value_float : fallback;
}

std::string AttributeReader::get_string(std::string_view name, std::string_view fallback) const {
  return has(name) ? typed(name, HWC_ATTR_STRING).value_string : std::string(fallback);
}

std::vector<int64_t> AttributeReader::get_ints(std::string_view name,
                                               std::vector<int64_t> fallback) const {
  return has(name) ? typed(name, HWC_ATTR_INT_LIST).value_ints : std::move(fallback);
}

bool AttributeReader::get_flag(std::string_view name, bool fallback) const {
  const int64_t value = get_int(name, fallback ? 1 : 0);
  if (value != 0 && value != 1) bad_value(name, "must be 0 or 1, got " + std::to_string(value));
  return value == 1;
}

void AttributeReader::bad_value(std::string_view name, const std::string& why) const {
  fail_invalid(call_.name + ": attribute '" + std::string(name) + "' " + why);
}

}  // namespace hwcert::reference
