// The graph evaluated by the conformance oracle in float64: every float tensor of every call
// is f64 (integer tensors keep their dtype), fed from the same rounded input and weight
// values the device got, so the chain carries no rounding of its own worth speaking of.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "hwcert/loader/status.hpp"
#include "hwcert/model/bound_graph.hpp"

namespace hwcert::model {

// The f64 form of a node's call.
OpCall float64_call(const OpCall& call);
// Row-major values of every tensor, by tensor index (inputs and weights decoded from
// `sources`).
// `rounding` kToGraphDtypes rounds every node's outputs to the dtypes of the graph's own call
// (f16 in an f16 model), after the f64 evaluation: the chain a correctly rounding device would
// produce, which measures how far rounding alone carries a model from the exact chain.
enum class ChainRounding { kNone, kToGraphDtypes };
Expected<std::vector<std::vector<double>>> run_float64_chain(
    const BoundGraph& graph, const std::vector<std::vector<std::byte>>& sources,
    ChainRounding rounding = ChainRounding::kNone);
// Every element of output `output_index` of `call` on `inputs` (buffer images), as double.
Expected<std::vector<double>> oracle_values(const OpCall& call,
                                            std::vector<std::span<const std::byte>> inputs,
                                            std::size_t output_index = 0);

}  // namespace hwcert::model
