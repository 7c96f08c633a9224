// Perf cases in the suites' shape vocabulary (m/n/k, n/c/h/w, b/h/sq/sk/d, shape = [...]):
// this file turns the parameters into input tensors; the catalogue (abi/catalogue) derives
// the outputs and checks the call, so a perf case is always a valid catalogue call.
#include "hwcert/perfsuite/case_builder.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"

namespace hwcert::perf {
namespace {

using Shape = std::vector<int64_t>;
using Inputs = std::vector<TensorSpec>;

std::string join_shape(const Shape& shape) {
  if (shape.empty()) return "scalar";
  return fmt::format("{}", fmt::join(shape, "x"));
}

// Reads the shape parameters an op needs; every problem becomes a message.
class Params {
 public:
  explicit Params(const ShapeParams& params) : params_(params) {}

  bool has(const std::string& key) const { return params_.count(key) > 0; }

  int64_t extent(const std::string& key, std::optional<int64_t> fallback = std::nullopt) {
    auto it = params_.find(key);
    if (it == params_.end()) {
      if (!fallback) fail(fmt::format("missing shape parameter '{}'", key));
      return fallback.value_or(1);
    }
    const auto* value = std::get_if<int64_t>(&it->second);
    if (value == nullptr) {
      fail(fmt::format("shape parameter '{}' must be an integer", key));
      return 1;
    }
    if (*value <= 0) fail(fmt::format("shape parameter '{}' must be positive", key));
    return *value;
  }

  Shape shape(const std::string& key, std::optional<Shape> fallback = std::nullopt) {
    auto it = params_.find(key);
    if (it == params_.end()) {
      if (!fallback) fail(fmt::format("missing shape parameter '{}'", key));
      return fallback.value_or(Shape{1});
    }
    const auto* value = std::get_if<Shape>(&it->second);
    if (value == nullptr) {
      fail(fmt::format("shape parameter '{}' must be a list of extents", key));
      return {1};
    }
    for (int64_t extent : *value) {
      if (extent <= 0) fail(fmt::format("shape parameter '{}' has a non-positive extent", key));
    }
    if (value->size() > HWC_MAX_RANK) fail(fmt::format("shape parameter '{}' has rank > 8", key));
    return *value;
  }

  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  const std::string& error() const { return error_; }

 private:
  const ShapeParams& params_;
  std::string error_;
};

// The inputs of a case, its shape label, and the output dtype it names (where the op lets the
// case choose one: cast, and matmul on fp8/int8).
struct CaseInputs {
  Inputs inputs;
  std::string label;
  std::optional<DType> output_dtype;
};

// The case's attributes with the catalogue's defaults.
class CaseAttrs {
 public:
  explicit CaseAttrs(const CaseSpec& spec)
      : call_(spec.op, {}, {}, spec.attributes),
        attrs_(call_, *catalogue::find_op_schema(spec.op)) {}
  CaseAttrs(const CaseAttrs&) = delete;
  CaseAttrs& operator=(const CaseAttrs&) = delete;
  const catalogue::Attrs& operator*() const { return attrs_; }
  const catalogue::Attrs* operator->() const { return &attrs_; }

