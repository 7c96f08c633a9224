#include "op_attributes.hpp"

#include <algorithm>

#include "error.hpp"

namespace hwcert::opencl {

Attributes::Attributes(const HWC_OpDesc& op, std::initializer_list<std::string_view> known) {
  for (uint32_t i = 0; i < op.num_attributes; ++i) {
    const HWC_Attribute* a = op.attributes[i];
    if (a == nullptr || a->name == nullptr)
      fail_invalid("attribute " + std::to_string(i) + " is NULL");
    if (!HWC_HAS_FIELD(a, HWC_Attribute, value_floats))
      fail_invalid("attribute '" + std::string(a->name) + "' has a too small struct_size");
    if (std::find(known.begin(), known.end(), std::string_view(a->name)) == known.end())
      fail_invalid("unknown attribute '" + std::string(a->name) + "' for op '" + op.op_name + "'");
    if (find(a->name) != nullptr)
      fail_invalid("attribute '" + std::string(a->name) + "' given twice");
    attributes_.push_back(a);
  }
}

const HWC_Attribute* Attributes::find(std::string_view name) const {
  for (const HWC_Attribute* a : attributes_)
    if (name == a->name) return a;
  return nullptr;
}

const HWC_Attribute* Attributes::typed(std::string_view name, int32_t type) const {
  const HWC_Attribute* a = find(name);
  if (a != nullptr && a->type != type)
    fail_invalid("attribute '" + std::string(name) + "' has the wrong type");
  return a;
}

int64_t Attributes::get_int(std::string_view name, int64_t fallback) const {
  const HWC_Attribute* a = typed(name, HWC_ATTR_INT);
  return a != nullptr ? a->value_int : fallback;
}

double Attributes::get_float(std::string_view name, double fallback) const {
  const HWC_Attribute* a = typed(name, HWC_ATTR_FLOAT);
  return a != nullptr ? a->value_float : fallback;
}

std::string Attributes::get_string(std::string_view name, std::string fallback) const {
  const HWC_Attribute* a = typed(name, HWC_ATTR_STRING);
  if (a == nullptr) return fallback;
  if (a->value_string == nullptr) fail_invalid("attribute '" + std::string(name) + "' is NULL");
  return std::string(a->value_string);
}

std::vector<int64_t> Attributes::get_ints(std::string_view name,
                                          std::vector<int64_t> fallback) const {
  const HWC_Attribute* a = typed(name, HWC_ATTR_INT_LIST);
  if (a == nullptr) return fallback;
  if (a->count > 0 && a->value_ints == nullptr)
    fail_invalid("attribute '" + std::string(name) + "' has a NULL list");
  return std::vector<int64_t>(a->value_ints, a->value_ints + a->count);
}

std::vector<int64_t> Attributes::require_ints(std::string_view name) const {
  if (!has(name)) fail_invalid("required attribute '" + std::string(name) + "' is missing");
  return get_ints(name, {});
}

}  // namespace hwcert::opencl
