#include "hwcert/model/model_check.hpp"

#include <fmt/format.h>

#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {

Status check_plugin_opset(const Plugin& plugin, const BoundGraph& graph) {
  // A plugin that does not answer the key predates opsets: it implements opset 1.
  const Expected<uint32_t> reported = plugin.info_u32(HWC_PLUGIN_INFO_OPSET);
  const uint32_t opset = reported.ok() ? *reported : 1;
  if (opset >= graph.required_opset) return Status::Ok();
  for (const BoundNode& node : graph.nodes) {
    if (node.call.opset() <= opset) continue;
    return Status(StatusCode::kUnimplemented,
                  fmt::format("the plugin implements opset {}; this model needs opset {} (node "
                              "'{}' is {}, an op of opset {})",
                              opset, graph.required_opset, node.node->name, node.node->op,
                              node.call.opset()));
  }
  return Status::Ok();
}

Expected<CheckResult> check_model(const Device& device, const BoundGraph& graph,
                                  const CheckOptions& options) {
  if (Status s = check_plugin_opset(device.plugin(), graph); !s.ok()) return s;
  auto sources = make_source_images(graph, options.seed);
  if (!sources.ok()) return sources.status();
  auto executor = GraphExecutor::create(device, graph, *sources);
  if (!executor.ok()) return executor.status();
  auto checked = executor->run(true);
  if (!checked.ok()) return checked.status();
  auto timed = executor->run(false);
  if (!timed.ok()) return timed.status();
  auto chain = run_float64_chain(graph, *sources);
  if (!chain.ok()) return chain.status();
  auto rounded = run_float64_chain(graph, *sources, ChainRounding::kToGraphDtypes);
  if (!rounded.ok()) return rounded.status();
  auto accuracy = check_accuracy(graph, *sources, checked->images, *chain, *rounded);
  if (!accuracy.ok()) return accuracy.status();
  if (options.dump_range) {
    if (Status s = dump_nodes(graph, *options.dump_range, *sources, checked->images, *chain,
                              options.dump_dir);
        !s.ok()) {
      return s;
    }
  }
  return CheckResult{std::move(*accuracy), executor->memory(), timed->milliseconds};
}

}  // namespace hwcert::model
