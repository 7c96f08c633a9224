// Resize and Upsample onto the catalogue's resize: 4-D, batch and channels kept, nearest with
// asymmetric coordinates and floor rounding, or linear with half-pixel coordinates.
#include <fmt/format.h>

#include <cmath>

#include "lower_ops.hpp"

namespace hwcert::model::onnx {
namespace {

// The output extents from constant `sizes` or `scales` (each scale must give a whole extent,
// so that the catalogue's src = floor(dst·in/out) is ONNX's dst / scale).
std::vector<int64_t> output_sizes(Lowering& l, const OnnxNode& n, const TensorSpec& x) {
  const bool has_sizes = l.opset() >= 11 && l.has_input(n, 3);
  if (has_sizes) return l.constant_ints(n, 3);
  std::vector<double> scales;
  if (n.op_type == "Upsample" && l.opset() < 9) {
    const OnnxAttribute* a = n.find("scales");
    if (a != nullptr) scales = a->floats;
  } else {
    scales = l.constant_doubles(n, l.opset() >= 11 ? 2 : 1);
  }
  if (scales.size() != x.rank()) throw Refused("scales do not match the input's rank");
  std::vector<int64_t> sizes;
  for (std::size_t i = 0; i < scales.size(); ++i) {
    const double extent = static_cast<double>(x.shape[i]) * scales[i];
    if (extent != std::floor(extent)) {
      throw Refused(fmt::format("scale {} of axis {} does not give a whole extent", scales[i], i));
    }
    sizes.push_back(static_cast<int64_t>(extent));
  }
  return sizes;
}

std::string resize_mode(Lowering& l, const OnnxNode& n) {
  const std::string mode = onnx_string(n, "mode", "nearest");
  const std::string coordinates =
      l.opset() >= 11 ? onnx_string(n, "coordinate_transformation_mode", "half_pixel")
                      : "asymmetric";
  if (mode == "nearest") {
    const std::string rounding = l.opset() >= 11 ? onnx_string(n, "nearest_mode",
                                                               "round_prefer_floor")
                                                 : "floor";
    if (coordinates == "asymmetric" && rounding == "floor") return "nearest";
    throw Refused(fmt::format("nearest with {} coordinates and {} rounding (the catalogue's is "
                              "asymmetric, floor)",
                              coordinates, rounding));
  }
  if ((mode == "linear" || mode == "bilinear") &&
      (coordinates == "half_pixel" || coordinates == "pytorch_half_pixel")) {
    return "bilinear";
  }
  throw Refused(fmt::format("mode '{}' with {} coordinates", mode, coordinates));
}

void lower_resize(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  if (x.rank() != 4) throw Refused("resize of a tensor that is not 4-D");
  const std::vector<int64_t> sizes = output_sizes(l, n, x);
  if (sizes.size() != 4 || sizes[0] != x.shape[0] || sizes[1] != x.shape[1]) {
    throw Refused("resize that changes the batch or channel extent");
  }
  const std::string mode = resize_mode(l, n);
  if (mode == "bilinear" && onnx_string(n, "coordinate_transformation_mode", "") ==
                                "pytorch_half_pixel" && (sizes[2] == 1 || sizes[3] == 1)) {
    throw Refused("pytorch_half_pixel with an output extent of 1");
  }
  l.emit("resize", {n.inputs[0]},
         {ints_attr("sizes", {sizes[2], sizes[3]}), Attribute{"mode", mode}},
         {n.outputs.at(0)});
}

}  // namespace

void add_resize_lowerings(std::map<std::string, LowerFn>& table) {
  table["Resize"] = lower_resize;
  table["Upsample"] = lower_resize;
}

}  // namespace hwcert::model::onnx
