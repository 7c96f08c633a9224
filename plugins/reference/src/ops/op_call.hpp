// An owned, validated copy of an HWC_OpDesc: what an op needs after op_launch returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/plugin_common/op_attributes.hpp"

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

using plugin_common::AttributeSpec;
using plugin_common::OpAttributes;

struct OpCall {
  std::string name;
  uint32_t opset = 0;
  std::vector<TensorView> inputs;
  std::vector<TensorView> outputs;
  OpAttributes attributes;

  // Copies and checks the structure of `desc` (NULL pointers, struct sizes, ranks, dtypes,
  // shapes, strides, attribute types). Throws INVALID_ARGUMENT.
  static OpCall parse(const HWC_OpDesc* desc);

  // The attributes, checked against the op's schema (OpAttributes::check_schema).
  const OpAttributes& checked_attributes(std::initializer_list<AttributeSpec> schema) const;
};

}  // namespace hwcert::reference
