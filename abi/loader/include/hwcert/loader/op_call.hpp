// Owning C++ value types that produce the ABI's HWC_OpDesc / HWC_TensorDesc views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/loader/dtype.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert {

struct TensorSpec {
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;  // elements; empty means dense row-major
  uint64_t byte_offset = 0;

  static TensorSpec dense(DType dtype, std::vector<int64_t> shape);
  std::size_t rank() const { return shape.size(); }
  // Row-major strides when `strides` is empty, else `strides`.
  std::vector<int64_t> effective_strides() const;
  // Product of the shape; nullopt on overflow of int64.
  std::optional<int64_t> element_count() const;
  // Bytes a buffer needs to hold every addressed element (byte_offset included); nullopt on
  // overflow. 0 for an empty tensor.
  std::optional<uint64_t> required_bytes() const;
  bool is_dense() const;
  // Checks rank, dtype, non-negative extents and strides, and 64-bit overflow.
  Status validate() const;
  HWC_TensorDesc to_abi() const;
};

using AttributeValue =
    std::variant<int64_t, double, std::string, std::vector<int64_t>, std::vector<double>>;

struct Attribute {
  std::string name;
  AttributeValue value;
};

// One op invocation: the catalogue name, tensors and attributes. desc() returns a view whose
// pointers stay valid while this object lives and is not modified (copies and moves rebuild).
class OpCall {
 public:
  OpCall() { rebuild(); }
  OpCall(std::string op_name, std::vector<TensorSpec> inputs, std::vector<TensorSpec> outputs,
         std::vector<Attribute> attributes = {}, uint32_t opset = 1);
  OpCall(const OpCall& other);
  OpCall(OpCall&& other) noexcept;
  OpCall& operator=(const OpCall& other);
  OpCall& operator=(OpCall&& other) noexcept;
  ~OpCall() = default;

  const std::string& op_name() const { return op_name_; }
  uint32_t opset() const { return opset_; }
  const std::vector<TensorSpec>& inputs() const { return inputs_; }
  const std::vector<TensorSpec>& outputs() const { return outputs_; }
  const std::vector<Attribute>& attributes() const { return attributes_; }
  const Attribute* find_attribute(std::string_view name) const;

  const HWC_OpDesc* desc() const { return &desc_; }

 private:
  void rebuild();

  std::string op_name_;
  uint32_t opset_ = 1;
  std::vector<TensorSpec> inputs_;
  std::vector<TensorSpec> outputs_;
  std::vector<Attribute> attributes_;

  std::vector<HWC_TensorDesc> input_descs_;
  std::vector<HWC_TensorDesc> output_descs_;
  std::vector<const HWC_TensorDesc*> input_ptrs_;
  std::vector<const HWC_TensorDesc*> output_ptrs_;
  std::vector<HWC_Attribute> attr_descs_;
  std::vector<const HWC_Attribute*> attr_ptrs_;
  HWC_OpDesc desc_{};
};

}  // namespace hwcert
