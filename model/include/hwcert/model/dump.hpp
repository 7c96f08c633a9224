// `--dump NODE_RANGE DIR`: the inputs and outputs of a range of nodes as .npy files, as the
// device saw and wrote them and as the float64 chain computed them, plus the node's own
// oracle on the device's inputs.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>
#include <vector>

#include "hwcert/loader/status.hpp"
#include "hwcert/model/bound_graph.hpp"

namespace hwcert::model {

struct NodeRange {
  std::size_t first = 0, last = 0;  // node indices, inclusive
};
// "3", "2-5", "fc1" or "fc1:fc2" (node names, in execution order); "all".
Expected<NodeRange> parse_node_range(std::string_view text, const BoundGraph& graph);

// Writes DIR/<index>_<node>/{in<i>,out0}.{device,chain}.<dtype>.npy and out0.oracle.<dtype>.npy.
Status dump_nodes(const BoundGraph& graph, NodeRange range,
                  const std::vector<std::vector<std::byte>>& sources,
                  const std::vector<std::vector<std::byte>>& device,
                  const std::vector<std::vector<double>>& chain, const std::filesystem::path& dir);

}  // namespace hwcert::model
