#include "hwcert/stability/model_load.hpp"

#include <fmt/format.h>

#include <variant>

#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/model_check.hpp"
#include "hwcert/model/output_metrics.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::stability {
namespace {

Expected<std::unique_ptr<model::BoundGraph>> bind_f32(const model::Graph& graph) {
  auto bound = model::bind_graph(graph, graph.default_batch, DType::kF32);
  if (auto* errors = std::get_if<std::vector<support::Diagnostic>>(&bound)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("model {}: {}", graph.name,
                              errors->empty() ? "does not bind" : errors->front().to_string()));
  }
  return std::make_unique<model::BoundGraph>(std::move(std::get<model::BoundGraph>(bound)));
}

}  // namespace

Expected<LoadModel> LoadModel::prepare(const Device& device, const model::Graph& graph,
                                       uint64_t seed) {
  LoadModel m;
  auto bound = bind_f32(graph);
  if (!bound) return bound.status();
  m.bound_ = std::move(*bound);
  const model::BoundGraph& g = *m.bound_;
  if (Status s = model::check_plugin_opset(device.plugin(), g); !s.ok()) return s;
  auto sources = model::make_source_images(g, seed);
  if (!sources) return sources.status();
  auto executor = model::GraphExecutor::create(device, g, *sources);
  if (!executor) return executor.status();
  m.executor_.emplace(std::move(*executor));
  auto chain = model::run_float64_chain(g, *sources);
  if (!chain) return chain.status();
  auto rounded = model::run_float64_chain(g, *sources, model::ChainRounding::kToGraphDtypes);
  if (!rounded) return rounded.status();
  for (int t : g.outputs) {
    const auto i = static_cast<std::size_t>(t);
    m.expected_.push_back(std::move((*chain)[i]));
    m.bounds_.push_back(model::widened_bounds(
        model::output_bounds(g.dtype), model::max_relative_error((*rounded)[i], m.expected_.back()),
        model::cosine_similarity((*rounded)[i], m.expected_.back())));
  }
  return m;
}

Status LoadModel::launch() const {
  auto cost = executor_->launch_nodes({});
  return cost ? Status::Ok() : cost.status();
}

Expected<std::vector<std::string>> LoadModel::check() const {
  auto run = executor_->run(false);
  if (!run) return run.status();
  std::vector<std::string> failures;
  for (std::size_t o = 0; o < bound_->outputs.size(); ++o) {
    const auto t = static_cast<std::size_t>(bound_->outputs[o]);
    const std::vector<double> device =
        model::decode_image(bound_->tensors[t].spec.dtype, run->images[t]);
    const double max_rel = model::max_relative_error(device, expected_[o]);
    const double cosine = model::cosine_similarity(device, expected_[o]);
    if (max_rel <= bounds_[o].max_rel && cosine >= bounds_[o].min_cosine) continue;
    failures.push_back(fmt::format("output '{}': max relative error {:.3g} (bound {:.3g}), "
                                   "cosine {:.9f} (bound {:.9f})",
                                   bound_->tensors[t].name, max_rel, bounds_[o].max_rel, cosine,
                                   bounds_[o].min_cosine));
  }
  return failures;
}

}  // namespace hwcert::stability
