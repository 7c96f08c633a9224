#include "graph_checks.hpp"

#include <fmt/format.h>

#include <map>
#include <string>

#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::model::detail {
namespace {

constexpr int kDeclared = -1;  // producer of a graph input or initializer

struct Definition {
  int producer = kDeclared;
  support::SourcePosition where;
};

class Checker {
 public:
  explicit Checker(Graph& graph) : graph_(graph) {}

  std::vector<support::Diagnostic> run() {
    for (const TensorDecl& t : graph_.inputs) define(t.name, kDeclared, t.where);
    for (const TensorDecl& t : graph_.initializers) define(t.name, kDeclared, t.where);
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
      const Node& node = graph_.nodes[i];
      check_arity(node);
      for (const NamedRef& out : node.outputs) define(out.name, static_cast<int>(i), out.where);
    }
    for (const Node& node : graph_.nodes) {
      for (const NamedRef& in : node.inputs) require(in, fmt::format("node '{}'", node.name));
    }
    for (const NamedRef& out : graph_.outputs) {
      require(out, "the graph's outputs");
      const auto it = defined_.find(out.name);
      if (it != defined_.end() && it->second.producer == kDeclared) {
        error(out.where, fmt::format("graph output '{}' is an input or initializer; outputs "
                                     "must be written by a node", out.name));
      }
    }
    if (errors_.empty()) order();
    return std::move(errors_);
  }

 private:
  void error(const support::SourcePosition& where, std::string message) {
    errors_.push_back({where, std::move(message)});
  }

  void define(const std::string& name, int producer, const support::SourcePosition& where) {
    auto [it, inserted] = defined_.emplace(name, Definition{producer, where});
    if (inserted) return;
    const Definition& first = it->second;
    const std::string by =
        first.producer == kDeclared
            ? "declared"
            : fmt::format("written by node '{}'",
                          graph_.nodes[static_cast<std::size_t>(first.producer)].name);
    error(where, fmt::format("tensor '{}' is written twice (first {} at {})", name, by,
                             first.where.to_string()));
  }

  void require(const NamedRef& ref, const std::string& reader) {
    if (defined_.count(ref.name) == 0) {
      error(ref.where, fmt::format("unknown tensor '{}' read by {} (no input, initializer or "
                                   "node output has that name)",
                                   ref.name, reader));
    }
  }

  void check_arity(const Node& node) {
    const catalogue::OpSchema* schema = catalogue::find_op_schema(node.op);
    if (schema == nullptr) return;  // reported while reading
    const auto n = static_cast<uint32_t>(node.inputs.size());
    if (n < schema->min_inputs || n > schema->max_inputs) {
      error(node.where,
            fmt::format("node '{}': {} takes {} inputs, not {}", node.name, node.op,
                        schema->min_inputs == schema->max_inputs
                            ? std::to_string(schema->min_inputs)
                            : fmt::format("{} to {}", schema->min_inputs, schema->max_inputs),
                        n));
    }
  }

  // Kahn's algorithm, taking the first ready node in file order each time.
  void order() {
    const std::size_t count = graph_.nodes.size();
    std::vector<bool> placed(count, false);
    std::vector<Node> sorted;
    std::map<std::string, bool> ready;  // tensor -> available
    for (const auto& [name, def] : defined_) ready[name] = def.producer == kDeclared;
    while (sorted.size() < count) {
      bool progressed = false;
      for (std::size_t i = 0; i < count && !progressed; ++i) {
        if (placed[i]) continue;
        const Node& node = graph_.nodes[i];
        bool inputs_ready = true;
        for (const NamedRef& in : node.inputs) inputs_ready = inputs_ready && ready[in.name];
        if (!inputs_ready) continue;
        for (const NamedRef& out : node.outputs) ready[out.name] = true;
        placed[i] = progressed = true;
        sorted.push_back(node);
      }
      if (!progressed) return report_cycle(placed);
    }
    graph_.nodes = std::move(sorted);
  }

  // Walks back from the first node left over through producers of inputs not yet
  // available until a node repeats: that node lies on the cycle.
  void report_cycle(const std::vector<bool>& placed) {
    std::size_t i = 0;
    while (placed[i]) ++i;
    std::vector<bool> seen(placed.size(), false);
    std::string through;
    while (!seen[i]) {
      seen[i] = true;
      for (const NamedRef& in : graph_.nodes[i].inputs) {
        const int producer = defined_[in.name].producer;
        if (producer != kDeclared && !placed[static_cast<std::size_t>(producer)]) {
          i = static_cast<std::size_t>(producer);
          through = in.name;
          break;
        }
      }
    }
    const Node& node = graph_.nodes[i];
    error(node.where,
          fmt::format("node '{}' is on a cycle (through tensor '{}')", node.name, through));
  }

  Graph& graph_;
  std::map<std::string, Definition> defined_;
  std::vector<support::Diagnostic> errors_;
};

}  // namespace

std::vector<support::Diagnostic> check_and_order(Graph& graph) {
  return Checker(graph).run();
}

}  // namespace hwcert::model::detail
