// Conv, pools and BatchNormalization (folded into the Conv before it where it can be).
#include <fmt/format.h>

#include <cmath>

#include "hwcert/model/tensor_values.hpp"
#include "lower_ops.hpp"

namespace hwcert::model::onnx {
namespace {

struct Window {
  std::vector<int64_t> kernel, strides, pads, dilations;
};

// Kernel, strides, dilations and [top, left, bottom, right] pads of a 2-D window (auto_pad
// resolved against the input's spatial extents).
Window window(const OnnxNode& n, const TensorSpec& x, std::vector<int64_t> kernel) {
  if (x.rank() != 4) {
    throw Refused(fmt::format("{} over {} spatial dimensions (the catalogue has 2-D windows only)",
                              n.op_type, static_cast<int64_t>(x.rank()) - 2));
  }
  Window w;
  w.kernel = std::move(kernel);
  w.strides = onnx_ints(n, "strides").value_or(std::vector<int64_t>{1, 1});
  w.dilations = onnx_ints(n, "dilations").value_or(std::vector<int64_t>{1, 1});
  w.pads = onnx_ints(n, "pads").value_or(std::vector<int64_t>{0, 0, 0, 0});
  const std::string auto_pad = onnx_string(n, "auto_pad", "NOTSET");
  if (auto_pad == "VALID") w.pads = {0, 0, 0, 0};
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (std::size_t i = 0; i < 2; ++i) {
      const int64_t in = x.shape[2 + i];
      const int64_t out = (in + w.strides[i] - 1) / w.strides[i];
      const int64_t total = std::max<int64_t>(
          0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - in);
      const int64_t small = total / 2;
      w.pads[i] = auto_pad == "SAME_UPPER" ? small : total - small;
      w.pads[i + 2] = total - w.pads[i];
    }
  } else if (auto_pad != "NOTSET" && auto_pad != "VALID") {
    throw Refused(fmt::format("auto_pad '{}' is not supported", auto_pad));
  }
  return w;
}

// A 1-D Conv or pool as its 2-D form over [N, C, 1, L] (the weight [C_out, C/g, 1, K]),
// the unit axis squeezed from the result.
void lower_1d(Lowering& l, const OnnxNode& n, LowerFn lower_2d) {
  OnnxNode lifted = n;
  const std::size_t lifted_inputs = n.op_type == "Conv" ? 2 : 1;
  for (std::size_t i = 0; i < lifted_inputs && i < n.inputs.size(); ++i) {
    lifted.inputs[i] = l.fresh(n.inputs[i] + ".2d");
    l.emit("unsqueeze", {n.inputs[i]}, {ints_attr("axes", {2})}, {lifted.inputs[i]});
  }
  for (OnnxAttribute& a : lifted.attributes) {
    if (a.kind != OnnxAttribute::Kind::kInts) continue;
    if (a.name == "pads" && a.ints.size() == 2) a.ints = {0, a.ints[0], 0, a.ints[1]};
    if (a.name != "pads" && a.ints.size() == 1) a.ints.insert(a.ints.begin(), 1);
  }
  lifted.outputs.at(0) = l.fresh(n.outputs.at(0) + ".2d");
  lower_2d(l, lifted);
  l.emit("squeeze", {lifted.outputs[0]}, {ints_attr("axes", {2})}, {n.outputs[0]});
}

void lower_conv(Lowering& l, const OnnxNode& n) {
  if (l.input(n, 0).spec.rank() == 3) return lower_1d(l, n, lower_conv);
  const KnownTensor& w = l.input(n, 1);
  if (w.spec.rank() != l.input(n, 0).spec.rank()) throw Refused("the weight's rank is not X's");
  const Window win = window(n, l.input(n, 0).spec, {w.spec.shape[2], w.spec.shape[3]});
  std::vector<std::string> inputs{n.inputs[0], n.inputs[1]};
  if (l.has_input(n, 2)) inputs.push_back(n.inputs[2]);
  l.emit("conv2d", inputs,
         {ints_attr("strides", win.strides), ints_attr("pads", win.pads),
          ints_attr("dilations", win.dilations), int_attr("groups", onnx_int(n, "group", 1))},
         {n.outputs.at(0)});
}

void check_pool(const OnnxNode& n, const TensorSpec& x, const Window& w) {
  for (int64_t d : w.dilations) {
    if (d != 1) throw Refused("pooling with dilations is not supported");
  }
  if (onnx_int(n, "ceil_mode", 0) == 0) return;
  for (std::size_t i = 0; i < 2; ++i) {  // ceil_mode only matters where it adds a window
    const int64_t span = x.shape[2 + i] + w.pads[i] + w.pads[i + 2] - w.kernel[i];
    if (span % w.strides[i] != 0) throw Refused("ceil_mode = 1 (changes the output size here)");
  }
}

void lower_pool(Lowering& l, const OnnxNode& n) {
  require_outputs(n, 1);
  if (l.input(n, 0).spec.rank() == 3) return lower_1d(l, n, lower_pool);
  const TensorSpec& x = l.input(n, 0).spec;
  const auto kernel = onnx_ints(n, "kernel_shape");
  if (!kernel) throw Refused("no kernel_shape");
  const Window win = window(n, x, *kernel);
  check_pool(n, x, win);
  std::vector<Attribute> attributes{ints_attr("kernel", win.kernel),
                                    ints_attr("strides", win.strides), ints_attr("pads", win.pads)};
  const bool max = n.op_type == "MaxPool";
  if (!max) {
    attributes.push_back(int_attr("count_include_pad", onnx_int(n, "count_include_pad", 0)));
  }
  l.emit(max ? "max_pool2d" : "avg_pool2d", {n.inputs.at(0)}, std::move(attributes),
         {n.outputs.at(0)});
}

void lower_global_pool(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  std::vector<int64_t> axes;
  for (std::size_t a = 2; a < x.rank(); ++a) axes.push_back(static_cast<int64_t>(a));
  l.emit(n.op_type == "GlobalMaxPool" ? "reduce_max" : "reduce_mean", {n.inputs.at(0)},
         {ints_attr("axes", axes), int_attr("keepdims", 1)}, {n.outputs.at(0)});
}

// Folds y = (x - mean)·s + beta, s = scale / sqrt(var + eps), into the Conv writing x:
// W'[o] = W[o]·s[o], b'[o] = (b[o] - mean[o])·s[o] + beta[o]. False when it cannot.
bool fold_into_conv(Lowering& l, const OnnxNode& n, double epsilon) {
  Node* conv = l.producer(n.inputs[0]);
  if (conv == nullptr || conv->op != "conv2d" || conv->outputs[0].name != n.inputs[0] ||
      l.readers(n.inputs[0]) != 1) {
    return false;  // no conv right before, or its output is read elsewhere too
  }
  const KnownTensor* w = l.find(conv->inputs[1].name);
  const KnownTensor* b = conv->inputs.size() > 2 ? l.find(conv->inputs[2].name) : nullptr;
  if (w == nullptr || !w->value || (b != nullptr && !b->value)) return false;
  for (std::size_t i = 1; i < 5; ++i) {
    if (!l.input(n, i).value) return false;
  }
  const auto scale = l.constant_doubles(n, 1), beta = l.constant_doubles(n, 2),
             mean = l.constant_doubles(n, 3), var = l.constant_doubles(n, 4);
  std::vector<double> weights = decode_image(w->spec.dtype, *w->value);
  const std::size_t out_channels = static_cast<std::size_t>(w->spec.shape[0]);
  if (scale.size() != out_channels) return false;
  std::vector<double> bias = b != nullptr ? decode_image(b->spec.dtype, *b->value)
                                          : std::vector<double>(out_channels, 0.0);
  const std::size_t per_channel = weights.size() / out_channels;
  for (std::size_t o = 0; o < out_channels; ++o) {
    const double s = scale[o] / std::sqrt(var[o] + epsilon);
    for (std::size_t k = 0; k < per_channel; ++k) weights[o * per_channel + k] *= s;
    bias[o] = (bias[o] - mean[o]) * s + beta[o];
  }
  const DType dtype = w->spec.dtype;
  const std::vector<int64_t> shape = w->spec.shape;
  conv->inputs[1].name = l.make_constant(conv->inputs[1].name + ".bn", dtype, shape, weights);
  const std::string bias_name =
      l.make_constant(n.outputs[0] + ".conv_bias", dtype, {shape[0]}, bias);
  if (conv->inputs.size() > 2) {
    conv->inputs[2].name = bias_name;
  } else {
    conv->inputs.push_back({bias_name, {}});
  }
  l.rename_output(n.inputs[0], n.outputs[0]);
  ++l.stats().folded_batch_norms;
  return true;
}

void lower_batch_norm(Lowering& l, const OnnxNode& n) {
  require_outputs(n, 1);
  if (onnx_int(n, "training_mode", 0) != 0) throw Refused("training_mode = 1");
  const double epsilon = onnx_float(n, "epsilon", 1e-5);
  if (fold_into_conv(l, n, epsilon)) return;
  l.emit("batch_norm", {n.inputs.at(0), n.inputs.at(1), n.inputs.at(2), n.inputs.at(3),
                        n.inputs.at(4)},
         {float_attr("epsilon", epsilon)}, {n.outputs.at(0)});
}

}  // namespace

void add_conv_lowerings(std::map<std::string, LowerFn>& table) {
  table["Conv"] = lower_conv;
  table["MaxPool"] = lower_pool;
  table["AveragePool"] = lower_pool;
  table["GlobalAveragePool"] = lower_global_pool;
  table["GlobalMaxPool"] = lower_global_pool;
  table["BatchNormalization"] = lower_batch_norm;
}

}  // namespace hwcert::model::onnx
