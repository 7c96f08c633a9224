// Reading a graph file (TOML, docs/models.md): every problem found is reported as
// "file:line:column: message" — syntax, unknown keys, unknown ops and tensors, tensors
// written twice, cycles, and (through bind_graph at the file's default batch) shape and
// dtype rules of the catalogue.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "hwcert/model/graph.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::model {

struct ParseOutcome {
  std::optional<Graph> graph;               // set when there is no error
  std::vector<support::Diagnostic> errors;  // in file order
};

// `source` names the text in messages; relative .npy paths resolve against `base_dir`.
ParseOutcome parse_graph(std::string_view text, std::string_view source,
                         const std::filesystem::path& base_dir);
// Reads `file` (an unreadable file is one error naming it).
ParseOutcome read_graph_file(const std::filesystem::path& file);

}  // namespace hwcert::model
