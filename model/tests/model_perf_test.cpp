// model run's pieces on the reference plugin: the executor's launch loop with events (its
// marks and host cost), token counts of the decoder graphs, ranking per-node times and a
// whole measurement of a small zoo model.
#include <gtest/gtest.h>

#include <algorithm>
#include <variant>

#include "hwcert/model/model_perf.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/tensor_values.hpp"
#include "reference_device.hpp"

namespace hwcert::model {
namespace {

class ModelPerfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    open_reference_device(device_);
    if (HasFatalFailure()) return;
  }
  // The zoo model `name` bound at `batch` in f32 (kept alive by the fixture).
  const BoundGraph& bind(const std::string& name, int64_t batch) {
    parsed_.push_back(std::make_unique<ParseOutcome>(
        read_graph_file(std::string(ZOO_DIR) + "/" + name + ".toml")));
    EXPECT_TRUE(parsed_.back()->graph.has_value());
    auto bound = bind_graph(*parsed_.back()->graph, batch, DType::kF32);
    EXPECT_TRUE(std::holds_alternative<BoundGraph>(bound));
    graphs_.push_back(std::make_unique<BoundGraph>(std::move(std::get<BoundGraph>(bound))));
    return *graphs_.back();
  }
  std::vector<Event> events(std::size_t count) {
    std::vector<Event> list;
    for (std::size_t i = 0; i < count; ++i) {
      auto event = device_->create_event();
      EXPECT_TRUE(event.ok());
      list.push_back(std::move(*event));
    }
    return list;
  }
  std::optional<Device> device_;
  std::vector<std::unique_ptr<ParseOutcome>> parsed_;
  std::vector<std::unique_ptr<BoundGraph>> graphs_;
};

TEST_F(ModelPerfTest, LaunchLoopRecordsItsMarksAndMeasuresItsHostCost) {
  const BoundGraph& graph = bind("cnn_small", 2);
  auto sources = make_source_images(graph, 1);
  ASSERT_TRUE(sources.ok());
  auto executor = GraphExecutor::create(*device_, graph, *sources);
  ASSERT_TRUE(executor.ok()) << executor.status().to_string();
  const std::vector<Event> ends = events(2);
  auto cost = executor->launch_nodes(ends);
  ASSERT_TRUE(cost.ok()) << cost.status().to_string();
  ASSERT_TRUE(executor->stream().synchronize().ok());
  EXPECT_GT(*Event::elapsed_ns(ends[0], ends[1]), 0u);
  EXPECT_GT(cost->plugin_ns, 0);
  EXPECT_GE(cost->loop_ns, cost->plugin_ns);
  EXPECT_GE(cost->executor_ns_per_node(graph.nodes.size()), 0);

  const std::vector<Event> per_node = events(graph.nodes.size() + 1);
  ASSERT_TRUE(executor->launch_nodes(per_node).ok());
  ASSERT_TRUE(executor->stream().synchronize().ok());
  uint64_t sum = 0;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n)
    sum += *Event::elapsed_ns(per_node[n], per_node[n + 1]);
  EXPECT_EQ(sum, *Event::elapsed_ns(per_node.front(), per_node.back()));

  EXPECT_FALSE(executor->launch_nodes(events(3)).ok());  // neither 2 nor nodes + 1
  EXPECT_EQ((LaunchCost{1000, 400}).executor_ns_per_node(3), 200);
}

TEST_F(ModelPerfTest, TokenCountsOfTheDecodersAndTheEncoder) {
  const auto prefill = token_count(bind("llama_small_prefill", 2));
  ASSERT_TRUE(prefill.has_value());
  EXPECT_EQ(prefill->phase, "prefill");
  EXPECT_EQ(prefill->tokens_per_inference, 2 * 16);
  const auto decode = token_count(bind("llama_small_decode", 3));
  ASSERT_TRUE(decode.has_value());
  EXPECT_EQ(decode->phase, "decode");
  EXPECT_EQ(decode->tokens_per_inference, 3);
  EXPECT_FALSE(token_count(bind("cnn_small", 1)).has_value());
}

TEST_F(ModelPerfTest, RanksNodesAndOpTypesLongestFirst) {
  const BoundGraph& graph = bind("cnn_small", 1);
  std::vector<double> node_us;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) node_us.push_back(double(n + 1));
  BatchPerf result;
  rank_node_times(graph, node_us, 3, result);
  ASSERT_EQ(result.top_nodes.size(), 3u);
  EXPECT_EQ(result.top_nodes[0].name, graph.nodes.back().node->name);
  EXPECT_EQ(result.top_nodes[0].us, double(graph.nodes.size()));
  ASSERT_LE(result.top_ops.size(), 3u);
  double total = 0;
  for (double us : node_us) total += us;
  for (std::size_t i = 1; i < result.top_ops.size(); ++i)
    EXPECT_GE(result.top_ops[i - 1].us, result.top_ops[i].us);
  int conv_nodes = 0;
  double conv_us = 0;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (graph.nodes[n].node->op != "conv2d") continue;
    ++conv_nodes;
    conv_us += node_us[n];
  }
  for (const NodeTime& op : result.top_ops) {
    if (op.op != "conv2d") continue;
    EXPECT_EQ(op.count, conv_nodes);
    EXPECT_DOUBLE_EQ(op.us, conv_us);
    EXPECT_DOUBLE_EQ(op.fraction, conv_us / total);
  }
}

TEST_F(ModelPerfTest, MeasuresASmallModel) {
  ModelPerfOptions options;
  // The command line passes perfsuite's percentiles_of; model's tests may not include
  // perfsuite, so the order statistics nearest each fraction stand in here.
  options.percentiles = [](std::span<const double> samples) {
    std::vector<double> s(samples.begin(), samples.end());
    std::sort(s.begin(), s.end());
    const auto at = [&](double f) { return s[static_cast<std::size_t>(f * (s.size() - 1))]; };
    return Percentiles{at(0.5), at(0.9), at(0.99)};
  };
  options.min_time_s = 0;
  options.min_runs = 4;
  const BoundGraph& graph = bind("mlp_small", 2);
  auto result = measure_model(*device_, graph, options);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->runs, 4);
  EXPECT_EQ(result->batch, 2);
  EXPECT_GT(result->samples_per_s, 0);
  EXPECT_GT(result->latency_ms.p50, 0);
  EXPECT_LE(result->latency_ms.p50, result->latency_ms.p99);
  EXPECT_FALSE(result->top_ops.empty());
  EXPECT_EQ(result->memory.peak(), result->memory.weight_bytes + result->memory.input_bytes +
                                       result->memory.arena_bytes + result->memory.workspace_bytes);
  EXPECT_FALSE(result->energy_per_inference_j.has_value());  // no power reading given
  options.read_power = [] { return std::optional<double>(10.0); };
  auto powered = measure_model(*device_, graph, options);
  ASSERT_TRUE(powered.ok());
  EXPECT_DOUBLE_EQ(*powered->energy_per_inference_j, 10.0 * powered->median_latency_ms / 1e3);
  options.percentiles = nullptr;
  EXPECT_FALSE(measure_model(*device_, graph, options).ok());
  const nlohmann::json j = perf_to_json("mlp_small", "f32", {*result});
  EXPECT_EQ(j["batches"][0]["inferences"], 4);
  EXPECT_TRUE(j["batches"][0]["energy_per_inference_j"].is_null());
  EXPECT_NE(perf_to_text("mlp_small", {*result}).find("samples/s"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::model
