// An op's attributes checked against its schema at once: every attribute must be named in
// the schema with the schema's type, and appear once; otherwise INVALID_ARGUMENT. Getters
// return the given value or the schema default.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hwcert::cuda {

struct AttributeSpec {
  std::string_view name;
  int32_t type;  ///< HWC_ATTR_*
};

class OpAttributes {
 public:
  OpAttributes(const HWC_OpDesc& op, std::initializer_list<AttributeSpec> schema);

  bool present(std::string_view name) const { return lookup(name) != nullptr; }
  int64_t integer(std::string_view name, int64_t fallback) const;
  /// An int attribute that must be 0 or 1.
  bool flag(std::string_view name, bool fallback) const;
  double real(std::string_view name, double fallback) const;
  std::string text(std::string_view name, std::string fallback) const;
  std::vector<int64_t> integers(std::string_view name, std::vector<int64_t> fallback) const;
  /// An int-list attribute without a default (INVALID_ARGUMENT when absent).
  std::vector<int64_t> required_integers(std::string_view name) const;

 private:
  const HWC_Attribute* lookup(std::string_view name) const;

  std::string op_name_;
  std::vector<const HWC_Attribute*> given_;
};

}  // namespace hwcert::cuda
