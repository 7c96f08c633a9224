#include "hwcert/model/float64_chain.hpp"

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {
namespace {

TensorSpec widened(TensorSpec spec) {
  if (is_floating(spec.dtype)) spec.dtype = DType::kF64;
  return spec;
}

}  // namespace

OpCall float64_call(const OpCall& call) {
  std::vector<TensorSpec> inputs, outputs;
  for (const TensorSpec& s : call.inputs()) inputs.push_back(widened(s));
  for (const TensorSpec& s : call.outputs()) outputs.push_back(widened(s));
  return OpCall(call.op_name(), inputs, outputs, call.attributes(), call.opset());
}

Expected<std::vector<double>> oracle_values(const OpCall& call,
                                            std::vector<std::span<const std::byte>> inputs,
                                            std::size_t output_index) {
  auto oracle = conformance::Oracle::create(call, std::move(inputs), output_index);
  if (!oracle.ok()) return oracle.status();
  const DType dtype = call.outputs()[output_index].dtype;
  std::vector<double> values(static_cast<std::size_t>(oracle->output_elements()));
  for (std::size_t e = 0; e < values.size(); ++e) {
    values[e] = conformance::decode_value(dtype, oracle->at_flat(static_cast<int64_t>(e)).bits);
  }
  return values;
}

Expected<std::vector<std::vector<double>>> run_float64_chain(
    const BoundGraph& graph, const std::vector<std::vector<std::byte>>& sources,
    ChainRounding rounding) {
  std::vector<std::vector<double>> values(graph.tensors.size());
  for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
    if (graph.tensors[t].role != TensorRole::kIntermediate) {
      values[t] = decode_image(graph.tensors[t].spec.dtype, sources[t]);
    }
  }
  for (const BoundNode& node : graph.nodes) {
    const OpCall call = float64_call(node.call);
    std::vector<std::vector<std::byte>> images;
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      images.push_back(
          encode_image(call.inputs()[i].dtype, values[static_cast<std::size_t>(node.inputs[i])]));
    }
    for (std::size_t o = 0; o < node.outputs.size(); ++o) {
      auto out = oracle_values(call, {images.begin(), images.end()}, o);
      if (!out.ok()) {
        return Status(out.status().code(),
                      "float64 chain at node '" + node.node->name + "': " + out.status().message());
      }
      const DType dtype = node.call.outputs()[o].dtype;
      if (rounding == ChainRounding::kToGraphDtypes && is_floating(dtype) && dtype != DType::kF64) {
        *out = decode_image(dtype, encode_image(dtype, *out));
      }
      values[static_cast<std::size_t>(node.outputs[o])] = std::move(*out);
    }
  }
  return values;
}

}  // namespace hwcert::model
