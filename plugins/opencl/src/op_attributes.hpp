// Typed, checked access to an op's attributes: unknown names, duplicates and wrong types
// are INVALID_ARGUMENT; absent attributes take the schema default given by the caller.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <hwcert/hwcert_plugin.h>

namespace hwcert::opencl {

class Attributes {
 public:
  Attributes(const HWC_OpDesc& op, std::initializer_list<std::string_view> known);

  bool has(std::string_view name) const { return find(name) != nullptr; }
  int64_t get_int(std::string_view name, int64_t fallback) const;
  double get_float(std::string_view name, double fallback) const;
  std::string get_string(std::string_view name, std::string fallback) const;
  std::vector<int64_t> get_ints(std::string_view name, std::vector<int64_t> fallback) const;
  /// get_ints for a required attribute.
  std::vector<int64_t> require_ints(std::string_view name) const;

 private:
  const HWC_Attribute* find(std::string_view name) const;
  const HWC_Attribute* typed(std::string_view name, int32_t type) const;

  std::vector<const HWC_Attribute*> attributes_;
};

}  // namespace hwcert::opencl
