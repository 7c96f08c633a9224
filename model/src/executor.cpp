#include "hwcert/model/executor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {
namespace {

Status node_error(const BoundNode& node, std::string_view step, const Status& s) {
  return Status(s.code(), fmt::format("node '{}' ({}): {}: {}", node.node->name, node.node->op,
                                      step, s.to_string()));
}

uint64_t dense_bytes(const TensorSpec& spec) {
  return spec.required_bytes().value_or(0);
}

TensorSpec at_offset(TensorSpec spec, uint64_t offset) {
  spec.byte_offset = offset;
  return spec;
}

}  // namespace

Expected<GraphExecutor> GraphExecutor::planned_on(const Device& device, const BoundGraph& graph) {
  auto stream = device.create_stream();
  if (!stream.ok())
    return Status(stream.status().code(), "stream_create: " + stream.status().to_string());
  GraphExecutor executor(graph, std::move(*stream));
  if (Status s = executor.plan(device); !s.ok()) return s;
  return executor;
}

Expected<GraphExecutor> GraphExecutor::create(const Device& device, const BoundGraph& graph,
                                              const std::vector<std::vector<std::byte>>& sources) {
  auto executor = planned_on(device, graph);
  if (!executor.ok()) return executor.status();
  for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
    if (graph.tensors[t].role == TensorRole::kIntermediate) continue;
    if (Status s = executor->upload_source(device, t, sources[t]); !s.ok()) return s;
  }
  if (Status s = executor->allocate_arena(device); !s.ok()) return s;
  return executor;
}

Expected<GraphExecutor> GraphExecutor::create_streamed(const Device& device,
                                                       const BoundGraph& graph, uint64_t seed) {
  auto executor = planned_on(device, graph);
  if (!executor.ok()) return executor.status();
  Status drawn =
      for_each_source_image(graph, seed, [&](std::size_t t, std::vector<std::byte> image) {
        if (Status s = executor->upload_source(device, t, image); !s.ok()) return s;
        return executor->stream_.synchronize();  // the copy is done before `image` is freed
      });
  if (!drawn.ok()) return drawn;
  for (std::size_t t = 0; t < graph.tensors.size(); ++t) {  // sources without a declaration
    if (graph.tensors[t].role == TensorRole::kIntermediate || executor->own_[t]) continue;
    if (Status s = executor->upload_source(device, t, {}); !s.ok()) return s;
  }
  if (Status s = executor->allocate_arena(device); !s.ok()) return s;
  return executor;
}

Status GraphExecutor::plan(const Device& device) {
  const BoundGraph& g = *graph_;
  std::vector<Lifetime> lifetimes;
  std::vector<int> planned;  // tensor index of each lifetime
  for (std::size_t t = 0; t < g.tensors.size(); ++t) {
    const BoundTensor& bt = g.tensors[t];
    if (bt.role != TensorRole::kIntermediate) continue;
    lifetimes.push_back({dense_bytes(bt.spec), bt.producer, std::max(bt.last_use, bt.producer)});
    planned.push_back(static_cast<int>(t));
  }
  const MemoryPlan plan = plan_memory(lifetimes);
  arena_offset_.assign(g.tensors.size(), 0);
  for (std::size_t i = 0; i < planned.size(); ++i) {
    arena_offset_[static_cast<std::size_t>(planned[i])] = plan.offsets[i];
  }
  memory_.arena_bytes = plan.arena_bytes;
  memory_.no_reuse_arena_bytes = plan.no_reuse_bytes;

  for (const BoundNode& node : g.nodes) {
    std::vector<TensorSpec> ins, outs;
    for (int t : node.inputs)
      ins.push_back(at_offset(g.tensors[static_cast<std::size_t>(t)].spec,
                              arena_offset_[static_cast<std::size_t>(t)]));
    for (int t : node.outputs)
      outs.push_back(at_offset(g.tensors[static_cast<std::size_t>(t)].spec,
                               arena_offset_[static_cast<std::size_t>(t)]));
    calls_.emplace_back(node.call.op_name(), ins, outs, node.call.attributes(), node.call.opset());
    auto support = device.op_support(calls_.back());
    if (!support.ok()) return node_error(node, "op_support", support.status());
    if (!support->supported) {
      return Status(StatusCode::kUnimplemented,
                    fmt::format("node '{}' ({}): not supported by the plugin: {}", node.node->name,
                                node.node->op, support->reason));
    }
    auto workspace = device.workspace_size(calls_.back());
    if (!workspace.ok()) return node_error(node, "op_workspace_size", workspace.status());
    memory_.workspace_bytes = std::max(memory_.workspace_bytes, *workspace);
  }
  own_.resize(g.tensors.size());
  return Status::Ok();
}

