#include "hwcert/model/parse_graph.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "graph_checks.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/toml_reader.hpp"
#include "toml_fields.hpp"

namespace hwcert::model {
namespace {

using support::TomlReader;

std::optional<TensorDecl> read_tensor(TomlReader& reader, const toml::table& t,
                                      std::string_view kind, const std::filesystem::path& base) {
  reader.allow_keys(t, kind,
                    {"name", "dtype", "shape", "init", "mean", "std", "fan_in", "low", "high",
                     "value", "file", "tensor"});
  TensorDecl decl;
  decl.where = reader.position(t.source());
  decl.name = reader.string(t, "name", kind, true).value_or("");
  const std::string where = fmt::format("{} '{}'", kind, decl.name);
  if (auto dtype = reader.string(t, "dtype", where, false)) {
    decl.dtype = parse_dtype(*dtype);
    if (!decl.dtype) reader.error(*t.get("dtype"), fmt::format("unknown dtype \"{}\"", *dtype));
  }
  auto shape = detail::read_shape(reader, t, where);
  if (!shape) return std::nullopt;
  decl.shape = std::move(*shape);
  decl.values = detail::read_distribution(reader, t, where, decl.shape, base);
  if (decl.values.kind == Distribution::Kind::kSafetensors && !decl.values.tensor.empty()) {
    detail::check_stored_tensor(reader, t, decl);
  }
  return decl;
}

Node read_node(TomlReader& reader, const toml::table& t) {
  reader.allow_keys(t, "[[node]]", {"name", "op", "inputs", "outputs", "attributes"});
  Node node;
  node.where = reader.position(t.source());
  node.op = reader.string(t, "op", "[[node]]", true).value_or("");
  node.name = reader.string(t, "name", "[[node]]", false).value_or(node.op);
  const std::string where = fmt::format("node '{}'", node.name);
  if (!node.op.empty() && catalogue::find_op_schema(node.op) == nullptr) {
    reader.error(*t.get("op"), fmt::format("unknown op '{}' (not in the catalogue, opset {})",
                                           node.op, catalogue::kOpset));
  }
  node.inputs = detail::read_names(reader, t, "inputs", where, true);
  node.outputs = detail::read_names(reader, t, "outputs", where, true);
  node.attributes = detail::read_attributes(reader, t, node.op, where);
  return node;
}

void read_document(TomlReader& reader, const toml::table& doc, const std::filesystem::path& base,
                   Graph& graph) {
  reader.allow_keys(
      doc, "the graph",
      {"name", "description", "classifier", "batch", "outputs", "input", "initializer", "node"});
  graph.name = reader.string(doc, "name", "the graph", true).value_or("");
  graph.description = reader.string(doc, "description", "the graph", false).value_or("");
  graph.classifier = reader.boolean(doc, "classifier", "the graph").value_or(false);
  graph.default_batch = reader.integer(doc, "batch", "the graph", false).value_or(1);
  if (graph.default_batch < 1) reader.error(*doc.get("batch"), "'batch' must be at least 1");
  for (const toml::table* t : reader.tables(doc, "input", "the graph")) {
    if (auto decl = read_tensor(reader, *t, "[[input]]", base)) graph.inputs.push_back(*decl);
  }
  for (const toml::table* t : reader.tables(doc, "initializer", "the graph")) {
    if (auto decl = read_tensor(reader, *t, "[[initializer]]", base)) {
      if (std::any_of(decl->shape.begin(), decl->shape.end(), [](Dim d) { return d.batch; })) {
        reader.error(*t->get("shape"), fmt::format("initializer '{}' cannot have a batch "
                                                   "dimension",
                                                   decl->name));
      }
      graph.initializers.push_back(*decl);
    }
  }
  for (const toml::table* t : reader.tables(doc, "node", "the graph")) {
    graph.nodes.push_back(read_node(reader, *t));
  }
  graph.outputs = detail::read_names(reader, doc, "outputs", "the graph", true);
}

}  // namespace

ParseOutcome parse_graph(std::string_view text, std::string_view source,
                         const std::filesystem::path& base_dir) {
  ParseOutcome outcome;
  Graph graph;
  graph.file = std::string(source);
  TomlReader reader(std::string(source), TomlReader::OnError::kCollect);
  try {
    const toml::table doc = support::parse_toml(text, source);
    read_document(reader, doc, base_dir, graph);
  } catch (const support::Error& e) {
    outcome.errors.push_back(e.diagnostic());
    return outcome;
  }
  outcome.errors = reader.take_errors();
  if (!outcome.errors.empty()) return outcome;
  outcome.errors = detail::check_and_order(graph);
  if (!outcome.errors.empty()) return outcome;
  auto bound = bind_graph(graph, graph.default_batch, DType::kF32);
  if (auto* errors = std::get_if<std::vector<support::Diagnostic>>(&bound)) {
    outcome.errors = std::move(*errors);
    return outcome;
  }
  outcome.graph = std::move(graph);
  return outcome;
}

ParseOutcome read_graph_file(const std::filesystem::path& file) {
  std::string text;
  try {
    text = support::read_file(file);
  } catch (const support::Error& e) {
    return {std::nullopt, {e.diagnostic()}};
  }
  return parse_graph(text, file.string(), file.parent_path());
}

}  // namespace hwcert::model
