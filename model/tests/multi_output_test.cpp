// Nodes with several outputs (split): binding takes the count from the catalogue, and the
// executor, the float64 chain, the accuracy check and --dump handle every output.
#include <gtest/gtest.h>

#include <filesystem>
#include <variant>

#include "hwcert/model/accuracy.hpp"
#include "hwcert/model/dump.hpp"
#include "hwcert/model/executor.hpp"
#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {
namespace {

// x [batch, 6] -> split [2, 4] on axis 1 -> a, b; y = relu(a); outputs y and b.
std::string split_graph(const std::string& outputs = "[\"a\", \"b\"]") {
  return "name = \"split\"\n"
         "outputs = [\"y\", \"b\"]\n"
         "[[input]]\n"
         "name = \"x\"\n"
         "shape = [\"batch\", 6]\n"
         "[[node]]\n"
         "op = \"split\"\n"
         "inputs = [\"x\"]\n"
         "outputs = " +
         outputs +
         "\n"
         "attributes = { axis = 1, sizes = [2, 4] }\n"
         "[[node]]\n"
         "op = \"relu\"\n"
         "inputs = [\"a\"]\n"
         "outputs = [\"y\"]\n";
}

TEST(MultiOutput, OutputCountComesFromTheCatalogue) {
  ParseOutcome outcome = parse_graph(split_graph("[\"a\", \"b\", \"c\"]"), "s.toml", ".");
  ASSERT_FALSE(outcome.errors.empty());
  EXPECT_EQ(outcome.errors.front().to_string(),
            "s.toml:6:1: node 'split' (split) at batch 1, f32: split writes 2 outputs here, the "
            "node names 3");
}

TEST(MultiOutput, EveryOutputIsRunCheckedAndDumped) {
  ParseOutcome parsed = parse_graph(split_graph(), "s.toml", ".");
  ASSERT_TRUE(parsed.graph) << parsed.errors.front().to_string();
  auto bound = bind_graph(*parsed.graph, 3, DType::kF32);
  ASSERT_TRUE(std::holds_alternative<BoundGraph>(bound));
  const BoundGraph& graph = std::get<BoundGraph>(bound);
  auto loaded = load_plugin(REFERENCE_PLUGIN);
  ASSERT_TRUE(std::holds_alternative<PluginPtr>(loaded));
  auto device = std::get<PluginPtr>(loaded)->open_device(0);
  ASSERT_TRUE(device.ok());
  auto sources = make_source_images(graph, 3);
  ASSERT_TRUE(sources.ok());
  auto executor = GraphExecutor::create(*device, graph, *sources);
  ASSERT_TRUE(executor.ok()) << executor.status().to_string();
  auto run = executor->run(true);
  ASSERT_TRUE(run.ok()) << run.status().to_string();
  auto chain = run_float64_chain(graph, *sources);
  ASSERT_TRUE(chain.ok()) << chain.status().to_string();
  const auto x = static_cast<std::size_t>(graph.find_tensor("x"));
  const auto b = static_cast<std::size_t>(graph.find_tensor("b"));
  ASSERT_EQ((*chain)[b].size(), 12u);
  EXPECT_EQ((*chain)[b][0], (*chain)[x][2]);  // row 0, column 2 of x is column 0 of b
  EXPECT_EQ((*chain)[b][7], (*chain)[x][6 + 2 + 3]);
  auto report = check_accuracy(graph, *sources, run->images, *chain, *chain);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_TRUE(report->passed());
  ASSERT_EQ(report->outputs.size(), 2u);
  EXPECT_EQ(report->outputs[1].max_rel, 0.0);

  run->images[b][1] ^= std::byte{0x40};  // the second output of split goes wrong
  report = check_accuracy(graph, *sources, run->images, *chain, *chain);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->first_failing_node.has_value());
  EXPECT_EQ(*report->first_failing_node, 0u);
  EXPECT_EQ(report->nodes[0].local_message.rfind("output 1: ", 0), 0u)
      << report->nodes[0].local_message;

  const auto dir = std::filesystem::temp_directory_path() / "hwcert_multi_output_dump";
  ASSERT_TRUE(dump_nodes(graph, {0, 0}, *sources, run->images, *chain, dir).ok());
  for (const char* f : {"out0.device.f32.npy", "out1.device.f32.npy", "out1.chain.f64.npy",
                        "out1.oracle.f32.npy"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "000_split" / f)) << f;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hwcert::model
