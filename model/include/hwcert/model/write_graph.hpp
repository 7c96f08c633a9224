// Writing a graph in hwcert's graph format (TOML, docs/models.md): the inverse of
// parse_graph for the fields a Graph holds. Used by the ONNX importer.
#pragma once

#include <string>

#include "hwcert/model/graph.hpp"

namespace hwcert::model {

// The TOML text of `graph`; parse_graph of it gives the same graph back (positions aside).
// File-backed values (npy, safetensors) are written with their `file` as stored.
std::string graph_to_toml(const Graph& graph);

}  // namespace hwcert::model
