// What `hwcert model check` and `hwcert model run` read the same way: the plugin and device,
// the model (a zoo name or a graph file), its compute dtype and seed, and the graph bound at a
// batch size. Each reader prints its errors and returns nothing on failure (the command then
// exits 2).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/graph.hpp"

namespace hwcert::cli {

/// Which model a model command runs, on which device, in which dtype, with which seed.
struct ModelSelection {
  std::string plugin;
  uint32_t device = 0;
  std::string model;
  std::string dtype = "f32";
  uint64_t seed = 1;
};

/// --plugin, --device, --model, --dtype and --seed, filling `selection`.
void add_model_selection_options(CLI::App& command, ModelSelection& selection);

std::optional<model::Graph> read_model(const Context& context, const std::string& model);
// f32, f16 or bf16.
std::optional<DType> model_dtype(const std::string& text);
// At `batch`, or the graph's default batch when it is 0 or less.
std::optional<model::BoundGraph> bind_model(const model::Graph& graph, int64_t batch, DType dtype);

}  // namespace hwcert::cli

namespace hwcert::cli {
// `hwcert model run` (cmd_model_run.cpp), a subcommand of `model`.
void register_model_run(CLI::App* model, Context& context);
}  // namespace hwcert::cli
