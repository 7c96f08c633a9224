#include "hwcert/model/dump.hpp"

#include <fmt/format.h>

#include <charconv>

#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/tensor_values.hpp"
#include "hwcert/runner/npy.hpp"
#include "hwcert/runner/tensor_files.hpp"

namespace hwcert::model {
namespace {

std::optional<std::size_t> node_index(std::string_view text, const BoundGraph& graph) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return value;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    if (graph.nodes[i].node->name == text) return i;
  }
  return std::nullopt;
}

Status write(const std::filesystem::path& dir, const std::string& stem, const TensorSpec& spec,
             std::span<const std::byte> image) {
  const TensorSpec dense = TensorSpec::dense(spec.dtype, spec.shape);
  return runner::write_npy(dir / runner::npy_file_name(stem, spec.dtype),
                           runner::dense_array(dense, image));
}

// One tensor as the device had it and as the chain computed it.
Status write_pair(const std::filesystem::path& dir, const std::string& stem, const TensorSpec& spec,
                  std::span<const std::byte> device, const std::vector<double>& chain) {
  if (Status s = write(dir, stem + ".device", spec, device); !s.ok()) return s;
  const TensorSpec wide =
      TensorSpec::dense(is_floating(spec.dtype) ? DType::kF64 : spec.dtype, spec.shape);
  return write(dir, stem + ".chain", wide, encode_image(wide.dtype, chain));
}

}  // namespace

Expected<NodeRange> parse_node_range(std::string_view text, const BoundGraph& graph) {
  if (graph.nodes.empty()) return Status(StatusCode::kInvalidArgument, "the graph has no nodes");
  if (text == "all") return NodeRange{0, graph.nodes.size() - 1};
  std::size_t split = text.find(':');
  if (split == std::string_view::npos && !text.empty() &&
      std::isdigit(static_cast<unsigned char>(text[0]))) {
    split = text.find('-');
  }
  const std::string_view a = text.substr(0, split);
  const std::string_view b = split == std::string_view::npos ? a : text.substr(split + 1);
  const auto first = node_index(a, graph), last = node_index(b, graph);
  if (!first || !last || *first > *last || *last >= graph.nodes.size()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("--dump: '{}' is not a node range of this graph (0-{}, node names, "
                              "NAME:NAME or all)",
                              text, graph.nodes.size() - 1));
  }
  return NodeRange{*first, *last};
}

Status dump_nodes(const BoundGraph& graph, NodeRange range,
                  const std::vector<std::vector<std::byte>>& sources,
                  const std::vector<std::vector<std::byte>>& device,
                  const std::vector<std::vector<double>>& chain, const std::filesystem::path& dir) {
  for (std::size_t n = range.first; n <= range.last; ++n) {
    const BoundNode& node = graph.nodes[n];
    const std::filesystem::path folder = dir / fmt::format("{:03}_{}", n, node.node->name);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return Status(StatusCode::kInternal, folder.string() + ": " + ec.message());
    std::vector<std::span<const std::byte>> inputs;
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      const auto t = static_cast<std::size_t>(node.inputs[i]);
      const auto& image =
          graph.tensors[t].role == TensorRole::kIntermediate ? device[t] : sources[t];
      inputs.emplace_back(image);
      if (Status s =
              write_pair(folder, fmt::format("in{}", i), graph.tensors[t].spec, image, chain[t]);
          !s.ok())
        return s;
    }
    for (std::size_t o = 0; o < node.outputs.size(); ++o) {
      const auto out = static_cast<std::size_t>(node.outputs[o]);
      const TensorSpec& spec = graph.tensors[out].spec;
      const std::string stem = fmt::format("out{}", o);
      if (Status s = write_pair(folder, stem, spec, device[out], chain[out]); !s.ok()) return s;
      auto oracle = oracle_values(node.call, inputs, o);
      if (!oracle.ok()) return oracle.status();
      if (Status s = write(folder, stem + ".oracle", spec, encode_image(spec.dtype, *oracle));
          !s.ok())
        return s;
    }
  }
  return Status::Ok();
}

}  // namespace hwcert::model
