// Builds the OpCall of one perf case from its op, dtypes, shape parameters and attributes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "hwcert/loader/op_call.hpp"

namespace hwcert::perf {

// A shape parameter of a suite case: an extent ("m = 256") or a shape ("shape = [64, 1024]").
using ShapeValue = std::variant<int64_t, std::vector<int64_t>>;
using ShapeParams = std::map<std::string, ShapeValue>;

struct CaseSpec {
  std::string op;
  DType dtype = DType::kF32;
  std::optional<DType> out_dtype;  // matmul with fp8/int8 inputs, cast
  ShapeParams shape;
  std::vector<Attribute> attributes;
};

struct BuiltCase {
  OpCall call;
  std::string shape_label;  // e.g. "m256_n256_k256", "4096x1024"
};

// Ops the perf suites can describe.
bool is_perf_op(std::string_view op);
// Shape keys an op accepts and which of them are required ("a" and "b" for binary ops...).
std::vector<std::string> shape_keys(std::string_view op, bool required_only);

// Returns the call, or a message saying which parameter is missing or inconsistent.
std::variant<BuiltCase, std::string> build_case(const CaseSpec& spec);

}  // namespace hwcert::perf
