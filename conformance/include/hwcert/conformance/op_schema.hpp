// The op catalogue (docs/op-catalogue.md, opset 1) as code: inputs, attributes with types,
// defaults and validation, dtype rules, shape inference, and per-op work measures (FLOPs,
// minimum bytes moved) that perfsuite reuses.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance {

inline constexpr uint32_t kOpset = 1;

enum class AttrType { kInt, kFloat, kString, kInts, kFloats };
std::string_view to_string(AttrType type);

enum class OpFamily {
  kDataMovement,
  kUnary,
  kBinary,
  kReduction,
  kNormalization,  // softmax, log_softmax, layer_norm, rms_norm
  kMatmul,
  kConvolution,
  kPooling,
  kAttention,
};
std::string_view to_string(OpFamily family);

struct AttrSchema {
  std::string name;
  AttrType type;
  bool required = false;
  // Default when absent (unset for required attributes and for defaults that depend on the
  // inputs: pool strides = kernel, attention scale = 1/sqrt(D)).
  std::optional<AttributeValue> default_value;
};

struct OpSchema {
  std::string name;
  OpFamily family;
  uint32_t min_inputs;
  uint32_t max_inputs;  // UINT32_MAX for variadic (concat)
  std::vector<std::string> input_names;
  std::vector<AttrSchema> attributes;
  const AttrSchema* find_attribute(std::string_view attr_name) const;
};

// Every op of opset 1, in catalogue order.
std::span<const OpSchema> op_schemas();
const OpSchema* find_op_schema(std::string_view name);

// Attribute values of a call with the schema's defaults applied. Call only on attributes the
// schema declares with that type (validate_op_call checks the call first).
class Attrs {
 public:
  Attrs(const OpCall& call, const OpSchema& schema) : call_(&call), schema_(&schema) {}
  bool has(std::string_view name) const { return call_->find_attribute(name) != nullptr; }
  int64_t get_int(std::string_view name) const;
  double get_float(std::string_view name) const;
  std::string get_string(std::string_view name) const;
  std::vector<int64_t> get_ints(std::string_view name) const;

 private:
  const AttributeValue* value(std::string_view name) const;
  const OpCall* call_;
  const OpSchema* schema_;
};

// Output shapes (and dtypes) of a call from its inputs and attributes; `outputs` of the call
// are ignored. INVALID_ARGUMENT naming the op and the rule broken.
Expected<std::vector<TensorSpec>> infer_outputs(const OpCall& call);
// Output dtype chosen by default for `op` given its input dtypes (cast: none; matmul i8 ->
// i32; fp8 matmul -> f32; everything else: the first input's dtype).
std::optional<DType> default_output_dtype(std::string_view op, std::span<const DType> inputs);

// Full validation: known op and opset, input and output counts, tensor specs (aligned byte
// offsets, non-overlapping outputs), attribute names, types and ranges, dtype rules,
// output shapes equal to the inferred ones. INVALID_ARGUMENT with a message that names the
// op, the tensor or attribute, and what was expected.
Status validate_op_call(const OpCall& call);

// Numpy broadcast of two shapes; nullopt when incompatible.
std::optional<std::vector<int64_t>> broadcast_shapes(std::span<const int64_t> a,
                                                     std::span<const int64_t> b);
// Normalises a possibly negative axis against `rank`; nullopt when out of range.
std::optional<int64_t> normalize_axis(int64_t axis, std::size_t rank);
// The effective math mode of a call ("strict" when absent or not applicable).
std::string math_mode_name(const OpCall& call);

// Accumulation length K of one output element (matmul/conv/reduction/normalisation/pool
// window/attention), 1 for elementwise and data movement.
int64_t accumulation_length(const OpCall& call);

}  // namespace hwcert::conformance
