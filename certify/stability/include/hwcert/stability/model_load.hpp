// A whole model in the stability load: a graph bound at its default batch in f32, run through
// the device on a stream of its own between the op cases, and its outputs judged against the
// float64 chain with the bounds `hwcert model check` uses (hwcert/model/accuracy.hpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/model/accuracy.hpp"
#include "hwcert/model/executor.hpp"
#include "hwcert/model/graph.hpp"

namespace hwcert::stability {

class LoadModel {
 public:
  // Binds `graph` (which must outlive the LoadModel), uploads its seeded inputs and weights,
  // and evaluates the float64 chain once. kUnimplemented when the plugin's opset or op
  // support cannot run it (the load then goes on without it); other errors are the device's.
  static Expected<LoadModel> prepare(const Device& device, const model::Graph& graph,
                                     uint64_t seed);

  // "model:<name>", as stability.json lists it among the cases.
  std::string id() const { return "model:" + bound_->graph->name; }
  std::size_t node_count() const { return bound_->nodes.size(); }
  const Stream& stream() const { return executor_->stream(); }

  // Launches every node on the model's stream; does not synchronize.
  Status launch() const;
  // Runs the model once more and reads its outputs: empty when every output is within its
  // bounds, else one line per output over them.
  Expected<std::vector<std::string>> check() const;

 private:
  LoadModel() = default;
  std::unique_ptr<model::BoundGraph> bound_;
  std::optional<model::GraphExecutor> executor_;
  std::vector<std::vector<double>> expected_;  // per graph output: the chain's values
  std::vector<model::OutputBounds> bounds_;    // per graph output
};

}  // namespace hwcert::stability
