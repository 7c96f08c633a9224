#include "hwcert/model/accuracy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/conformance/comparator.hpp"
#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "hwcert/conformance/tolerance.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {
namespace {

using conformance::CaseStatus;

// Output `index` of the node as the device computed it, against its own oracle on the
// device's inputs; a node with several outputs keeps the worst figures and the first failure.
Status check_node_locally(const BoundNode& node,
                          const std::vector<std::span<const std::byte>>& inputs,
                          std::span<const std::byte> actual, std::size_t index, NodeAccuracy& out) {
  const OpCall& call = node.call;
  const DType dtype = call.outputs()[index].dtype;
  const std::string mode = catalogue::math_mode_name(call);
  const auto& table = conformance::ToleranceTable::builtin();
  const conformance::ToleranceRule* rule = table.find(call.op_name(), dtype, mode);
  if (rule == nullptr) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("no tolerance rule for {} ({})", call.op_name(), dtype_name(dtype)));
  }
  auto oracle = conformance::Oracle::create(call, inputs, index);
  if (!oracle.ok()) return oracle.status();
  conformance::ToleranceContext ctx;
  ctx.output = dtype;
  ctx.accumulation = oracle->accumulation_dtype();
  ctx.accumulation_length = oracle->accumulation_length();
  ctx.mode = oracle->math_mode();
  // Zero trust judges generated op inputs; a model's zeros (relu) are its own business.
  conformance::Comparator comparator(*rule, ctx, conformance::InputTier::kStatistical, 1.0);
  const std::size_t size = dtype_size(dtype);
  for (int64_t e = 0; e < oracle->output_elements(); ++e) {
    const conformance::Reference ref = oracle->at_flat(e);
    const uint64_t bits =
        conformance::load_element_bits(actual, static_cast<std::size_t>(e) * size, dtype);
    comparator.check(e, ref.bits, ref.magnitude, bits, ref.spread);
  }
  const conformance::Comparison c = comparator.finish(call.outputs()[index].shape);
  out.local_max_rel = std::max(out.local_max_rel, c.max_rel_error);
  out.local_max_ulp = std::max(out.local_max_ulp, c.max_ulp_error);
  out.tolerance = c.tolerance;
  if (c.status != CaseStatus::kPass && out.local_status == CaseStatus::kPass) {
    out.local_status = c.status;
    out.local_message =
        node.outputs.size() == 1 ? c.message : fmt::format("output {}: {}", index, c.message);
  }
  return Status::Ok();
}

}  // namespace

OutputBounds output_bounds(DType dtype) {
  switch (dtype) {
    case DType::kF16:
      return {1e-2, 0.9999};
    case DType::kBF16:
      return {5e-2, 0.999};
    case DType::kF64:
      return {1e-9, 1 - 1e-12};
    default:
      return {1e-4, 0.999999};
  }
}

OutputBounds widened_bounds(OutputBounds dtype_bounds, double ideal_max_rel, double ideal_cosine) {
  const double factor = kIdealErrorFactor;
  return {std::max(dtype_bounds.max_rel, factor * ideal_max_rel),
          std::min(dtype_bounds.min_cosine, 1 - factor * factor * (1 - ideal_cosine))};
}

Expected<AccuracyReport> check_accuracy(const BoundGraph& graph,
                                        const std::vector<std::vector<std::byte>>& sources,
                                        const std::vector<std::vector<std::byte>>& device,
                                        const std::vector<std::vector<double>>& chain,
                                        const std::vector<std::vector<double>>& rounded) {
  AccuracyReport report;
  report.bounds = output_bounds(graph.dtype);
  std::vector<std::vector<double>> device_values(graph.tensors.size());
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    const BoundNode& node = graph.nodes[n];
    NodeAccuracy acc;
    acc.node = node.node->name;
    acc.op = node.node->op;
    std::vector<std::span<const std::byte>> inputs;
    for (int t : node.inputs) {
      const auto& image =
          graph.tensors[static_cast<std::size_t>(t)].role == TensorRole::kIntermediate
              ? device[static_cast<std::size_t>(t)]
              : sources[static_cast<std::size_t>(t)];
      inputs.emplace_back(image);
    }
    for (std::size_t o = 0; o < node.outputs.size(); ++o) {
      const auto out = static_cast<std::size_t>(node.outputs[o]);
      if (Status s = check_node_locally(node, inputs, device[out], o, acc); !s.ok()) {
        return Status(s.code(), fmt::format("node '{}': {}", node.node->name, s.message()));
      }
      device_values[out] = decode_image(graph.tensors[out].spec.dtype, device[out]);
      acc.chain_max_rel =
          std::max(acc.chain_max_rel, max_relative_error(device_values[out], chain[out]));
      acc.chain_cosine =
          std::min(acc.chain_cosine, cosine_similarity(device_values[out], chain[out]));
    }
    if (!report.first_failing_node && acc.local_status != CaseStatus::kPass)
      report.first_failing_node = n;
    report.nodes.push_back(std::move(acc));
  }
  for (int t : graph.outputs) {
    const auto i = static_cast<std::size_t>(t);
    OutputAccuracy o;
    o.name = graph.tensors[i].name;
    o.max_rel = max_relative_error(device_values[i], chain[i]);
    o.cosine = cosine_similarity(device_values[i], chain[i]);
    o.ideal_max_rel = max_relative_error(rounded[i], chain[i]);
    o.ideal_cosine = cosine_similarity(rounded[i], chain[i]);
    o.bounds = widened_bounds(report.bounds, o.ideal_max_rel, o.ideal_cosine);
    if (graph.graph->classifier && t == graph.outputs.front())
      o.logits = logit_metrics(device_values[i], chain[i], graph.tensors[i].spec.shape.back());
    if (!(o.max_rel <= o.bounds.max_rel) || !(o.cosine >= o.bounds.min_cosine)) {
      report.output_failures.push_back(fmt::format(
          "output '{}': max relative error {:.3g} (bound {:.3g}), cosine {:.9f} (bound {:.9f}); "
          "a correctly rounding device: {:.3g}, {:.9f}",
          o.name, o.max_rel, o.bounds.max_rel, o.cosine, o.bounds.min_cosine, o.ideal_max_rel,
          o.ideal_cosine));
    }
    report.outputs.push_back(std::move(o));
  }
  return report;
}

}  // namespace hwcert::model
