// Elementwise ONNX ops: each is one catalogue op, or a short composition of them.
#include <fmt/format.h>

#include <limits>

#include "lower_ops.hpp"

namespace hwcert::model::onnx {
namespace {

struct OpPair {
  const char* onnx;
  const char* hwcert;
};

constexpr OpPair kUnary[] = {{"Neg", "neg"},         {"Abs", "abs"},       {"Exp", "exp"},
                             {"Log", "log"},         {"Sqrt", "sqrt"},     {"Tanh", "tanh"},
                             {"Sigmoid", "sigmoid"}, {"Relu", "relu"},     {"Erf", "erf"},
                             {"HardSwish", "hard_swish"}};
constexpr OpPair kBinary[] = {{"Add", "add"}, {"Sub", "sub"}, {"Mul", "mul"},
                              {"Div", "div"}, {"Pow", "pow"}};

const char* hwcert_op(const OpPair* begin, const OpPair* end, const std::string& onnx) {
  for (const OpPair* p = begin; p != end; ++p) {
    if (onnx == p->onnx) return p->hwcert;
  }
  return nullptr;
}

std::string scalar(Lowering& l, const OnnxNode& n, const std::string& what, double value);

void lower_unary(Lowering& l, const OnnxNode& n) {
  l.emit(hwcert_op(std::begin(kUnary), std::end(kUnary), n.op_type), {n.inputs.at(0)}, {},
         {n.outputs.at(0)});
}

// Pow's exponent may have another dtype in ONNX; a constant one is converted.
std::string exponent(Lowering& l, const OnnxNode& n) {
  const KnownTensor& base = l.input(n, 0);
  const KnownTensor& e = l.input(n, 1);
  if (e.spec.dtype == base.spec.dtype || !e.value) return n.inputs[1];
  return l.make_constant(n.inputs[1] + ".as_base", base.spec.dtype, e.spec.shape,
                         l.constant_doubles(n, 1));
}

void lower_binary(Lowering& l, const OnnxNode& n) {
  const std::string b = n.op_type == "Pow" ? exponent(l, n) : n.inputs.at(1);
  l.emit(hwcert_op(std::begin(kBinary), std::end(kBinary), n.op_type), {n.inputs.at(0), b}, {},
         {n.outputs.at(0)});
}

// Sum, Max, Min (and Mean: Sum over the count): a chain of binary nodes.
void lower_variadic(Lowering& l, const OnnxNode& n) {
  const std::string op = n.op_type == "Max" ? "max" : n.op_type == "Min" ? "min" : "add";
  const bool mean = n.op_type == "Mean";
  std::string acc = n.inputs.at(0);
  for (std::size_t i = 1; i < n.inputs.size(); ++i) {
    const bool last = i + 1 == n.inputs.size() && !mean;
    const std::string out = last ? n.outputs.at(0) : l.fresh(n.outputs.at(0) + ".acc");
    l.emit(op, {acc, n.inputs[i]}, {}, {out});
    acc = out;
  }
  if (n.inputs.size() == 1 && !mean) return l.alias(n.outputs.at(0), acc);
  if (mean) {
    const std::string count =
        l.make_constant(n.outputs[0] + ".count", l.input(n, 0).spec.dtype, {},
                        {static_cast<double>(n.inputs.size())});
    l.emit("div", {acc, count}, {}, {n.outputs[0]});
  }
}

void lower_reciprocal(Lowering& l, const OnnxNode& n) {
  l.emit("div", {scalar(l, n, "one", 1.0), n.inputs.at(0)}, {}, {n.outputs.at(0)});
}

void lower_leaky_relu(Lowering& l, const OnnxNode& n) {
  l.emit("leaky_relu", {n.inputs.at(0)}, {float_attr("alpha", onnx_float(n, "alpha", 0.01))},
         {n.outputs.at(0)});
}

void lower_hard_sigmoid(Lowering& l, const OnnxNode& n) {
  l.emit("hard_sigmoid", {n.inputs.at(0)},
         {float_attr("alpha", onnx_float(n, "alpha", 0.2)),
          float_attr("beta", onnx_float(n, "beta", 0.5))},
         {n.outputs.at(0)});
}

std::string scalar(Lowering& l, const OnnxNode& n, const std::string& what, double value) {
  return l.make_constant(n.outputs.at(0) + "." + what, l.input(n, 0).spec.dtype, {}, {value});
}

// A slope of [C] before opset 7 applies per channel (axis 1): as [C, 1, ..., 1].
std::string prelu_slope(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  const KnownTensor& slope = l.input(n, 1);
  if (!slope.value || slope.spec.rank() != 1 || x.rank() < 3 ||
      slope.spec.shape[0] != x.shape[1] || x.shape.back() == slope.spec.shape[0]) {
    return n.inputs[1];
  }
  std::vector<int64_t> shape(x.rank() - 1, 1);
  shape[0] = slope.spec.shape[0];
  return l.make_constant(n.inputs[1] + ".per_channel", slope.spec.dtype, shape,
                         l.constant_doubles(n, 1));
}

// PRelu: relu(x) + slope * min(x, 0).
void lower_prelu(Lowering& l, const OnnxNode& n) {
  const std::string& out = n.outputs.at(0);
  const std::string neg = l.fresh(out + ".negative"), scaled = l.fresh(out + ".scaled"),
                    pos = l.fresh(out + ".positive");
  l.emit("min", {n.inputs.at(0), scalar(l, n, "zero", 0.0)}, {}, {neg});
  l.emit("mul", {prelu_slope(l, n), neg}, {}, {scaled});
  l.emit("relu", {n.inputs.at(0)}, {}, {pos});
  l.emit("add", {pos, scaled}, {}, {out});
}

// Elu, Selu and Celu: gamma·(relu(x) + alpha·(exp(min(x, 0) / d) - 1)), d = alpha for Celu:
// on x >= 0 the second term is exactly 0, on x < 0 the first.
void lower_exponential_linear(Lowering& l, const OnnxNode& n) {
  const std::string& op = n.op_type;
  const std::string& out = n.outputs.at(0);
  const double alpha = onnx_float(n, "alpha", op == "Selu" ? 1.67326319217681884765625 : 1.0);
  const double gamma = op == "Selu" ? onnx_float(n, "gamma", 1.05070102214813232421875) : 1.0;
  std::string t = l.fresh(out + ".negative");
  l.emit("min", {n.inputs.at(0), scalar(l, n, "zero", 0.0)}, {}, {t});
  if (op == "Celu") {
    const std::string scaled = l.fresh(out + ".over_alpha");
    l.emit("div", {t, scalar(l, n, "alpha", alpha)}, {}, {scaled});
    t = scaled;
  }
  const std::string e = l.fresh(out + ".exp"), em1 = l.fresh(out + ".expm1"),
                    neg = l.fresh(out + ".negative_part"), pos = l.fresh(out + ".positive"),
                    sum = gamma == 1.0 ? out : l.fresh(out + ".sum");
  l.emit("exp", {t}, {}, {e});
  l.emit("sub", {e, scalar(l, n, "one", 1.0)}, {}, {em1});
  l.emit("mul", {em1, scalar(l, n, "alpha", alpha)}, {}, {neg});
  l.emit("relu", {n.inputs[0]}, {}, {pos});
  l.emit("add", {pos, neg}, {}, {sum});
  if (gamma != 1.0) l.emit("mul", {sum, scalar(l, n, "gamma", gamma)}, {}, {out});
}

// Softsign: x / (1 + |x|).
void lower_softsign(Lowering& l, const OnnxNode& n) {
  const std::string& out = n.outputs.at(0);
  const std::string a = l.fresh(out + ".abs"), d = l.fresh(out + ".denominator");
  l.emit("abs", {n.inputs.at(0)}, {}, {a});
  l.emit("add", {a, scalar(l, n, "one", 1.0)}, {}, {d});
  l.emit("div", {n.inputs[0], d}, {}, {out});
}

// Clip: bounds are attributes before opset 11, optional constant inputs after.
void lower_clip(Lowering& l, const OnnxNode& n) {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  if (l.opset() < 11) {
    low = onnx_float(n, "min", low);
    high = onnx_float(n, "max", high);
  } else {
    if (l.has_input(n, 1)) low = l.constant_doubles(n, 1).at(0);
    if (l.has_input(n, 2)) high = l.constant_doubles(n, 2).at(0);
  }
  l.emit("clip", {n.inputs.at(0)}, {float_attr("min", low), float_attr("max", high)},
         {n.outputs.at(0)});
}

}  // namespace

void add_elementwise_lowerings(std::map<std::string, LowerFn>& table) {
  for (const OpPair& p : kUnary) table[p.onnx] = lower_unary;
  for (const OpPair& p : kBinary) table[p.onnx] = lower_binary;
  for (const char* op : {"Sum", "Mean", "Max", "Min"}) table[op] = lower_variadic;
  table["Reciprocal"] = lower_reciprocal;
  table["LeakyRelu"] = lower_leaky_relu;
  table["HardSigmoid"] = lower_hard_sigmoid;
  table["PRelu"] = lower_prelu;
  for (const char* op : {"Elu", "Selu", "Celu"}) table[op] = lower_exponential_linear;
  table["Softsign"] = lower_softsign;
  table["Clip"] = lower_clip;
}

}  // namespace hwcert::model::onnx
