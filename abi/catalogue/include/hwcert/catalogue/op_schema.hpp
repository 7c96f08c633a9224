// The op catalogue (docs/op-catalogue.md, opsets 1 and 2) as data: every op's inputs,
// attributes with types and defaults, the dtypes its first input may have, the work it does per
// element and the opset that introduced it. Shape inference (shape_inference.hpp), geometry
// (op_geometry.hpp) and cost (op_cost.hpp) read this table; README.md says how to add an op.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/loader/op_call.hpp"

namespace hwcert::catalogue {

// The catalogue's opset: opset N holds every op of opset N-1, unchanged, and the ops whose
// `since` is N. An op's opset (what a host fills into HWC_OpDesc.opset) is its `since`.
inline constexpr uint32_t kOpset = 2;

// In the order of AttributeValue's alternatives.
enum class AttrType { kInt, kFloat, kString, kInts, kFloats };
std::string_view to_string(AttrType type);

enum class OpFamily {
  kDataMovement,
  kUnary,
  kBinary,
  kReduction,
  kNormalization,  // softmax, log_softmax, layer_norm, rms_norm, batch_norm
  kMatmul,
  kConvolution,
  kPooling,
  kAttention,
};

struct AttrSchema {
  std::string name;
  AttrType type;
  bool required = false;
  // Default when absent (unset for required attributes and for defaults that depend on the
  // inputs: pool strides = kernel, attention scale = 1/sqrt(D)).
  std::optional<AttributeValue> default_value;
};

// Operations counted per element for the ops whose cost is not derived from a geometry
// (matmul, conv2d and attention count multiply-adds, see op_cost.hpp).
struct ElementWork {
  enum class Basis { kOutput, kInput };
  double flops = 0;  // 0: pure data movement
  Basis per = Basis::kOutput;
};

struct OpSchema {
  std::string name;
  OpFamily family;
  uint32_t min_inputs;
  uint32_t max_inputs;  // UINT32_MAX for variadic (concat)
  std::vector<std::string> input_names;
  std::vector<AttrSchema> attributes;
  std::vector<DType> input_dtypes;  // dtypes the first input may have (where: A, input 1)
  ElementWork work;
  uint32_t since = 1;  // the opset that introduced the op
  const AttrSchema* find_attribute(std::string_view attr_name) const;
  bool accepts(DType dtype) const;
};

// Every op of the catalogue (opset kOpset), in catalogue order.
std::span<const OpSchema> op_schemas();
const OpSchema* find_op_schema(std::string_view name);
// The opset that introduced `op`: what a host puts in HWC_OpDesc.opset. 0 for an unknown op.
uint32_t op_opset(std::string_view op);

// True when the catalogue allows `dtype` as the (first input's) dtype of `op`; false for an
// unknown op.
bool op_accepts_dtype(std::string_view op, DType dtype);
// matmul, conv2d and attention: measured against compute peaks; the rest against bandwidth.
bool is_compute_bound(std::string_view op);

// math_mode values of the catalogue, and the ops that take a math_mode attribute.
std::span<const std::string_view> math_mode_names();
bool is_known_math_mode(std::string_view mode);
bool op_takes_math_mode(std::string_view op);
// The effective math mode of a call ("strict" when absent or not applicable).
std::string math_mode_name(const OpCall& call);

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

}  // namespace hwcert::catalogue
