#include "call_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "hwcert/catalogue/shape_inference.hpp"

namespace hwcert::catalogue {

Status invalid(const OpCall& call, const std::string& what) {
  return {StatusCode::kInvalidArgument, fmt::format("{}: {}", call.op_name(), what)};
}

Expected<std::vector<TensorSpec>> one_output(DType dtype, std::vector<int64_t> shape) {
  return std::vector{TensorSpec::dense(dtype, std::move(shape))};
}

std::string shape_text(std::span<const int64_t> shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

Expected<int64_t> checked_axis(const OpCall& call, int64_t axis, std::size_t rank) {
  auto normalized = normalize_axis(axis, rank);
  if (!normalized) {
    return invalid(call, fmt::format("axis {} is out of range for rank {}", axis, rank));
  }
  return *normalized;
}

Status check_same_dtype(const OpCall& call) {
  const auto& in = call.inputs();
  for (std::size_t i = 1; i < in.size(); ++i) {
    if (in[i].dtype != in[0].dtype) {
      return invalid(call, fmt::format("input {} has dtype {}, input 0 has {}; they must match", i,
                                       dtype_name(in[i].dtype), dtype_name(in[0].dtype)));
    }
  }
  return Status::Ok();
}

Status check_input_dtype(const OpCall& call, const OpSchema& schema) {
  const DType dtype = call.inputs()[0].dtype;
  if (schema.accepts(dtype)) return Status::Ok();
  std::vector<std::string_view> names;
  for (DType d : schema.input_dtypes) names.push_back(dtype_name(d));
  return invalid(call, fmt::format("dtype {} is not supported (allowed: {})", dtype_name(dtype),
                                   fmt::join(names, ", ")));
}

Status check_math_mode(const OpCall& call, DType input_dtype) {
  const std::string name = math_mode_name(call);
  if (!is_known_math_mode(name)) {
    return invalid(call, fmt::format("math_mode \"{}\" is not one of {}", name,
                                     fmt::join(math_mode_names(), ", ")));
  }
  if (name == "strict") return Status::Ok();
  if (name == "f16_accumulate") {
    if (input_dtype == DType::kF16) return Status::Ok();
    return invalid(call, "math_mode f16_accumulate applies to f16 inputs only");
  }
  if (input_dtype == DType::kF32) return Status::Ok();
  return invalid(call, fmt::format("math_mode {} applies to f32 inputs only, inputs are {}", name,
                                   dtype_name(input_dtype)));
}

Status check_input_count(const OpCall& call, const OpSchema& schema) {
  const auto n = static_cast<uint32_t>(call.inputs().size());
  if (n >= schema.min_inputs && n <= schema.max_inputs) return Status::Ok();
  if (schema.min_inputs == schema.max_inputs) {
    return invalid(call, fmt::format("takes {} inputs, got {}", schema.min_inputs, n));
  }
  return invalid(call,
                 fmt::format("takes {} to {} inputs, got {}", schema.min_inputs,
                             schema.max_inputs == UINT32_MAX ? std::string("any number of")
                                                             : std::to_string(schema.max_inputs),
                             n));
}

Status check_attributes(const OpCall& call, const OpSchema& schema) {
  const auto& attrs = call.attributes();
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    const Attribute& attr = attrs[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (attrs[j].name == attr.name) {
        return invalid(call, fmt::format("attribute '{}' is given twice", attr.name));
      }
    }
    const AttrSchema* expected = schema.find_attribute(attr.name);
    if (expected == nullptr) {
      std::vector<std::string> names;
      for (const AttrSchema& a : schema.attributes) names.push_back(a.name);
      return invalid(
          call, fmt::format("unknown attribute '{}' (known: {})", attr.name,
                            names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
    }
    const std::size_t want = static_cast<std::size_t>(expected->type);
    if (attr.value.index() != want) {
      return invalid(call, fmt::format("attribute '{}' must be {}, got {}", attr.name,
                                       to_string(expected->type),
                                       to_string(static_cast<AttrType>(attr.value.index()))));
    }
  }
  for (const AttrSchema& a : schema.attributes) {
    if (a.required && call.find_attribute(a.name) == nullptr) {
      return invalid(
          call, fmt::format("required attribute '{}' ({}) is missing", a.name, to_string(a.type)));
    }
  }
  return Status::Ok();
}

}  // namespace hwcert::catalogue
