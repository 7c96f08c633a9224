#include "hwcert/perfsuite/case_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

namespace hwcert::perf {
namespace {

constexpr std::array<std::string_view, 12> kUnaryOps = {
    "neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "relu", "gelu", "silu", "copy"};
constexpr std::array<std::string_view, 7> kBinaryOps = {"add", "sub", "mul", "div",
                                                        "max", "min", "pow"};
constexpr std::array<std::string_view, 3> kReduceOps = {"reduce_sum", "reduce_max", "reduce_mean"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view op) {
  return std::find(list.begin(), list.end(), op) != list.end();
}

using Shape = std::vector<int64_t>;

std::string join_shape(const Shape& shape) {
  if (shape.empty()) return "scalar";
  return fmt::format("{}", fmt::join(shape, "x"));
}

const Attribute* find(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

int64_t int_attr(const std::vector<Attribute>& attributes, std::string_view name,
                 int64_t fallback) {
  const Attribute* a = find(attributes, name);
  if (a == nullptr) return fallback;
  if (const auto* v = std::get_if<int64_t>(&a->value)) return *v;
  return fallback;
}

std::string string_attr(const std::vector<Attribute>& attributes, std::string_view name,
                        std::string fallback) {
  const Attribute* a = find(attributes, name);
  if (a == nullptr) return fallback;
  if (const auto* v = std::get_if<std::string>(&a->value)) return *v;
  return fallback;
}

Shape ints_attr(const std::vector<Attribute>& attributes, std::string_view name, Shape fallback) {
  const Attribute* a = find(attributes, name);
  if (a == nullptr) return fallback;
  if (const auto* v = std::get_if<std::vector<int64_t>>(&a->value)) return *v;
  return fallback;
}

// Reads the shape parameters an op needs; every problem becomes a message.
class Params {
 public:
  explicit Params(const ShapeParams& params) : params_(params) {}

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

int64_t normalize_axis(int64_t axis, std::size_t rank, Params& params) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) {
    params.fail(fmt::format("axis {} out of range for rank {}", axis, rank));
    return 0;
  }
  return axis < 0 ? axis + r : axis;
}

DType default_matmul_out(DType in) {
  if (in == DType::kI8) return DType::kI32;
  if (in == DType::kF8E4M3 || in == DType::kF8E5M2) return DType::kF16;
  return in;
}

std::optional<Shape> broadcast(const Shape& a, const Shape& b) {
  const std::size_t rank = std::max(a.size(), b.size());
  Shape out(rank, 1);
  for (std::size_t i = 0; i < rank; ++i) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[i] = std::max(da, db);
  }
  return out;
}

std::variant<BuiltCase, std::string> finish(Params& params, BuiltCase built) {
  if (!params.error().empty()) return params.error();
  return built;
}

}  // namespace

bool is_perf_op(std::string_view op) {
  return contains(kUnaryOps, op) || contains(kBinaryOps, op) || contains(kReduceOps, op) ||
         op == "cast" || op == "softmax" || op == "log_softmax" || op == "layer_norm" ||
         op == "rms_norm" || op == "matmul" || op == "conv2d" || op == "transpose" ||
         op == "scaled_dot_product_attention";
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
  if (contains(kBinaryOps, op)) {
    if (required_only) return {"a"};
    return {"a", "b"};
  }
  return {"shape"};
}

std::variant<BuiltCase, std::string> build_case(const CaseSpec& spec) {
  Params params(spec.shape);
  const auto& attrs = spec.attributes;
  const DType dtype = spec.dtype;
  BuiltCase built;
  const std::string& op = spec.op;

  if (op == "matmul") {
    const bool has_batch = spec.shape.count("batch") > 0;
    const int64_t batch = params.extent("batch", 1);
    const int64_t m = params.extent("m"), n = params.extent("n"), k = params.extent("k");
    const bool bias = params.extent("bias", 0) != 0 || spec.shape.count("bias") > 0;
    const bool ta = int_attr(attrs, "transpose_a", 0) != 0;
    const bool tb = int_attr(attrs, "transpose_b", 0) != 0;
    const DType out = spec.out_dtype.value_or(default_matmul_out(dtype));
    Shape a = ta ? Shape{k, m} : Shape{m, k};
    Shape b = tb ? Shape{n, k} : Shape{k, n};
    Shape y = {m, n};
    if (has_batch) {
      a.insert(a.begin(), batch);
      b.insert(b.begin(), batch);
      y.insert(y.begin(), batch);
    }
    std::vector<TensorSpec> inputs = {TensorSpec::dense(dtype, a), TensorSpec::dense(dtype, b)};
    if (bias) inputs.push_back(TensorSpec::dense(out, {n}));
    built.shape_label = has_batch ? fmt::format("b{}_m{}_n{}_k{}", batch, m, n, k)
                                  : fmt::format("m{}_n{}_k{}", m, n, k);
    if (bias) built.shape_label += "_bias";
    built.call = OpCall(op, std::move(inputs), {TensorSpec::dense(out, y)}, attrs);
    return finish(params, std::move(built));
  }

  if (op == "conv2d") {
    const int64_t n = params.extent("n"), c = params.extent("c"), h = params.extent("h"),
                  w = params.extent("w"), cout = params.extent("cout"), kh = params.extent("kh"),
                  kw = params.extent("kw");
    const bool bias = spec.shape.count("bias") > 0 && params.extent("bias", 0) != 0;
    const std::string layout = string_attr(attrs, "layout", "NCHW");
    const Shape strides = ints_attr(attrs, "strides", {1, 1});
    const Shape pads = ints_attr(attrs, "pads", {0, 0, 0, 0});
    const Shape dilations = ints_attr(attrs, "dilations", {1, 1});
    const int64_t groups = int_attr(attrs, "groups", 1);
    if (strides.size() != 2 || pads.size() != 4 || dilations.size() != 2) {
      return std::string("conv2d needs strides [2], pads [4], dilations [2]");
    }
    if (groups <= 0 || c % groups != 0 || cout % groups != 0) {
      return fmt::format("conv2d groups {} must divide c {} and cout {}", groups, c, cout);
    }
    if (layout != "NCHW" && layout != "NHWC") return "conv2d layout must be NCHW or NHWC";
    const int64_t hout = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1;
    const int64_t wout = (w + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1;
    if (hout <= 0 || wout <= 0) return std::string("conv2d output would be empty");
    const bool nhwc = layout == "NHWC";
    Shape x = nhwc ? Shape{n, h, w, c} : Shape{n, c, h, w};
    Shape wt = nhwc ? Shape{cout, kh, kw, c / groups} : Shape{cout, c / groups, kh, kw};
    Shape y = nhwc ? Shape{n, hout, wout, cout} : Shape{n, cout, hout, wout};
    std::vector<TensorSpec> inputs = {TensorSpec::dense(dtype, x), TensorSpec::dense(dtype, wt)};
    if (bias) inputs.push_back(TensorSpec::dense(dtype, {cout}));
    built.shape_label = fmt::format("n{}_c{}_h{}_w{}_k{}_r{}x{}", n, c, h, w, cout, kh, kw);
    built.call = OpCall(op, std::move(inputs), {TensorSpec::dense(dtype, y)}, attrs);
    return finish(params, std::move(built));
  }

  if (op == "scaled_dot_product_attention") {
    const int64_t b = params.extent("b"), h = params.extent("h"), sq = params.extent("sq"),
                  sk = params.extent("sk"), d = params.extent("d");
    const int64_t dv = params.extent("dv", d);
    built.shape_label = fmt::format("b{}_h{}_sq{}_sk{}_d{}", b, h, sq, sk, d);
    if (dv != d) built.shape_label += fmt::format("_dv{}", dv);
    built.call =
        OpCall(op,
               {TensorSpec::dense(dtype, {b, h, sq, d}), TensorSpec::dense(dtype, {b, h, sk, d}),
                TensorSpec::dense(dtype, {b, h, sk, dv})},
               {TensorSpec::dense(dtype, {b, h, sq, dv})}, attrs);
    return finish(params, std::move(built));
  }

  if (contains(kBinaryOps, op)) {
    const Shape a = params.shape("a");
    const Shape b = params.shape("b", a);
    const auto y = broadcast(a, b);
    if (!y) return fmt::format("shapes {} and {} do not broadcast", join_shape(a), join_shape(b));
    built.shape_label = a == b ? join_shape(a) : fmt::format("{}_{}", join_shape(a), join_shape(b));
    built.call = OpCall(op, {TensorSpec::dense(dtype, a), TensorSpec::dense(dtype, b)},
                        {TensorSpec::dense(dtype, *y)}, attrs);
    return finish(params, std::move(built));
  }

  const Shape x = params.shape("shape");
  if (!params.error().empty()) return params.error();
  built.shape_label = join_shape(x);

  if (contains(kUnaryOps, op) || op == "softmax" || op == "log_softmax") {
    if (op == "softmax" || op == "log_softmax")
      normalize_axis(int_attr(attrs, "axis", -1), x.size(), params);
    built.call = OpCall(op, {TensorSpec::dense(dtype, x)}, {TensorSpec::dense(dtype, x)}, attrs);
    return finish(params, std::move(built));
  }
  if (op == "cast") {
    if (!spec.out_dtype) return std::string("cast needs out_dtypes");
    built.call =
        OpCall(op, {TensorSpec::dense(dtype, x)}, {TensorSpec::dense(*spec.out_dtype, x)}, attrs);
    return finish(params, std::move(built));
  }
  if (op == "layer_norm" || op == "rms_norm") {
    const int64_t axis = normalize_axis(int_attr(attrs, "axis", -1), x.size(), params);
    const Shape tail(x.begin() + axis, x.end());
    std::vector<TensorSpec> inputs = {TensorSpec::dense(dtype, x), TensorSpec::dense(dtype, tail)};
    if (op == "layer_norm") inputs.push_back(TensorSpec::dense(dtype, tail));
    built.call = OpCall(op, std::move(inputs), {TensorSpec::dense(dtype, x)}, attrs);
    return finish(params, std::move(built));
  }
  if (contains(kReduceOps, op)) {
    Shape axes = ints_attr(attrs, "axes", {});
    const bool keepdims = int_attr(attrs, "keepdims", 0) != 0;
    std::set<int64_t> reduced;
    for (int64_t axis : axes) reduced.insert(normalize_axis(axis, x.size(), params));
    Shape y;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const bool is_reduced = axes.empty() || reduced.count(static_cast<int64_t>(i)) > 0;
      if (!is_reduced) {
        y.push_back(x[i]);
      } else if (keepdims) {
        y.push_back(1);
      }
    }
    built.call = OpCall(op, {TensorSpec::dense(dtype, x)}, {TensorSpec::dense(dtype, y)}, attrs);
    return finish(params, std::move(built));
  }
  if (op == "transpose") {
    const Shape perm = ints_attr(attrs, "perm", {});
    if (perm.size() != x.size()) return std::string("transpose needs perm of the input's rank");
    Shape y(x.size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
      if (perm[i] < 0 || perm[i] >= static_cast<int64_t>(x.size())) return std::string("bad perm");
      y[i] = x[static_cast<std::size_t>(perm[i])];
    }
    built.call = OpCall(op, {TensorSpec::dense(dtype, x)}, {TensorSpec::dense(dtype, y)}, attrs);
    return finish(params, std::move(built));
  }
  return fmt::format("op '{}' is not supported by perf suites", op);
}

}  // namespace hwcert::perf
