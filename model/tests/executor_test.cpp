// The executor on the reference plugin: the zoo's MLP runs, its intermediates reuse arena
// bytes, its outputs match the float64 chain, and a second run gives the same bits.
#include <gtest/gtest.h>

#include <cstdint>
#include <variant>

#include "hwcert/model/accuracy.hpp"
#include "hwcert/model/executor.hpp"
#include "hwcert/model/float64_chain.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/tensor_values.hpp"
#include "reference_device.hpp"

namespace hwcert::model {
namespace {

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    open_reference_device(device_);
    if (HasFatalFailure()) return;
    parsed_ = read_graph_file(std::string(ZOO_DIR) + "/transformer_small.toml");
    ASSERT_TRUE(parsed_.graph.has_value()) << parsed_.errors.front().to_string();
    auto bound = bind_graph(*parsed_.graph, 3, DType::kF32);
    ASSERT_TRUE(std::holds_alternative<BoundGraph>(bound));
    graph_.emplace(std::move(std::get<BoundGraph>(bound)));
  }
  // The graph's source images for `seed` and one checked run of it on the device.
  struct CheckedRun {
    std::vector<std::vector<std::byte>> sources;
    std::vector<std::vector<std::byte>> images;
  };
  CheckedRun run_checked(uint64_t seed) {
    auto sources = make_source_images(*graph_, seed);
    EXPECT_TRUE(sources.ok());
    auto executor = GraphExecutor::create(*device_, *graph_, *sources);
    EXPECT_TRUE(executor.ok()) << executor.status().to_string();
    auto run = executor->run(true);
    EXPECT_TRUE(run.ok()) << run.status().to_string();
    return {std::move(*sources), std::move(run->images)};
  }
  std::optional<Device> device_;
  ParseOutcome parsed_;
  std::optional<BoundGraph> graph_;
};

TEST_F(ExecutorTest, RunsMatchesTheChainAndReusesMemory) {
  auto sources = make_source_images(*graph_, 7);
  ASSERT_TRUE(sources.ok());
  auto executor = GraphExecutor::create(*device_, *graph_, *sources);
  ASSERT_TRUE(executor.ok()) << executor.status().to_string();
  const MemoryReport& memory = executor->memory();
  EXPECT_LT(memory.arena_bytes, memory.no_reuse_arena_bytes);
  EXPECT_LT(memory.peak(), memory.no_reuse_total());
  EXPECT_GT(memory.weight_bytes, 0u);

  auto first = executor->run(true);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  auto second = executor->run(false);
  ASSERT_TRUE(second.ok());
  const int logits = graph_->outputs.front();
  EXPECT_EQ(first->images[static_cast<std::size_t>(logits)],
            second->images[static_cast<std::size_t>(logits)]);
  EXPECT_TRUE(second->images[static_cast<std::size_t>(graph_->nodes.front().outputs[0])].empty());

  auto chain = run_float64_chain(*graph_, *sources);
  ASSERT_TRUE(chain.ok()) << chain.status().to_string();
  auto report = check_accuracy(*graph_, *sources, first->images, *chain, *chain);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_TRUE(report->passed());
  EXPECT_EQ(report->nodes.size(), graph_->nodes.size());
  ASSERT_EQ(report->outputs.size(), 1u);
  EXPECT_GT(report->outputs[0].cosine, 0.999999);
  ASSERT_TRUE(report->outputs[0].logits.has_value());
  EXPECT_EQ(report->outputs[0].logits->top1, 1.0);
}

// Sources drawn and uploaded one tensor at a time are bit for bit those of the whole-graph
// images: every input and weight on the device, every intermediate and output of a run.
TEST_F(ExecutorTest, StreamedUploadGivesTheSameBytesAsTheImages) {
  CheckedRun whole = run_checked(5);
  auto streamed = GraphExecutor::create_streamed(*device_, *graph_, 5);
  ASSERT_TRUE(streamed.ok()) << streamed.status().to_string();
  int compared = 0;
  for (std::size_t t = 0; t < graph_->tensors.size(); ++t) {
    if (graph_->tensors[t].role == TensorRole::kIntermediate) continue;
    auto on_device = streamed->read_source(t);
    ASSERT_TRUE(on_device.ok()) << on_device.status().to_string();
    EXPECT_EQ(*on_device, whole.sources[t]) << graph_->tensors[t].name;
    compared += whole.sources[t].empty() ? 0 : 1;
  }
  EXPECT_GT(compared, 4);
  auto run = streamed->run(true);
  ASSERT_TRUE(run.ok()) << run.status().to_string();
  EXPECT_EQ(run->images, whole.images);
  auto other_seed = make_source_images(*graph_, 6);
  ASSERT_TRUE(other_seed.ok());
  EXPECT_NE(*other_seed, whole.sources);  // the seed reaches the drawn values
}

