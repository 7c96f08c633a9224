#include "hwcert/model/model_check.hpp"

#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {

Expected<CheckResult> check_model(const Device& device, const BoundGraph& graph,
                                  const CheckOptions& options) {
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
  auto accuracy = check_accuracy(graph, *sources, checked->images, *chain);
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
