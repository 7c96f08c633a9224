// `hwcert run-op`: one op through a plugin, on .npy inputs (outputs written as .npy) or on
// the seeded inputs of a case given in the one-line form that reports print as reproducers.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "device_options.hpp"
#include "hwcert/conformance/execute_case.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/runner/npy.hpp"
#include "hwcert/runner/op_invocation.hpp"
#include "hwcert/runner/result_json.hpp"
#include "hwcert/runner/tensor_files.hpp"

namespace hwcert::cli {

bool write_npy_file(const std::filesystem::path& path, const runner::NpyArray& array) {
  if (Status status = runner::write_npy(path, array); !status.ok()) {
    print_error(status.message());
    return false;
  }
  std::cout << path.string() << "\n";
  return true;
}

namespace {

struct RunOpOptions {
  std::string plugin;
  uint32_t device = 0;
  runner::OpArguments op;
  std::string out_dir;
  bool determinism = false;
  std::optional<uint64_t> sample;
  std::optional<double> max_zero_fraction;
  std::string id;
  bool json = false;
};

int run_run_op(const Context& context, RunOpOptions options) {
  if (options.determinism) options.op.extra.push_back("--determinism");
  if (options.sample)
    options.op.extra.insert(options.op.extra.end(), {"--sample", std::to_string(*options.sample)});
  if (options.max_zero_fraction) {
    options.op.extra.insert(options.op.extra.end(),
                            {"--max-zero-fraction", fmt::format("{}", *options.max_zero_fraction)});
  }
  if (!options.id.empty()) options.op.extra.insert(options.op.extra.end(), {"--id", options.id});
  auto invocation = runner::build_invocation(options.op);
  if (!invocation.ok()) {
    print_error(invocation.status().message());
    return kExitUsage;
  }
  const std::optional<Device> device =
      open_device_or_report(context, options.plugin, options.device);
  if (!device) return kExitPluginLoad;

  if (invocation->from_case) {
    // The reproducer form: run and judge exactly as the conformance run did.
    conformance::ExecuteOptions execute;
    execute.plugin_name = device->plugin().name();
    execute.device_index = options.device;
    conformance::CaseResult result =
        conformance::execute_case(*device, *invocation->from_case, execute);
    if (!options.out_dir.empty())
      runner::dump_failure(*device, *invocation->from_case, options.out_dir, &result);
    if (options.json) {
      std::cout << results::to_json(result).dump(2) << "\n";
    } else {
      std::cout << fmt::format("{} {}: {}\n", conformance::to_string(result.status), result.case_id,
                               result.message);
      if (result.worst_index >= 0) {
        std::cout << fmt::format(
            "  worst element {}: expected {} actual {} (abs {:.3g}, rel {:.3g}, {:.3g} ulp; bound "
            "{})\n",
            result.worst_index, result.expected_at_worst, result.actual_at_worst,
            result.max_abs_error, result.max_rel_error, result.max_ulp_error, result.tolerance);
      }
    }
    return results::is_acceptable(result.status) ? kExitOk : kExitFailures;
  }

  auto outputs = runner::run_op(*device, invocation->call, invocation->inputs);
  if (!outputs.ok()) {
    print_error(
        fmt::format("{} failed: {}", invocation->call.op_name(), outputs.status().to_string()));
    return kExitFailures;
  }
  const std::filesystem::path dir = options.out_dir.empty() ? "." : options.out_dir;
  for (std::size_t i = 0; i < outputs->size(); ++i) {
    const TensorSpec& spec = invocation->call.outputs()[i];
    const auto path = dir / runner::npy_file_name("output" + std::to_string(i), spec.dtype);
    if (!write_npy_file(path, runner::dense_array(spec, (*outputs)[i]))) return kExitInternal;
  }
  return kExitOk;
}

}  // namespace

void add_op_arguments(CLI::App* command, runner::OpArguments& op) {
  command->add_option("--op", op.op, "Op name from the catalogue")->required();
  command->add_option("--inputs", op.npy_inputs, "Input .npy files, comma-separated")
      ->delimiter(',');
  command->add_option("--attr", op.attributes, "Attribute name=value (repeatable)");
  command->add_option("--out-dtype", op.out_dtype,
                      "Output dtype where it cannot be inferred (cast)");
  command->add_option("--in", op.in_specs,
                      "Case form: input tensor 'dtype[shape]{strides}@offset'");
  command->add_option("--out", op.out_specs, "Case form: output tensor (one per output)");
  command->add_option("--tier", op.tier, "Case form: " + conformance::input_tier_list());
  command->add_option("--seed", op.seed, "Case form: input seed");
}

void register_run_op(CLI::App& app, Context& context) {
  auto [command, options] = add_command<RunOpOptions>(
      app, context, "run-op",
      "Run one op through a plugin: on .npy inputs, or a reproducer line of a case", run_run_op);
  add_required_device_options(*command, options->plugin, options->device);
  add_op_arguments(command, options->op);
  command->add_option("--out-dir", options->out_dir,
                      "Where output .npy files go (case form: inputs, expected and actual)");
  command->add_flag("--determinism", options->determinism, "Case form: run twice, compare bits");
  command->add_option("--sample", options->sample, "Case form: verify a seeded sample");
  command->add_option("--max-zero-fraction", options->max_zero_fraction,
                      "Case form: zero-trust bound");
  command->add_option("--id", options->id, "Case form: case id");
  command->add_flag("--json", options->json, "Case form: print the result as JSON");
}

}  // namespace hwcert::cli
