#include "sweep_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <variant>

#include "hwcert/model/accuracy.hpp"
#include "hwcert/model/executor.hpp"
#include "hwcert/model/onnx/onnx_import.hpp"
#include "hwcert/model/output_metrics.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model::onnx {
namespace {

namespace fs = std::filesystem;

// input_0.pb, input_1.pb, ... (or output_*) of one test data set, in index order.
std::vector<fs::path> numbered(const fs::path& set, const std::string& prefix) {
  std::vector<fs::path> files;
  for (int i = 0; fs::exists(set / fmt::format("{}_{}.pb", prefix, i)); ++i) {
    files.push_back(set / fmt::format("{}_{}.pb", prefix, i));
  }
  return files;
}

bool is_float(DType d) {
  return d == DType::kF64 || d == DType::kF32 || d == DType::kF16 || d == DType::kBF16;
}

// The rule (docs/models.md): shapes and dtypes equal; integers and bools exactly equal;
// floats: NaN where the published output has NaN, the same infinities, and on the finite
// rest the model check's output bounds for the dtype (max relative error and cosine).
std::string compare(const TensorSpec& spec, const std::vector<std::byte>& device,
                    const OnnxTensor& expected, double& worst) {
  if (spec.dtype != expected.dtype || spec.shape != expected.shape) {
    return fmt::format("{} [{}] against the published {} [{}]", dtype_name(spec.dtype),
                       fmt::join(spec.shape, ","), expected.onnx_type,
                       fmt::join(expected.shape, ","));
  }
  if (!is_float(spec.dtype)) return device == expected.data ? "" : "integer values differ";
  const std::vector<double> d = decode_image(spec.dtype, device);
  const std::vector<double> r = decode_image(spec.dtype, expected.data);
  std::vector<double> df, rf;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (std::isnan(r[i]) != std::isnan(d[i])) return fmt::format("NaN differs at element {}", i);
    if (std::isinf(r[i]) || std::isinf(d[i])) {
      if (r[i] != d[i]) return fmt::format("infinity differs at element {}", i);
    } else if (!std::isnan(r[i])) {
      df.push_back(d[i]);
      rf.push_back(r[i]);
    }
  }
  const OutputBounds bounds = output_bounds(spec.dtype);
  const double rel = max_relative_error(df, rf), cosine = cosine_similarity(df, rf);
  worst = std::max(worst, rel);
  if (rel <= bounds.max_rel && cosine >= bounds.min_cosine) return "";
  return fmt::format("max rel {:.3g} (bound {:.0e}), cosine {:.9f}", rel, bounds.max_rel, cosine);
}

// Runs `graph` on the test data set `set`; "" when every output agrees.
std::string run_set(const Device& device, const Graph& graph, const fs::path& set,
                    double& worst) {
  std::vector<OnnxTensor> inputs, outputs;
  for (const fs::path& f : numbered(set, "input")) {
    auto t = read_onnx_tensor(f);
    if (!t.ok()) return t.status().message();
    inputs.push_back(std::move(*t));
  }
  for (const fs::path& f : numbered(set, "output")) {
    auto t = read_onnx_tensor(f);
    if (!t.ok()) return t.status().message();
    outputs.push_back(std::move(*t));
  }
  if (inputs.size() != graph.inputs.size() || outputs.size() != graph.outputs.size()) {
    return "the test data's input or output count differs from the graph's";
  }
  const int64_t batch = !inputs.empty() && !inputs[0].shape.empty() ? inputs[0].shape[0] : 1;
  auto bound = bind_graph(graph, batch, DType::kF32);
  if (auto* errors = std::get_if<std::vector<support::Diagnostic>>(&bound)) {
    return errors->front().to_string();
  }
  const BoundGraph& g = std::get<BoundGraph>(bound);
  auto sources = make_source_images(g, 1);
  if (!sources.ok()) return sources.status().message();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto t = static_cast<std::size_t>(g.find_tensor(graph.inputs[i].name));
    if (g.tensors[t].spec.dtype != inputs[i].dtype || g.tensors[t].spec.shape != inputs[i].shape) {
      return fmt::format("test input {} does not match the graph's input", i);
    }
    (*sources)[t] = inputs[i].data;
  }
  auto executor = GraphExecutor::create(device, g, *sources);
  if (!executor.ok()) return executor.status().message();
  auto run = executor->run(false);
  if (!run.ok()) return run.status().message();
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const auto t = static_cast<std::size_t>(g.outputs[o]);
    const std::string problem = compare(g.tensors[t].spec, run->images[t], outputs[o], worst);
    if (!problem.empty()) return fmt::format("output {}: {}", o, problem);
  }
  return "";
}

}  // namespace

Expected<Device> open_sweep_device(const std::filesystem::path& plugin) {
  auto loaded = load_plugin(plugin);
  if (!std::holds_alternative<PluginPtr>(loaded)) {
    return Status(StatusCode::kInvalidArgument, fmt::format("cannot load {}", plugin.string()));
  }
  return std::get<PluginPtr>(loaded)->open_device(0);
}

SweepOutcome sweep_model(const Device& device, const fs::path& dir, const fs::path& scratch) {
  SweepOutcome out;
  auto onnx = read_onnx_model(dir / "model.onnx");
  if (!onnx.ok()) {
    out.reasons.push_back("unreadable ONNX file");
    out.detail = onnx.status().message();
    return out;
  }
  const fs::path graph_file = scratch / dir.filename() / "model.toml";
  const ImportResult result = lower_onnx(*onnx, dir.filename().string(),
                                         weights_file_for(graph_file));
  std::set<std::string> reasons;
  for (const Refusal& r : result.refusals) reasons.insert(r.op_type + ": " + r.reason);
  out.reasons.assign(reasons.begin(), reasons.end());
  if (!result.ok()) return out;
  write_import(result, graph_file);
  ParseOutcome parsed = read_graph_file(graph_file);
  if (!parsed.graph) {
    out.reasons.push_back("importer bug: the written graph does not read back");
    out.detail = parsed.errors.front().to_string();
    return out;
  }
  out.accepted = true;
  double worst = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("test_data_set_", 0) != 0) continue;
    const std::string problem = run_set(device, *parsed.graph, entry.path(), worst);
    if (!problem.empty()) {
      out.detail = entry.path().filename().string() + ": " + problem;
      return out;
    }
  }
  out.agrees = true;
  out.detail = fmt::format("(max rel {:.2g})", worst);
  return out;
}

}  // namespace hwcert::model::onnx