Status GraphExecutor::upload_source(const Device& device, std::size_t t,
                                    std::span<const std::byte> image) {
  const BoundTensor& bt = graph_->tensors[t];
  auto buffer = device.alloc(std::max<uint64_t>(image.size(), 1));
  if (!buffer.ok())
    return Status(buffer.status().code(),
                  fmt::format("buffer_alloc for '{}': {}", bt.name, buffer.status().to_string()));
  if (!image.empty()) {
    if (Status s = stream_.copy_h2d(*buffer, 0, image); !s.ok()) return s;
  }
  (bt.role == TensorRole::kWeight ? memory_.weight_bytes : memory_.input_bytes) += image.size();
  own_[t].emplace(std::move(*buffer));
  return Status::Ok();
}

Status GraphExecutor::allocate_arena(const Device& device) {
  auto arena = device.alloc(std::max<uint64_t>(memory_.arena_bytes, 1));
  if (!arena.ok())
    return Status(arena.status().code(),
                  "buffer_alloc for the arena: " + arena.status().to_string());
  arena_.emplace(std::move(*arena));
  if (memory_.workspace_bytes > 0) {
    auto workspace = device.alloc(memory_.workspace_bytes);
    if (!workspace.ok()) return workspace.status();
    workspace_.emplace(std::move(*workspace));
  }
  return stream_.synchronize();
}

Expected<LaunchCost> GraphExecutor::launch_nodes(std::span<const Event> marks) const {
  using Clock = std::chrono::steady_clock;
  const BoundGraph& g = *graph_;
  const std::size_t count = g.nodes.size();
  if (!marks.empty() && marks.size() != 2 && marks.size() != count + 1)
    return Status(StatusCode::kInvalidArgument, "launch_nodes: marks must be 0, 2 or nodes + 1");
  const bool per_node = marks.size() == count + 1;
  const Buffer* workspace = workspace_ ? &*workspace_ : nullptr;
  std::vector<const Buffer*> ins, outs;
  LaunchCost cost;
  const auto plugin_call = [&](const auto& call) {
    const auto before = Clock::now();
    Status s = call();
    cost.plugin_ns += std::chrono::duration<double, std::nano>(Clock::now() - before).count();
    return s;
  };
  const auto start = Clock::now();
  for (std::size_t n = 0; n < count; ++n) {
    const BoundNode& node = g.nodes[n];
    if (per_node || (n == 0 && !marks.empty())) {
      if (Status s = plugin_call([&] { return stream_.record(marks[per_node ? n : 0]); }); !s.ok())
        return node_error(node, "event_record", s);
    }
    ins.clear();
    outs.clear();
    for (int t : node.inputs) ins.push_back(buffer_of(t));
    for (int t : node.outputs) outs.push_back(buffer_of(t));
    if (Status s = plugin_call([&] { return stream_.launch(calls_[n], ins, outs, workspace); });
        !s.ok())
      return node_error(node, "op_launch", s);
  }
  if (!marks.empty()) {
    if (Status s = plugin_call([&] { return stream_.record(marks.back()); }); !s.ok())
      return Status(s.code(), "event_record: " + s.to_string());
  }
  cost.loop_ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  return cost;
}

const Buffer* GraphExecutor::buffer_of(int tensor) const {
  const auto& own = own_[static_cast<std::size_t>(tensor)];
  return own ? &*own : &*arena_;
}

Expected<std::vector<std::byte>> GraphExecutor::read_source(std::size_t tensor) const {
  const auto& own = own_.at(tensor);
  if (!own) return Status(StatusCode::kInvalidArgument, "read_source: not an input or weight");
  std::vector<std::byte> image(
      graph_->tensors[tensor].decl ? dense_bytes(graph_->tensors[tensor].spec) : 0);
  if (image.empty()) return image;  // a source without a declaration: nothing uploaded
  if (Status s = stream_.copy_d2h(image, *own, 0); !s.ok()) return s;
  if (Status s = stream_.synchronize(); !s.ok()) return s;
  return image;
}

Expected<RunResult> GraphExecutor::run(bool read_intermediates) const {
  const BoundGraph& g = *graph_;
  RunResult result;
  result.images.resize(g.tensors.size());
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t n = 0; n < g.nodes.size(); ++n) {
    const BoundNode& node = g.nodes[n];
    std::vector<const Buffer*> ins, outs;
    for (int t : node.inputs) ins.push_back(buffer_of(t));
    for (int t : node.outputs) outs.push_back(buffer_of(t));
    if (Status s = stream_.launch(calls_[n], ins, outs, workspace_ ? &*workspace_ : nullptr);
        !s.ok()) {
      return node_error(node, "op_launch", s);
    }
    for (int t : node.outputs) {
      const BoundTensor& bt = g.tensors[static_cast<std::size_t>(t)];
      if (!read_intermediates && !bt.graph_output) continue;
      auto& image = result.images[static_cast<std::size_t>(t)];
      image.resize(dense_bytes(bt.spec));
      if (Status s = stream_.copy_d2h(image, *arena_, arena_offset_[static_cast<std::size_t>(t)]);
          !s.ok()) {
        return node_error(node, "copy_d2h", s);
      }
    }
  }
  if (Status s = stream_.synchronize(); !s.ok())
    return Status(s.code(), "stream_synchronize: " + s.to_string());
  result.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace hwcert::model
