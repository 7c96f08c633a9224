// Writing an import: the weights (.safetensors) first, then the graph (TOML), each atomically.
#include "hwcert/model/onnx/onnx_import.hpp"
#include "hwcert/model/safetensors.hpp"
#include "hwcert/model/write_graph.hpp"
#include "hwcert/support/atomic_file.hpp"

namespace hwcert::model::onnx {

std::filesystem::path weights_file_for(const std::filesystem::path& graph_file) {
  return graph_file.stem().string() + ".safetensors";
}

void write_import(const ImportResult& result, const std::filesystem::path& graph_file) {
  std::vector<SafetensorsEntry> entries;
  for (const Weight& w : result.weights) entries.push_back({w.name, w.dtype, w.shape, w.data});
  if (!entries.empty()) {
    support::write_file_atomic(graph_file.parent_path() / weights_file_for(graph_file),
                               encode_safetensors(entries));
  }
  support::write_file_atomic(graph_file, graph_to_toml(result.graph));
}

}  // namespace hwcert::model::onnx
