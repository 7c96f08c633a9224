#include "hwcert/plugin_common/op_attributes.hpp"

#include <utility>

#include "hwcert/plugin_common/dtypes.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {
namespace {

/// INVALID_ARGUMENT unless a list of `count` values is given (`values` not NULL).
void require_list(const std::string& where, const void* values, uint64_t count) {
  if (count > 0 && values == nullptr) fail_invalid(where + " has a NULL list");
}

}  // namespace

OpAttributes::OpAttributes(const HWC_OpDesc& op)
    : op_name_(op.op_name != nullptr ? op.op_name : "op") {
  if (op.num_attributes > 0 && op.attributes == nullptr)
    fail_invalid(op_name_ + ": attributes array is NULL");
  for (uint32_t i = 0; i < op.num_attributes; ++i) {
    const HWC_Attribute* a = op.attributes[i];
    const std::string where = op_name_ + ": attribute " + std::to_string(i);
    if (a == nullptr) fail_invalid(where + " is NULL");
    if (!HWC_HAS_FIELD(a, HWC_Attribute, value_floats))
      fail_invalid(where + " has a struct_size of " + std::to_string(a->struct_size) +
                   ", older than the 1.0 layout");
    if (a->name == nullptr) fail_invalid(where + " has a NULL name");
    if (has(a->name)) fail_invalid(op_name_ + ": attribute '" + a->name + "' given twice");
    const std::string named = op_name_ + ": attribute '" + a->name + "'";
    Attribute copy;
    copy.name = a->name;
    copy.type = a->type;
    switch (a->type) {
      case HWC_ATTR_INT:
        copy.value_int = a->value_int;
        break;
      case HWC_ATTR_FLOAT:
        copy.value_float = a->value_float;
        break;
      case HWC_ATTR_STRING:
        if (a->value_string == nullptr) fail_invalid(named + " has a NULL string");
        copy.value_string = a->value_string;
        break;
      case HWC_ATTR_INT_LIST:
        require_list(named, a->value_ints, a->count);
        if (a->count > 0) copy.value_ints.assign(a->value_ints, a->value_ints + a->count);
        break;
      case HWC_ATTR_FLOAT_LIST:  // no op reads one yet: checked, not kept
        require_list(named, a->value_floats, a->count);
        break;
      default:
        fail_invalid(named + " has unknown type " + std::to_string(a->type));
    }
    attributes_.push_back(std::move(copy));
  }
}

OpAttributes::OpAttributes(const HWC_OpDesc& op, std::initializer_list<AttributeSpec> schema)
    : OpAttributes(op) {
  check_schema(schema);
}

void OpAttributes::check_schema(std::initializer_list<AttributeSpec> schema) const {
  for (const Attribute& attr : attributes_) {
    const AttributeSpec* spec = nullptr;
    for (const AttributeSpec& s : schema)
      if (s.name == attr.name) spec = &s;
    if (spec == nullptr) {
      std::string known;
      for (const AttributeSpec& s : schema)
        known += (known.empty() ? "" : ", ") + std::string(s.name);
      fail_invalid(op_name_ + ": unknown attribute '" + attr.name +
                   "' (known: " + (known.empty() ? "none" : known) + ")");
    }
    if (spec->type != AttributeSpec::kAnyType) typed(attr.name, spec->type);
  }
}

const OpAttributes::Attribute* OpAttributes::find(std::string_view name) const {
  for (const Attribute& attr : attributes_)
    if (attr.name == name) return &attr;
  return nullptr;
}

const OpAttributes::Attribute* OpAttributes::typed(std::string_view name, int32_t type) const {
  const Attribute* attr = find(name);
  if (attr != nullptr && attr->type != type)
    bad_value(name, std::string("must be ") + attribute_type_name(type) + ", got " +
                        attribute_type_name(attr->type));
  return attr;
}

int64_t OpAttributes::get_int(std::string_view name, int64_t fallback) const {
  const Attribute* attr = typed(name, HWC_ATTR_INT);
  return attr != nullptr ? attr->value_int : fallback;
}

bool OpAttributes::get_flag(std::string_view name, bool fallback) const {
  const int64_t value = get_int(name, fallback ? 1 : 0);
  if (value != 0 && value != 1) bad_value(name, "must be 0 or 1, got " + std::to_string(value));
  return value == 1;
}

double OpAttributes::get_float(std::string_view name, double fallback) const {
  const Attribute* attr = typed(name, HWC_ATTR_FLOAT);
  return attr != nullptr ? attr->value_float : fallback;
}

std::string OpAttributes::get_string(std::string_view name, std::string_view fallback) const {
  const Attribute* attr = typed(name, HWC_ATTR_STRING);
  return attr != nullptr ? attr->value_string : std::string(fallback);
}

std::vector<int64_t> OpAttributes::get_ints(std::string_view name,
                                            std::vector<int64_t> fallback) const {
  const Attribute* attr = typed(name, HWC_ATTR_INT_LIST);
  return attr != nullptr ? attr->value_ints : std::move(fallback);
}

void OpAttributes::require(std::string_view name) const {
  if (!has(name)) bad_value(name, "is required");
}

std::vector<int64_t> OpAttributes::require_ints(std::string_view name) const {
  require(name);
  return get_ints(name, {});
}

void OpAttributes::bad_value(std::string_view name, const std::string& why) const {
  fail_invalid(op_name_ + ": attribute '" + std::string(name) + "' " + why);
}

}  // namespace hwcert::plugin_common
