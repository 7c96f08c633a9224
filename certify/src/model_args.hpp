// What `hwcert model check` and `hwcert model run` read the same way: the model (a zoo name
// or a graph file), its compute dtype, and the graph bound at a batch size. Each prints its
// errors and returns nothing on failure (the command then exits 2).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/graph.hpp"

namespace hwcert::cli {

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
