// `hwcert oracle`: the float64 oracle's expected output for one op, on .npy inputs or on the
// seeded inputs of a case form, written as .npy (no plugin involved).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "hwcert/runner/npy.hpp"
#include "hwcert/runner/op_invocation.hpp"
#include "hwcert/runner/tensor_files.hpp"

namespace hwcert::cli {

// cmd_run_op.cpp: the op's options, and writing one .npy file whose path is printed (false,
// with the error printed, when it cannot be written).
void add_op_arguments(CLI::App* command, runner::OpArguments& op);
bool write_npy_file(const std::filesystem::path& path, const runner::NpyArray& array);

namespace {

struct OracleOptions {
  runner::OpArguments op;
  std::string out_dir;
};

int run_oracle(const OracleOptions& options) {
  auto invocation = runner::build_invocation(options.op);
  if (!invocation.ok()) {
    print_error(invocation.status().message());
    return kExitUsage;
  }
  std::vector<std::span<const std::byte>> views(invocation->inputs.begin(),
                                                invocation->inputs.end());
  auto expected = conformance::compute_reference(invocation->call, views);
  if (!expected.ok()) {
    print_error(expected.status().message());
    return kExitUsage;
  }
  const std::filesystem::path dir = options.out_dir.empty() ? "." : options.out_dir;
  if (invocation->from_case) {
    Status status = runner::write_input_files(dir, *invocation);
    if (!status.ok()) {
      print_error(status.message());
      return kExitInternal;
    }
  }
  const TensorSpec& out = invocation->call.outputs()[0];
  const auto path = dir / runner::npy_file_name("expected", out.dtype);
  const bool written = write_npy_file(
      path, runner::reference_array(TensorSpec::dense(out.dtype, out.shape), *expected));
  return written ? kExitOk : kExitInternal;
}

}  // namespace

void register_oracle(CLI::App& app, Context& context) {
  auto [command, options] = add_command<OracleOptions>(
      app, context, "oracle",
      "Expected output of one op from the float64 oracle (.npy inputs or a case form)", run_oracle);
  add_op_arguments(command, options->op);
  command->add_option("--out-dir", options->out_dir, "Where expected.<dtype>.npy goes (default .)");
}

}  // namespace hwcert::cli
