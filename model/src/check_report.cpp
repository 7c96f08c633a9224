// Text and JSON forms of a model check's result.
#include <fmt/format.h>

#include "hwcert/model/model_check.hpp"

namespace hwcert::model {
namespace {

std::string node_line(std::size_t index, const NodeAccuracy& n) {
  return fmt::format(
      "  [{}] {} ({}): vs chain rel {:.3g} cos {:.9f}; own rel {:.3g}, {:.3g} ulp "
      "({}) {}{}\n",
      index, n.node, n.op, n.chain_max_rel, n.chain_cosine, n.local_max_rel, n.local_max_ulp,
      n.tolerance, conformance::to_string(n.local_status),
      n.local_message.empty() ? "" : ": " + n.local_message);
}

std::string output_line(const OutputAccuracy& o) {
  std::string line = fmt::format(
      "  output {}: max rel err {:.3g}, cosine {:.9f} (bounds {:.3g}, {:.9f}; a correctly "
      "rounding device {:.3g}, {:.9f})",
      o.name, o.max_rel, o.cosine, o.bounds.max_rel, o.bounds.min_cosine, o.ideal_max_rel,
      o.ideal_cosine);
  if (o.logits) {
    line += fmt::format(", top-1 {:.3f}, top-5 {:.3f}, KL {:.3g}", o.logits->top1, o.logits->top5,
                        o.logits->kl);
  }
  return line + "\n";
}

}  // namespace

std::string to_text(const BoundGraph& graph, const CheckResult& result) {
  const AccuracyReport& a = result.accuracy;
  std::string text = fmt::format("model {} (batch {}, {}): {}\n", graph.graph->name, graph.batch,
                                 dtype_name(graph.dtype), a.passed() ? "PASS" : "FAIL");
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    text += node_line(i, a.nodes[i]);
  }
  for (const OutputAccuracy& o : a.outputs) text += output_line(o);
  if (a.first_failing_node) {
    const NodeAccuracy& n = a.nodes[*a.first_failing_node];
    text += fmt::format("  first failing node: [{}] {} ({}): {}\n", *a.first_failing_node, n.node,
                        n.op, n.local_message);
  }
  for (const std::string& f : a.output_failures) text += "  " + f + "\n";
  const MemoryReport& m = result.memory;
  text += fmt::format(
      "  memory: peak {} B, without reuse {} B (weights {}, inputs {}, intermediates {} reused "
      "/ {} without reuse, workspace {})\n",
      m.peak(), m.no_reuse_total(), m.weight_bytes, m.input_bytes, m.arena_bytes,
      m.no_reuse_arena_bytes, m.workspace_bytes);
  text += fmt::format("  time: {:.3f} ms (one run, outputs read back)\n", result.milliseconds);
  return text;
}

nlohmann::json to_json(const BoundGraph& graph, const CheckResult& result) {
  const AccuracyReport& a = result.accuracy;
  nlohmann::json j = {{"model", graph.graph->name},
                      {"batch", graph.batch},
                      {"dtype", dtype_name(graph.dtype)},
                      {"passed", a.passed()}};
  j["nodes"] = nlohmann::json::array();
  for (const NodeAccuracy& n : a.nodes) {
    j["nodes"].push_back({{"node", n.node},
                          {"op", n.op},
                          {"chain_max_rel", n.chain_max_rel},
                          {"chain_cosine", n.chain_cosine},
                          {"own_max_rel", n.local_max_rel},
                          {"own_max_ulp", n.local_max_ulp},
                          {"tolerance", n.tolerance},
                          {"status", conformance::to_string(n.local_status)},
                          {"message", n.local_message}});
  }
  j["first_failing_node"] =
      a.first_failing_node ? nlohmann::json(a.nodes[*a.first_failing_node].node) : nlohmann::json();
  j["outputs"] = nlohmann::json::array();
  for (const OutputAccuracy& o : a.outputs) {
    nlohmann::json out = {{"name", o.name},
                          {"max_rel", o.max_rel},
                          {"cosine", o.cosine},
                          {"bound_max_rel", o.bounds.max_rel},
                          {"bound_min_cosine", o.bounds.min_cosine},
                          {"rounded_chain_max_rel", o.ideal_max_rel},
                          {"rounded_chain_cosine", o.ideal_cosine}};
    if (o.logits) {
      out["top1"] = o.logits->top1;
      out["top5"] = o.logits->top5;
      out["kl"] = o.logits->kl;
    }
    j["outputs"].push_back(out);
  }
  j["output_failures"] = a.output_failures;
  const MemoryReport& m = result.memory;
  j["memory"] = {{"peak_bytes", m.peak()},
                 {"no_reuse_bytes", m.no_reuse_total()},
                 {"weight_bytes", m.weight_bytes},
                 {"input_bytes", m.input_bytes},
                 {"arena_bytes", m.arena_bytes},
                 {"no_reuse_arena_bytes", m.no_reuse_arena_bytes},
                 {"workspace_bytes", m.workspace_bytes}};
  j["milliseconds"] = result.milliseconds;
  return j;
}

}  // namespace hwcert::model
