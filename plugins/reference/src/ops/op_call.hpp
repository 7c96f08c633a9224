// An owned, validated copy of an HWC_OpDesc: what an op needs after op_launch returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/hwcert_plugin.h"

namespace hwcert::reference {

struct TensorView {
  int32_t dtype = HWC_DTYPE_INVALID;
  uint32_t rank = 0;
  int64_t shape[HWC_MAX_RANK] = {};
  int64_t strides[HWC_MAX_RANK] = {};  // in elements
  uint64_t byte_offset = 0;

  int64_t numel() const;
  bool empty() const { return numel() == 0; }
  std::size_t element_size() const;
  // One past the last byte an element of this view can touch (0 for an empty view).
  uint64_t end_byte() const;
  bool is_contiguous() const;  // dense row-major
  std::vector<int64_t> dims() const { return {shape, shape + rank}; }
  std::string describe() const;  // e.g. "f32[2,3]"
};

struct OpAttribute {
  std::string name;
  int32_t type = 0;
  int64_t value_int = 0;
  double value_float = 0.0;
  std::string value_string;
  std::vector<int64_t> value_ints;
  std::vector<double> value_floats;
};

struct OpCall {
  std::string name;
  uint32_t opset = 0;
  std::vector<TensorView> inputs;
  std::vector<TensorView> outputs;
  std::vector<OpAttribute> attributes;

  // Copies and checks the structure of `desc` (NULL pointers, struct sizes, ranks, dtypes,
  // shapes, strides, attribute types). Throws INVALID_ARGUMENT.
  static OpCall parse(const HWC_OpDesc* desc);
};

// Reads an op's attributes against its schema: unknown names, wrong types and bad values
// are INVALID_ARGUMENT with a message naming the op and the attribute.
class AttributeReader {
 public:
  AttributeReader(const OpCall& call, std::initializer_list<std::string_view> known);
  bool has(std::string_view name) const { return find(name) != nullptr; }
  int64_t get_int(std::string_view name, int64_t fallback) const;
  double get_float(std::string_view name, double fallback) const;
  std::string get_string(std::string_view name, std::string_view fallback) const;
  std::vector<int64_t> get_ints(std::string_view name, std::vector<int64_t> fallback) const;
  // An int attribute that must be 0 or 1.
  bool get_flag(std::string_view name, bool fallback) const;
  [[noreturn]] void bad_value(std::string_view name, const std::string& why) const;

 private:
  const OpAttribute* find(std::string_view name) const;
  const OpAttribute& typed(std::string_view name, int32_t type) const;
  const OpCall& call_;
};

}  // namespace hwcert::reference
