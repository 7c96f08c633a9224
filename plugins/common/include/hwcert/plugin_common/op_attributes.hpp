// An op's attributes, copied out of its descriptor and read against the op's schema: every
// device plugin's one way to read them. Malformed attributes, names the schema does not know
// and values of the wrong type are INVALID_ARGUMENT with a message naming the op and the
// attribute; absent attributes take the default the caller gives.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hwcert::plugin_common {

/// One attribute an op takes. With only a name, its type is checked when it is read; with a
/// type (HWC_ATTR_*), as soon as the schema is checked.
struct AttributeSpec {
  static constexpr int32_t kAnyType = -1;

  AttributeSpec(const char* name) : name(name) {}  // NOLINT(google-explicit-constructor)
  AttributeSpec(std::string_view name, int32_t type) : name(name), type(type) {}

  std::string_view name;
  int32_t type = kAnyType;
};

class OpAttributes {
 public:
  /// No attributes.
  OpAttributes() = default;
  /// Copies the attributes of `op`: INVALID_ARGUMENT for a NULL array or attribute, a
  /// struct_size older than the 1.0 layout, a NULL name, a name given twice, an unknown type,
  /// and a NULL string or list.
  explicit OpAttributes(const HWC_OpDesc& op);
  /// The same, then check_schema(schema).
  OpAttributes(const HWC_OpDesc& op, std::initializer_list<AttributeSpec> schema);

  /// INVALID_ARGUMENT for an attribute that `schema` does not name (the message lists the
  /// names it knows), or whose type differs from the one `schema` gives it.
  void check_schema(std::initializer_list<AttributeSpec> schema) const;

  bool has(std::string_view name) const { return find(name) != nullptr; }
  /// INVALID_ARGUMENT unless attribute `name` is given.
  void require(std::string_view name) const;
  int64_t get_int(std::string_view name, int64_t fallback) const;
  /// An int attribute that must be 0 or 1.
  bool get_flag(std::string_view name, bool fallback) const;
  double get_float(std::string_view name, double fallback) const;
  std::string get_string(std::string_view name, std::string_view fallback) const;
  std::vector<int64_t> get_ints(std::string_view name, std::vector<int64_t> fallback) const;
  /// get_ints for an attribute without a default (require, then get_ints).
  std::vector<int64_t> require_ints(std::string_view name) const;
  /// INVALID_ARGUMENT "<op>: attribute '<name>' <why>".
  [[noreturn]] void bad_value(std::string_view name, const std::string& why) const;

 private:
  struct Attribute {
    std::string name;
    int32_t type = 0;
    int64_t value_int = 0;
    double value_float = 0.0;
    std::string value_string;
    std::vector<int64_t> value_ints;
  };

  const Attribute* find(std::string_view name) const;
  /// The attribute `name` when given, checked to be of `type`; nullptr when absent.
  const Attribute* typed(std::string_view name, int32_t type) const;

  std::string op_name_;
  std::vector<Attribute> attributes_;
};

}  // namespace hwcert::plugin_common
