// Data movement: the ONNX ops whose shape arguments are inputs take them as constants and
// pass them on as the catalogue op's attributes.
#include <fmt/format.h>

#include <numeric>

#include "lower_ops.hpp"

namespace hwcert::model::onnx {
namespace {

int64_t normalised_axis(int64_t axis, std::size_t rank) {
  return axis < 0 ? axis + static_cast<int64_t>(rank) : axis;
}

// Reshape: 0 copies the input's extent (unless allowzero), -1 is inferred by the catalogue.
void lower_reshape(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  std::vector<int64_t> shape = l.constant_ints(n, 1);
  if (onnx_int(n, "allowzero", 0) == 0) {
    for (std::size_t i = 0; i < shape.size(); ++i) {
      if (shape[i] == 0 && i < x.rank()) shape[i] = x.shape[i];
    }
  }
  l.emit("reshape", {n.inputs[0]}, {ints_attr("shape", shape)}, {n.outputs.at(0)});
}

void lower_flatten(Lowering& l, const OnnxNode& n) {
  l.emit("flatten", {n.inputs.at(0)}, {int_attr("axis", onnx_int(n, "axis", 1))},
         {n.outputs.at(0)});
}

void lower_transpose(Lowering& l, const OnnxNode& n) {
  std::vector<int64_t> perm(l.input(n, 0).spec.rank());
  std::iota(perm.rbegin(), perm.rend(), 0);  // ONNX's default reverses the axes
  l.emit("transpose", {n.inputs[0]}, {ints_attr("perm", onnx_ints(n, "perm").value_or(perm))},
         {n.outputs.at(0)});
}

// Squeeze / Unsqueeze: axes an attribute before opset 13, an input after.
std::optional<std::vector<int64_t>> axes_argument(Lowering& l, const OnnxNode& n) {
  if (l.opset() >= 13) {
    if (!l.has_input(n, 1)) return std::nullopt;
    return l.constant_ints(n, 1);
  }
  return onnx_ints(n, "axes");
}

void lower_squeeze(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  auto axes = axes_argument(l, n);
  if (!axes) {  // every unit axis
    axes.emplace();
    for (std::size_t i = 0; i < x.rank(); ++i) {
      if (x.shape[i] == 1) axes->push_back(static_cast<int64_t>(i));
    }
  }
  l.emit("squeeze", {n.inputs[0]}, {ints_attr("axes", *axes)}, {n.outputs.at(0)});
}

void lower_unsqueeze(Lowering& l, const OnnxNode& n) {
  auto axes = axes_argument(l, n);
  if (!axes) throw Refused("no axes");
  l.emit("unsqueeze", {n.inputs.at(0)}, {ints_attr("axes", *axes)}, {n.outputs.at(0)});
}

void lower_concat(Lowering& l, const OnnxNode& n) {
  std::vector<std::string> inputs;
  for (const std::string& in : n.inputs) {
    if (!in.empty()) inputs.push_back(in);
  }
  l.emit("concat", inputs, {int_attr("axis", onnx_int(n, "axis", 0))}, {n.outputs.at(0)});
}

// Gather: ONNX allows negative indices (counted from the end); the catalogue does not, so
// constant indices are normalised here.
void lower_gather(Lowering& l, const OnnxNode& n) {
  const TensorSpec& data = l.input(n, 0).spec;
  const int64_t axis = normalised_axis(onnx_int(n, "axis", 0), data.rank());
  std::string indices = n.inputs.at(1);
  const KnownTensor& idx = l.input(n, 1);
  if (idx.value && axis >= 0 && static_cast<std::size_t>(axis) < data.rank()) {
    std::vector<int64_t> values = l.constant_ints(n, 1);
    const int64_t extent = data.shape[static_cast<std::size_t>(axis)];
    std::vector<double> fixed;
    for (int64_t v : values) fixed.push_back(static_cast<double>(v < 0 ? v + extent : v));
    indices = l.make_constant(indices + ".normalised", DType::kI64, idx.spec.shape, fixed);
  }
  l.emit("gather", {n.inputs[0], indices}, {int_attr("axis", axis)}, {n.outputs.at(0)});
}

void lower_slice(Lowering& l, const OnnxNode& n) {
  std::vector<Attribute> attributes;
  if (l.opset() < 10) {
    attributes = {ints_attr("starts", onnx_ints(n, "starts").value_or(std::vector<int64_t>{})),
                  ints_attr("ends", onnx_ints(n, "ends").value_or(std::vector<int64_t>{}))};
    if (auto axes = onnx_ints(n, "axes")) attributes.push_back(ints_attr("axes", *axes));
  } else {
    attributes = {ints_attr("starts", l.constant_ints(n, 1)),
                  ints_attr("ends", l.constant_ints(n, 2))};
    if (l.has_input(n, 3)) attributes.push_back(ints_attr("axes", l.constant_ints(n, 3)));
    if (l.has_input(n, 4)) attributes.push_back(ints_attr("steps", l.constant_ints(n, 4)));
  }
  l.emit("slice", {n.inputs.at(0)}, std::move(attributes), {n.outputs.at(0)});
}

void lower_split(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  const int64_t axis = normalised_axis(onnx_int(n, "axis", 0), x.rank());
  if (axis < 0 || static_cast<std::size_t>(axis) >= x.rank()) throw Refused("axis out of range");
  std::optional<std::vector<int64_t>> sizes =
      l.opset() >= 13 ? (l.has_input(n, 1) ? std::optional(l.constant_ints(n, 1)) : std::nullopt)
                      : onnx_ints(n, "split");
  if (!sizes) {  // equal parts, the last one smaller
    const auto parts = static_cast<int64_t>(n.outputs.size());
    const int64_t extent = x.shape[static_cast<std::size_t>(axis)];
    const int64_t part = (extent + parts - 1) / parts;
    sizes.emplace();
    for (int64_t i = 0; i < parts; ++i) sizes->push_back(std::min(part, extent - i * part));
  }
  l.emit("split", {n.inputs[0]}, {int_attr("axis", axis), ints_attr("sizes", *sizes)},
         n.outputs);
}

void lower_pad(Lowering& l, const OnnxNode& n) {
  const bool inputs = l.opset() >= 11;
  const std::vector<int64_t> pads = inputs ? l.constant_ints(n, 1)
                                           : onnx_ints(n, "pads").value_or(std::vector<int64_t>{});
  double value = onnx_float(n, "value", 0.0);
  if (inputs && l.has_input(n, 2)) value = l.constant_doubles(n, 2).at(0);
  if (inputs && l.has_input(n, 3)) throw Refused("the axes input is not supported");
  for (int64_t p : pads) {
    if (p < 0) throw Refused("negative pads (cropping) are not supported");
  }
  const std::string mode = onnx_string(n, "mode", "constant");
  l.emit("pad", {n.inputs.at(0)},
         {ints_attr("pads", pads), Attribute{"mode", mode}, float_attr("value", value)},
         {n.outputs.at(0)});
}

void lower_expand(Lowering& l, const OnnxNode& n) {
  l.emit("expand", {n.inputs.at(0)}, {ints_attr("shape", l.constant_ints(n, 1))},
         {n.outputs.at(0)});
}

// Where: the catalogue's condition is u8; a constant bool condition is converted.
void lower_where(Lowering& l, const OnnxNode& n) {
  const KnownTensor& cond = l.input(n, 0);
  std::string c = n.inputs[0];
  if (cond.spec.dtype == DType::kBool) {
    if (!cond.value) throw Refused("a bool condition computed at run time (the catalogue's is u8)");
    c = l.make_constant(c + ".u8", DType::kU8, cond.spec.shape, l.constant_doubles(n, 0));
  }
  l.emit("where", {c, n.inputs.at(1), n.inputs.at(2)}, {}, {n.outputs.at(0)});
}

// Tile: x [d0, d1, ...] seen as [1, d0, 1, d1, ...], expanded to [r0, d0, r1, d1, ...] and
// reshaped to [r0·d0, r1·d1, ...].
void lower_tile(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  const std::vector<int64_t> repeats = l.constant_ints(n, 1);
  if (repeats.size() != x.rank()) throw Refused("repeats do not match the input's rank");
  std::vector<int64_t> axes, expanded, tiled;
  for (std::size_t i = 0; i < x.rank(); ++i) {
    axes.push_back(static_cast<int64_t>(2 * i));
    expanded.insert(expanded.end(), {repeats[i], x.shape[i]});
    tiled.push_back(repeats[i] * x.shape[i]);
  }
  const std::string& out = n.outputs.at(0);
  const std::string spread = l.fresh(out + ".spread"), copies = l.fresh(out + ".copies");
  l.emit("unsqueeze", {n.inputs[0]}, {ints_attr("axes", axes)}, {spread});
  l.emit("expand", {spread}, {ints_attr("shape", expanded)}, {copies});
  l.emit("reshape", {copies}, {ints_attr("shape", tiled)}, {out});
}

// DepthToSpace (DCR or CRD) and SpaceToDepth on [N, C, H, W] with block b: reshape to 6-D,
// transpose, reshape back (ONNX's own definition).
void lower_depth_space(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  const int64_t b = onnx_int(n, "blocksize", 0);
  if (x.rank() != 4 || b < 1) throw Refused("an input that is not 4-D, or no blocksize");
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  std::vector<int64_t> six, perm, result;
  if (n.op_type == "SpaceToDepth") {
    six = {N, C, H / b, b, W / b, b};
    perm = {0, 3, 5, 1, 2, 4};
    result = {N, C * b * b, H / b, W / b};
  } else if (onnx_string(n, "mode", "DCR") == "DCR") {
    six = {N, b, b, C / (b * b), H, W};
    perm = {0, 3, 4, 1, 5, 2};
    result = {N, C / (b * b), H * b, W * b};
  } else {
    six = {N, C / (b * b), b, b, H, W};
    perm = {0, 1, 4, 2, 5, 3};
    result = {N, C / (b * b), H * b, W * b};
  }
  const std::string& out = n.outputs.at(0);
  const std::string blocks = l.fresh(out + ".blocks"), moved = l.fresh(out + ".moved");
  l.emit("reshape", {n.inputs[0]}, {ints_attr("shape", six)}, {blocks});
  l.emit("transpose", {blocks}, {ints_attr("perm", perm)}, {moved});
  l.emit("reshape", {moved}, {ints_attr("shape", result)}, {out});
}

}  // namespace

void add_movement_lowerings(std::map<std::string, LowerFn>& table) {
  table["Reshape"] = lower_reshape;
  table["Flatten"] = lower_flatten;
  table["Transpose"] = lower_transpose;
  table["Squeeze"] = lower_squeeze;
  table["Unsqueeze"] = lower_unsqueeze;
  table["Concat"] = lower_concat;
  table["Gather"] = lower_gather;
  table["Slice"] = lower_slice;
  table["Split"] = lower_split;
  table["Pad"] = lower_pad;
  table["Expand"] = lower_expand;
  table["Where"] = lower_where;
  table["Tile"] = lower_tile;
  table["DepthToSpace"] = lower_depth_space;
  table["SpaceToDepth"] = lower_depth_space;
  add_resize_lowerings(table);
}

}  // namespace hwcert::model::onnx
