// The values of graph inputs and initializers: drawn from their stated distribution with a
// seed (counter-based, so a seed gives the same values on every compiler and machine), or
// read from a .npy file; then rounded once to the tensor's dtype. The device gets those
// bytes and the float64 chain gets the very same (rounded) values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "hwcert/loader/status.hpp"
#include "hwcert/model/bound_graph.hpp"

namespace hwcert::model {

// Raw values of tensor `decl` with `count` elements; `stream` separates the tensors of one
// seed (their index among the graph's inputs and initializers).
Expected<std::vector<double>> draw_values(const TensorDecl& decl, const TensorSpec& spec,
                                          uint64_t seed, uint64_t stream);
// Dense buffer image of `values` in `dtype` (floats rounded to nearest even, integers
// rounded then wrapped as the catalogue's cast does).
std::vector<std::byte> encode_image(DType dtype, const std::vector<double>& values);
// Every element of a dense image as a double.
std::vector<double> decode_image(DType dtype, const std::vector<std::byte>& image);

// Receives the image of one input or weight (by tensor index); may keep or drop it.
using SourceImageSink = std::function<Status(std::size_t tensor, std::vector<std::byte> image)>;
// Draws the image of every input and weight of `graph` with a declared source, in tensor
// order, one at a time, and hands each to `use` before drawing the next: the host holds one
// tensor's image at a time unless `use` keeps them. Stops at the first error.
Status for_each_source_image(const BoundGraph& graph, uint64_t seed, const SourceImageSink& use);
// Images of every input and weight of `graph` (empty for intermediates), by tensor index:
// the images for_each_source_image draws, all kept.
Expected<std::vector<std::vector<std::byte>>> make_source_images(const BoundGraph& graph,
                                                                 uint64_t seed);

}  // namespace hwcert::model
