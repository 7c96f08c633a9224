// The op lowerings, by family; each adds its ONNX op types to the table find_lowering reads.
#pragma once

#include <map>
#include <string>

#include "lowering.hpp"

namespace hwcert::model::onnx {

// Unary and binary math, activations, Clip, variadic Sum/Mean/Max/Min.
void add_elementwise_lowerings(std::map<std::string, LowerFn>& table);
// Conv (BatchNormalization folded into it), Gemm, MatMul, pools, normalisations, softmax,
// reductions.
void add_nn_lowerings(std::map<std::string, LowerFn>& table);
void add_conv_lowerings(std::map<std::string, LowerFn>& table);    // part of the nn family
void add_resize_lowerings(std::map<std::string, LowerFn>& table);  // part of movement
// Reshape, Transpose, Concat, Gather, Slice, Split, Pad, Expand, Where, Resize and the like.
void add_movement_lowerings(std::map<std::string, LowerFn>& table);
// Constant, Shape, Size, ConstantOfShape, Cast, Range, Identity, Dropout: evaluated at
// import time (or aliases).
void add_constant_lowerings(std::map<std::string, LowerFn>& table);

}  // namespace hwcert::model::onnx
