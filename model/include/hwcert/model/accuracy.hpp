// The accuracy check of one graph run: per node, its output against the float64 chain (what
// it computed plus what it inherited) and against its own oracle fed with the device's
// inputs, judged by the op's conformance tolerance (what it computed alone); the first node
// over its tolerance is named. Per graph output: max relative error and cosine similarity
// against the chain, and for classifier logits top-1 / top-5 agreement and KL divergence
// (reported). An output's bounds are the dtype's, widened where rounding alone carries the
// model further: a correctly rounding device (the rounded chain) sets the scale, and the
// device may be kIdealErrorFactor times as far from the exact chain (docs/models.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/output_metrics.hpp"

namespace hwcert::model {

struct NodeAccuracy {
  std::string node, op;
  double chain_max_rel = 0;  // against the float64 chain
  double chain_cosine = 1;
  conformance::CaseStatus local_status = conformance::CaseStatus::kPass;
  double local_max_rel = 0;  // against its own oracle on the device's inputs
  double local_max_ulp = 0;
  std::string local_message;  // the comparator's message when the node fails
  std::string tolerance;      // the op's bound, as conformance words it
};

// Output bounds per compute dtype (docs/models.md says how they were chosen).
struct OutputBounds {
  double max_rel = 0;
  double min_cosine = 1;
};
OutputBounds output_bounds(DType dtype);

// How many times a correctly rounding device's distance from the exact chain a device may be.
inline constexpr double kIdealErrorFactor = 8;
// `dtype_bounds` widened to kIdealErrorFactor times the rounded chain's error (max relative
// error; 1 - cosine by the factor squared, as it grows with the square of the error).
OutputBounds widened_bounds(OutputBounds dtype_bounds, double ideal_max_rel, double ideal_cosine);

struct OutputAccuracy {
  std::string name;
  double max_rel = 0;
  double cosine = 1;
  double ideal_max_rel = 0;  // the rounded chain against the exact chain
  double ideal_cosine = 1;
  OutputBounds bounds;  // what this output is judged by
  std::optional<LogitMetrics> logits;  // classifier graphs
};

struct AccuracyReport {
  std::vector<NodeAccuracy> nodes;
  std::vector<OutputAccuracy> outputs;
  OutputBounds bounds;
  std::optional<std::size_t> first_failing_node;
  std::vector<std::string> output_failures;  // one line per output over its bounds
  bool passed() const { return !first_failing_node && output_failures.empty(); }
};

// `device` holds every node's output (read back), `chain` the float64 values of every tensor,
// `rounded` the chain with every node's outputs rounded to the graph's dtypes.
Expected<AccuracyReport> check_accuracy(const BoundGraph& graph,
                                        const std::vector<std::vector<std::byte>>& sources,
                                        const std::vector<std::vector<std::byte>>& device,
                                        const std::vector<std::vector<double>>& chain,
                                        const std::vector<std::vector<double>>& rounded);

}  // namespace hwcert::model
