// Runs a bound graph through a plugin: inputs and weights are uploaded once into buffers of
// their own; intermediates live in one arena placed by the memory plan (tensor views at
// their planned byte offsets); the nodes are launched in order on one stream with one
// workspace buffer sized for the largest need; outputs are read back.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/loader/status.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/memory_plan.hpp"

namespace hwcert::model {

struct MemoryReport {
  uint64_t weight_bytes = 0;
  uint64_t input_bytes = 0;
  uint64_t arena_bytes = 0;           // intermediates with reuse (the plan's peak)
  uint64_t no_reuse_arena_bytes = 0;  // intermediates without reuse
  uint64_t workspace_bytes = 0;
  uint64_t peak() const { return weight_bytes + input_bytes + arena_bytes + workspace_bytes; }
  uint64_t no_reuse_total() const {
    return weight_bytes + input_bytes + no_reuse_arena_bytes + workspace_bytes;
  }
};

struct RunResult {
  // By tensor index: the dense image of every intermediate (when read back) and every graph
  // output; empty for the rest.
  std::vector<std::vector<std::byte>> images;
  double milliseconds = 0;  // host wall time from the first launch to the last synchronize
};

// Host time of one launch_nodes() call: the whole loop over the nodes, and the part of it
// spent inside the plugin's op_launch calls (and event_record where events are recorded).
struct LaunchCost {
  double loop_ns = 0;
  double plugin_ns = 0;
  // The executor's own host time per node: (loop - plugin) / nodes. It includes the two
  // clock reads around each plugin call (tens of nanoseconds).
  double executor_ns_per_node(std::size_t nodes) const {
    return nodes == 0 ? 0 : (loop_ns - plugin_ns) / static_cast<double>(nodes);
  }
};

class GraphExecutor {
 public:
  // Checks op support, plans memory, allocates and uploads `sources` (by tensor index,
  // images of the inputs and weights). An error names the node or step that failed.
  static Expected<GraphExecutor> create(const Device& device, const BoundGraph& graph,
                                        const std::vector<std::vector<std::byte>>& sources);
  // The same executor with the sources of `seed` (for_each_source_image) drawn and uploaded
  // one tensor at a time, each image freed once on the device: the host never holds more
  // than one tensor's image (for callers that need no source images afterwards).
  static Expected<GraphExecutor> create_streamed(const Device& device, const BoundGraph& graph,
                                                 uint64_t seed);

  // Launches every node; with `read_intermediates` each node's outputs are read back right
  // after it (stream order keeps a reused range from being overwritten first).
  Expected<RunResult> run(bool read_intermediates) const;
  // Launches every node and reads nothing back or synchronizes: the loop a timed inference
  // runs. `marks` is empty, two events (recorded before the first node and after the last)
  // or one event per node plus one (recorded before each node and after the last).
  Expected<LaunchCost> launch_nodes(std::span<const Event> marks) const;
  // The device's copy of input or weight `tensor`, read back (what was uploaded).
  Expected<std::vector<std::byte>> read_source(std::size_t tensor) const;
  const Stream& stream() const { return stream_; }
  const MemoryReport& memory() const { return memory_; }

 private:
  GraphExecutor(const BoundGraph& graph, Stream stream)
      : graph_(&graph), stream_(std::move(stream)) {}
  // A new stream and plan() done: what both create functions start from.
  static Expected<GraphExecutor> planned_on(const Device& device, const BoundGraph& graph);
  // Plans the arena and prepares every node's call (checking the plugin supports it).
  Status plan(const Device& device);
  // Allocates tensor `t`'s own buffer and copies `image` into it (stream order).
  Status upload_source(const Device& device, std::size_t t, std::span<const std::byte> image);
  // Allocates the arena and the workspace, once every source is uploaded; synchronizes.
  Status allocate_arena(const Device& device);
  const Buffer* buffer_of(int tensor) const;  // its own buffer, or the arena

  const BoundGraph* graph_;
  Stream stream_;
  std::vector<OpCall> calls_;               // per node, views at their planned offsets
  std::vector<std::optional<Buffer>> own_;  // per tensor: inputs' and weights' buffers
  std::optional<Buffer> arena_;
  std::optional<Buffer> workspace_;
  std::vector<uint64_t> arena_offset_;  // per tensor (intermediates)
  MemoryReport memory_;
};

}  // namespace hwcert::model