TEST_F(ExecutorTest, CorruptedIntermediateIsNamedAsTheFirstFailingNode) {
  CheckedRun run = run_checked(7);
  const auto* sources = &run.sources;
  auto chain = run_float64_chain(*graph_, *sources);
  ASSERT_TRUE(chain.ok());
  // Flip a high mantissa bit of one element of node 4's output (attention of head 0).
  auto& image = run.images[static_cast<std::size_t>(graph_->nodes[4].outputs[0])];
  image[3] ^= std::byte{0x20};
  auto report = check_accuracy(*graph_, *sources, run.images, *chain, *chain);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->first_failing_node.has_value());
  EXPECT_EQ(*report->first_failing_node, 4u);
  for (std::size_t n = 0; n < 4; ++n)
    EXPECT_EQ(report->nodes[n].local_status, conformance::CaseStatus::kPass);
}

// The rounded chain is the exact chain with each node's outputs rounded to the graph's dtype:
// close to it in f32, not equal, and it widens an output's bounds only beyond the dtype's.
TEST_F(ExecutorTest, RoundedChainWidensTheOutputBoundsByItsOwnError) {
  CheckedRun run = run_checked(7);
  const auto* sources = &run.sources;
  auto chain = run_float64_chain(*graph_, *sources);
  auto rounded = run_float64_chain(*graph_, *sources, ChainRounding::kToGraphDtypes);
  ASSERT_TRUE(chain.ok() && rounded.ok());
  const auto logits = static_cast<std::size_t>(graph_->outputs.front());
  const double rounding_error = max_relative_error((*rounded)[logits], (*chain)[logits]);
  EXPECT_GT(rounding_error, 0);
  EXPECT_LT(rounding_error, 1e-6);

  auto report = check_accuracy(*graph_, *sources, run.images, *chain, *rounded);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->passed());
  EXPECT_EQ(report->outputs[0].ideal_max_rel, rounding_error);
  EXPECT_EQ(report->outputs[0].bounds.max_rel, output_bounds(DType::kF32).max_rel);

  // A rounded chain 1e-3 away (as a badly conditioned model's would be) widens the bound to
  // kIdealErrorFactor times that, and the device, far closer, passes.
  std::vector<std::vector<double>> far = *chain;
  for (double& v : far[logits]) v *= 1 + 1e-3;
  report = check_accuracy(*graph_, *sources, run.images, *chain, far);
  ASSERT_TRUE(report.ok());
  EXPECT_NEAR(report->outputs[0].bounds.max_rel, kIdealErrorFactor * 1e-3, 1e-9);
  EXPECT_TRUE(report->passed());
}

// The dtype's bounds hold until the rounded chain's error times the factor passes them; 1 -
// cosine widens by the factor squared.
TEST(WidenedBounds, GrowByTheFactorOverTheRoundedChainsError) {
  const OutputBounds f16 = output_bounds(DType::kF16);
  const OutputBounds none = widened_bounds(f16, 0, 1);
  EXPECT_EQ(none.max_rel, f16.max_rel);
  EXPECT_EQ(none.min_cosine, f16.min_cosine);
  const OutputBounds wide = widened_bounds(f16, 0.01, 1 - 1e-5);
  EXPECT_DOUBLE_EQ(wide.max_rel, 0.08);
  EXPECT_NEAR(wide.min_cosine, 1 - 64e-5, 1e-12);
  const OutputBounds small = widened_bounds(f16, 1e-3, 1 - 1e-7);
  EXPECT_EQ(small.max_rel, f16.max_rel);
  EXPECT_EQ(small.min_cosine, f16.min_cosine);
}

}  // namespace
}  // namespace hwcert::model
