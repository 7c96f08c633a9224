#include "attributes.hpp"

#include <hwcert/plugin_common/dtypes.hpp>

#include "error.hpp"

namespace hwcert::cuda {
namespace {}  // namespace

OpAttributes::OpAttributes(const HWC_OpDesc& op, std::initializer_list<AttributeSpec> schema)
    : op_name_(op.op_name) {
  for (uint32_t i = 0; i < op.num_attributes; ++i) {
    const HWC_Attribute* a = op.attributes[i];
    if (a == nullptr) fail_invalid(op_name_ + ": attribute " + std::to_string(i) + " is NULL");
    if (!HWC_HAS_FIELD(a, HWC_Attribute, value_floats))
      fail_invalid(op_name_ + ": attribute " + std::to_string(i) + " has a too small struct_size");
    if (a->name == nullptr)
      fail_invalid(op_name_ + ": attribute " + std::to_string(i) + " has no name");
    const std::string name = a->name;
    const AttributeSpec* spec = nullptr;
    for (const AttributeSpec& s : schema)
      if (s.name == name) spec = &s;
    if (spec == nullptr) fail_invalid(op_name_ + ": unknown attribute '" + name + "'");
    if (a->type != spec->type)
      fail_invalid(op_name_ + ": attribute '" + name + "' is a " +
                   plugin_common::attribute_type_name(a->type) + ", the schema wants a " +
                   plugin_common::attribute_type_name(spec->type));
    if (lookup(name) != nullptr) fail_invalid(op_name_ + ": attribute '" + name + "' given twice");
    if (a->type == HWC_ATTR_STRING && a->value_string == nullptr)
      fail_invalid(op_name_ + ": string attribute '" + name + "' is NULL");
    if (a->type == HWC_ATTR_INT_LIST && a->count > 0 && a->value_ints == nullptr)
      fail_invalid(op_name_ + ": list attribute '" + name + "' is NULL");
    given_.push_back(a);
  }
}

const HWC_Attribute* OpAttributes::lookup(std::string_view name) const {
  for (const HWC_Attribute* a : given_)
    if (name == a->name) return a;
  return nullptr;
}

int64_t OpAttributes::integer(std::string_view name, int64_t fallback) const {
  const HWC_Attribute* a = lookup(name);
  return a != nullptr ? a->value_int : fallback;
}

bool OpAttributes::flag(std::string_view name, bool fallback) const {
  const int64_t v = integer(name, fallback ? 1 : 0);
  if (v != 0 && v != 1)
    fail_invalid(op_name_ + ": attribute '" + std::string(name) + "' must be 0 or 1, not " +
                 std::to_string(v));
  return v == 1;
}

double OpAttributes::real(std::string_view name, double fallback) const {
  const HWC_Attribute* a = lookup(name);
  return a != nullptr ? a->value_float : fallback;
}

std::string OpAttributes::text(std::string_view name, std::string fallback) const {
  const HWC_Attribute* a = lookup(name);
  return a != nullptr ? std::string(a->value_string) : fallback;
}

std::vector<int64_t> OpAttributes::integers(std::string_view name,
                                            std::vector<int64_t> fallback) const {
  const HWC_Attribute* a = lookup(name);
  if (a == nullptr) return fallback;
  return std::vector<int64_t>(a->value_ints, a->value_ints + a->count);
}

std::vector<int64_t> OpAttributes::required_integers(std::string_view name) const {
  if (!present(name))
    fail_invalid(op_name_ + ": the attribute '" + std::string(name) + "' is required");
  return integers(name, {});
}

}  // namespace hwcert::cuda
