// ONNX forms of the catalogue's elementwise and data-movement ops (onnx_export.hpp): most are
// the ONNX op of that name; silu, gelu and rsqrt are written as the nodes of their definition.
#include <cmath>
#include <numbers>

#include "export_ops.hpp"

namespace hwcert::model::onnx {
namespace {

template <const char* kOnnx>
void same_op(OnnxEmitter& e) {
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < e.call().inputs().size(); ++i) inputs.push_back(e.in(i));
  e.node(kOnnx, std::move(inputs), {e.out(0)});
}

constexpr char kAdd[] = "Add", kSub[] = "Sub", kMul[] = "Mul", kDiv[] = "Div", kMax[] = "Max",
               kMin[] = "Min", kPow[] = "Pow", kNeg[] = "Neg", kAbs[] = "Abs", kExp[] = "Exp",
               kLog[] = "Log", kSqrt[] = "Sqrt", kTanh[] = "Tanh", kSigmoid[] = "Sigmoid",
               kRelu[] = "Relu", kErf[] = "Erf", kIdentity[] = "Identity";

void export_rsqrt(OnnxEmitter& e) {
  const std::string root = e.fresh("sqrt");
  e.node("Sqrt", {e.in(0)}, {root});
  e.node("Reciprocal", {root}, {e.out(0)});
}

void export_silu(OnnxEmitter& e) {
  const std::string gate = e.fresh("sigmoid");
  e.node("Sigmoid", {e.in(0)}, {gate});
  e.node("Mul", {e.in(0), gate}, {e.out(0)});
}

// x·Φ(x) = 0.5·x·(1 + erf(x/√2)), the erf form ONNX Runtime fuses into its Gelu kernel.
void export_gelu(OnnxEmitter& e) {
  if (call_string(e.call(), "approximate", "none") != "none") {
    throw NotExportable("gelu with approximate = \"tanh\" is not exported");
  }
  const std::string scaled = e.fresh("scaled"), erf = e.fresh("erf"), one_plus = e.fresh("1p"),
                    times_x = e.fresh("times_x");
  e.node("Div", {e.in(0), e.floats("sqrt2", e.dtype(), {std::numbers::sqrt2})}, {scaled});
  e.node("Erf", {scaled}, {erf});
  e.node("Add", {erf, e.floats("one", e.dtype(), {1.0})}, {one_plus});
  e.node("Mul", {e.in(0), one_plus}, {times_x});
  e.node("Mul", {times_x, e.floats("half", e.dtype(), {0.5})}, {e.out(0)});
}

void export_clip(OnnxEmitter& e) {
  const double low = call_float(e.call(), "min", -INFINITY);
  const double high = call_float(e.call(), "max", INFINITY);
  e.node("Clip", {e.in(0), e.floats("min", e.dtype(), {low}), e.floats("max", e.dtype(), {high})},
         {e.out(0)});
}

void export_reshape(OnnxEmitter& e) {
  const std::vector<int64_t> shape = call_ints(e.call(), "shape", {});
  // hwcert's 0 is an empty extent, ONNX's copies the input's unless allowzero
  e.node("Reshape", {e.in(0), e.ints("shape", shape)}, {e.out(0)}, {onnx_int_attr("allowzero", 1)});
}

void export_transpose(OnnxEmitter& e) {
  e.node("Transpose", {e.in(0)}, {e.out(0)},
         {onnx_ints_attr("perm", call_ints(e.call(), "perm", {}))});
}

void export_slice(OnnxEmitter& e) {
  const std::vector<int64_t> starts = call_ints(e.call(), "starts", {});
  std::vector<int64_t> axes(starts.size());
  for (std::size_t i = 0; i < axes.size(); ++i) axes[i] = static_cast<int64_t>(i);
  axes = call_ints(e.call(), "axes", axes);
  const std::vector<int64_t> steps =
      call_ints(e.call(), "steps", std::vector<int64_t>(starts.size(), 1));
  e.node("Slice",
         {e.in(0), e.ints("starts", starts), e.ints("ends", call_ints(e.call(), "ends", {})),
          e.ints("axes", axes), e.ints("steps", steps)},
         {e.out(0)});
}

void export_concat(OnnxEmitter& e) {
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < e.call().inputs().size(); ++i) inputs.push_back(e.in(i));
  e.node("Concat", std::move(inputs), {e.out(0)},
         {onnx_int_attr("axis", call_int(e.call(), "axis", 0))});
}

void export_gather(OnnxEmitter& e) {
  e.node("Gather", {e.in(0), e.in(1)}, {e.out(0)},
         {onnx_int_attr("axis", call_int(e.call(), "axis", 0))});
}

}  // namespace

void add_elementwise_exports(std::map<std::string, ExportFn>& table) {
  table["add"] = same_op<kAdd>;
  table["sub"] = same_op<kSub>;
  table["mul"] = same_op<kMul>;
  table["div"] = same_op<kDiv>;
  table["max"] = same_op<kMax>;
  table["min"] = same_op<kMin>;
  table["pow"] = same_op<kPow>;
  table["neg"] = same_op<kNeg>;
  table["abs"] = same_op<kAbs>;
  table["exp"] = same_op<kExp>;
  table["log"] = same_op<kLog>;
  table["sqrt"] = same_op<kSqrt>;
  table["tanh"] = same_op<kTanh>;
  table["sigmoid"] = same_op<kSigmoid>;
  table["relu"] = same_op<kRelu>;
  table["erf"] = same_op<kErf>;
  table["copy"] = same_op<kIdentity>;
  table["rsqrt"] = export_rsqrt;
  table["silu"] = export_silu;
  table["gelu"] = export_gelu;
  table["clip"] = export_clip;
  table["reshape"] = export_reshape;
  table["transpose"] = export_transpose;
  table["slice"] = export_slice;
  table["concat"] = export_concat;
  table["gather"] = export_gather;
}

}  // namespace hwcert::model::onnx