 private:
  OpCall call_;
  catalogue::Attrs attrs_;
};

// Perf measures fp8 matmul writing f16 unless the suite names out_dtypes.
DType matmul_output_dtype(const CaseSpec& spec) {
  if (spec.out_dtype) return *spec.out_dtype;
  if (spec.dtype == DType::kF8E4M3 || spec.dtype == DType::kF8E5M2) return DType::kF16;
  const DType inputs[] = {spec.dtype};
  return catalogue::default_output_dtype("matmul", inputs).value_or(spec.dtype);
}

CaseInputs matmul_inputs(const CaseSpec& spec, Params& params) {
  const CaseAttrs attrs(spec);
  const int64_t batch = params.extent("batch", 1);
  const int64_t m = params.extent("m"), n = params.extent("n"), k = params.extent("k");
  const bool bias = params.extent("bias", 0) != 0 || params.has("bias");
  const DType out = matmul_output_dtype(spec);
  Shape a = attrs->get_int("transpose_a") != 0 ? Shape{k, m} : Shape{m, k};
  Shape b = attrs->get_int("transpose_b") != 0 ? Shape{n, k} : Shape{k, n};
  if (params.has("batch")) {
    a.insert(a.begin(), batch);
    b.insert(b.begin(), batch);
  }
  CaseInputs c{{TensorSpec::dense(spec.dtype, a), TensorSpec::dense(spec.dtype, b)}, "", out};
  if (bias) c.inputs.push_back(TensorSpec::dense(out, {n}));
  c.label = params.has("batch") ? fmt::format("b{}_m{}_n{}_k{}", batch, m, n, k)
                                : fmt::format("m{}_n{}_k{}", m, n, k);
  if (bias) c.label += "_bias";
  return c;
}

CaseInputs conv2d_inputs(const CaseSpec& spec, Params& params) {
  const CaseAttrs attrs(spec);
  const int64_t n = params.extent("n"), c = params.extent("c"), h = params.extent("h"),
                w = params.extent("w"), cout = params.extent("cout"), kh = params.extent("kh"),
                kw = params.extent("kw");
  const bool bias = params.has("bias") && params.extent("bias", 0) != 0;
  // A groups value the catalogue refuses still builds a weight tensor, for its message.
  const int64_t groups = std::max<int64_t>(attrs->get_int("groups"), 1);
  const bool nhwc = attrs->get_string("layout") == "NHWC";
  const DType d = spec.dtype;
  CaseInputs inputs{{TensorSpec::dense(d, nhwc ? Shape{n, h, w, c} : Shape{n, c, h, w}),
                     TensorSpec::dense(d, nhwc ? Shape{cout, kh, kw, c / groups}
                                               : Shape{cout, c / groups, kh, kw})},
                    fmt::format("n{}_c{}_h{}_w{}_k{}_r{}x{}", n, c, h, w, cout, kh, kw),
                    std::nullopt};
  if (bias) inputs.inputs.push_back(TensorSpec::dense(d, {cout}));
  return inputs;
}

CaseInputs attention_inputs(const CaseSpec& spec, Params& params) {
  const int64_t b = params.extent("b"), h = params.extent("h"), sq = params.extent("sq"),
                sk = params.extent("sk"), d = params.extent("d");
  const int64_t dv = params.extent("dv", d);
  std::string label = fmt::format("b{}_h{}_sq{}_sk{}_d{}", b, h, sq, sk, d);
  if (dv != d) label += fmt::format("_dv{}", dv);
  return {
      {TensorSpec::dense(spec.dtype, {b, h, sq, d}), TensorSpec::dense(spec.dtype, {b, h, sk, d}),
       TensorSpec::dense(spec.dtype, {b, h, sk, dv})},
      label,
      std::nullopt};
}

CaseInputs binary_inputs(const CaseSpec& spec, Params& params) {
  const Shape a = params.shape("a");
  const Shape b = params.shape("b", a);
  return {{TensorSpec::dense(spec.dtype, a), TensorSpec::dense(spec.dtype, b)},
          a == b ? join_shape(a) : fmt::format("{}_{}", join_shape(a), join_shape(b)),
          std::nullopt};
}

// Ops on one tensor X (the normalisations add their gamma and beta over X.shape[axis:]).
CaseInputs single_tensor_inputs(const CaseSpec& spec, Params& params) {
  const Shape x = params.shape("shape");
  CaseInputs c{{TensorSpec::dense(spec.dtype, x)}, join_shape(x), spec.out_dtype};
  if (spec.op == "layer_norm" || spec.op == "rms_norm") {
    const CaseAttrs attrs(spec);
    // An axis out of range builds gamma over all of X; the catalogue names the bad axis.
    const int64_t axis = catalogue::normalize_axis(attrs->get_int("axis"), x.size()).value_or(0);
    const Shape tail(x.begin() + axis, x.end());
    c.inputs.push_back(TensorSpec::dense(spec.dtype, tail));
    if (spec.op == "layer_norm") c.inputs.push_back(TensorSpec::dense(spec.dtype, tail));
  }
  return c;
}

CaseInputs case_inputs(const CaseSpec& spec, Params& params) {
  const catalogue::OpSchema& schema = *catalogue::find_op_schema(spec.op);
  switch (schema.family) {
    case catalogue::OpFamily::kMatmul:
      return matmul_inputs(spec, params);
    case catalogue::OpFamily::kConvolution:
      return conv2d_inputs(spec, params);
    case catalogue::OpFamily::kAttention:
      return attention_inputs(spec, params);
    case catalogue::OpFamily::kBinary:
      return binary_inputs(spec, params);
    default:
      return single_tensor_inputs(spec, params);
  }
}

}  // namespace

bool is_perf_op(std::string_view op) {
  const catalogue::OpSchema* schema = catalogue::find_op_schema(op);
  if (schema == nullptr) return false;
  // concat, gather and the pools have no perf vocabulary yet.
  if (schema->family == catalogue::OpFamily::kDataMovement) {
    return op == "copy" || op == "cast" || op == "transpose";
  }
  return schema->family != catalogue::OpFamily::kPooling;
}

std::vector<std::string> shape_keys(std::string_view op, bool required_only) {
  if (op == "matmul") {
    if (required_only) return {"m", "n", "k"};
    return {"batch", "m", "n", "k", "bias"};
  }
  if (op == "conv2d") {
    if (required_only) return {"n", "c", "h", "w", "cout", "kh", "kw"};
    return {"n", "c", "h", "w", "cout", "kh", "kw", "bias"};
  }
  if (op == "scaled_dot_product_attention") {
    if (required_only) return {"b", "h", "sq", "sk", "d"};
    return {"b", "h", "sq", "sk", "d", "dv"};
  }
  const catalogue::OpSchema* schema = catalogue::find_op_schema(op);
  if (schema != nullptr && schema->family == catalogue::OpFamily::kBinary) {
    if (required_only) return {"a"};
    return {"a", "b"};
  }
  return {"shape"};
}

std::variant<BuiltCase, std::string> build_case(const CaseSpec& spec) {
  if (!is_perf_op(spec.op)) return fmt::format("op '{}' is not supported by perf suites", spec.op);
  if (spec.op == "cast" && !spec.out_dtype) return std::string("cast needs out_dtypes");
  Params params(spec.shape);
  CaseInputs c = case_inputs(spec, params);
  if (!params.error().empty()) return params.error();
  std::vector<TensorSpec> named;
  if (c.output_dtype) named.push_back(TensorSpec::dense(*c.output_dtype, {}));
  auto outputs = catalogue::infer_outputs(OpCall(spec.op, c.inputs, named, spec.attributes));
  if (!outputs) return outputs.status().message();
  return BuiltCase{OpCall(spec.op, std::move(c.inputs), std::move(*outputs), spec.attributes,
                          catalogue::op_opset(spec.op)),
                   std::move(c.label)};
}

}  // namespace hwcert::perf
