#include "hwcert/model/write_graph.hpp"

#include <toml++/toml.h>

#include <sstream>
#include <type_traits>

namespace hwcert::model {
namespace {

toml::array shape_array(const std::vector<Dim>& shape) {
  toml::array out;
  for (const Dim& d : shape) {
    if (d.batch) {
      out.push_back("batch");
    } else {
      out.push_back(d.extent);
    }
  }
  return out;
}

toml::array name_array(const std::vector<NamedRef>& names) {
  toml::array out;
  for (const NamedRef& n : names) out.push_back(n.name);
  return out;
}

void put_distribution(toml::table& t, const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::kNormal:
      t.insert("mean", d.mean);
      t.insert("std", d.stddev);
      break;
    case Distribution::Kind::kUniform:
      t.insert("init", "uniform");
      t.insert("low", d.low);
      t.insert("high", d.high);
      break;
    case Distribution::Kind::kConstant:
      t.insert("init", "constant");
      t.insert("value", d.value);
      break;
    case Distribution::Kind::kNpy:
      t.insert("init", "npy");
      t.insert("file", d.file.generic_string());
      break;
    case Distribution::Kind::kSafetensors:
      t.insert("init", "safetensors");
      t.insert("file", d.file.generic_string());
      t.insert("tensor", d.tensor);
      break;
  }
}

toml::table tensor_table(const TensorDecl& decl) {
  toml::table t;
  t.insert("name", decl.name);
  if (decl.dtype) t.insert("dtype", std::string(dtype_name(*decl.dtype)));
  t.insert("shape", shape_array(decl.shape));
  put_distribution(t, decl.values);
  return t;
}

template <class T>
toml::array list(const std::vector<T>& values) {
  toml::array out;
  for (const T& v : values) out.push_back(v);
  return out;
}

toml::table attribute_table(const std::vector<Attribute>& attributes) {
  toml::table t;
  for (const Attribute& a : attributes) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::vector<int64_t>> ||
                        std::is_same_v<V, std::vector<double>>) {
            t.insert(a.name, list(v));
          } else {
            t.insert(a.name, v);
          }
        },
        a.value);
  }
  t.is_inline(true);
  return t;
}

toml::table node_table(const Node& node) {
  toml::table t;
  t.insert("name", node.name);
  t.insert("op", node.op);
  t.insert("inputs", name_array(node.inputs));
  t.insert("outputs", name_array(node.outputs));
  if (!node.attributes.empty()) t.insert("attributes", attribute_table(node.attributes));
  return t;
}

toml::array tables(const std::vector<toml::table>& items) {
  toml::array out;
  for (const toml::table& t : items) out.push_back(t);
  return out;
}

}  // namespace

std::string graph_to_toml(const Graph& graph) {
  toml::table doc;
  doc.insert("name", graph.name);
  if (!graph.description.empty()) doc.insert("description", graph.description);
  if (graph.classifier) doc.insert("classifier", true);
  doc.insert("batch", graph.default_batch);
  doc.insert("outputs", name_array(graph.outputs));
  std::vector<toml::table> inputs, initializers, nodes;
  for (const TensorDecl& d : graph.inputs) inputs.push_back(tensor_table(d));
  for (const TensorDecl& d : graph.initializers) initializers.push_back(tensor_table(d));
  for (const Node& n : graph.nodes) nodes.push_back(node_table(n));
  if (!inputs.empty()) doc.insert("input", tables(inputs));
  if (!initializers.empty()) doc.insert("initializer", tables(initializers));
  if (!nodes.empty()) doc.insert("node", tables(nodes));
  std::ostringstream out;
  out << doc << "\n";
  return out.str();
}

}  // namespace hwcert::model
