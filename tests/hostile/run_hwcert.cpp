#include "run_hwcert.hpp"

#include <fstream>

#include "hwcert/support/child_process.hpp"

namespace hwcert::hostile {

std::string ProcessOutcome::describe() const {
  if (killed_for_time) return "killed after the time limit";
  if (signaled) return "signal " + std::to_string(signal_number);
  if (exited) return "exit " + std::to_string(exit_code);
  return "not started";
}

std::string read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  text.resize(max_bytes);
  in.read(text.data(), static_cast<std::streamsize>(max_bytes));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

ProcessOutcome run_process(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& extra_environment,
                           const std::filesystem::path& work_dir, std::chrono::seconds limit,
                           uint64_t data_limit_bytes) {
  ProcessOutcome outcome;
  std::filesystem::create_directories(work_dir);
  const auto out_path = work_dir / "hwcert.stdout";
  const auto err_path = work_dir / "hwcert.stderr";
  support::ChildOptions options;
  options.stdout_target = support::OutputTarget::replace(out_path);
  options.stderr_target = support::OutputTarget::replace(err_path);
  // Its own process group, so that a timeout kills hwcert and any worker it left behind (and
  // a worker left in hwcert's process group does not outlive the test).
  options.own_process_group = true;
  options.data_limit_bytes = data_limit_bytes;
  options.set_environment = extra_environment;
  const support::ChildExit exit = support::ChildProcess::run_program(argv, options).wait(limit);
  if (exit.kind == support::ChildExit::Kind::kNotStarted) return outcome;
  outcome.killed_for_time = exit.kind == support::ChildExit::Kind::kTimedOut;
  outcome.exited = exit.exited();
  outcome.exit_code = exit.exited() ? exit.exit_code : -1;
  outcome.signaled = exit.kind == support::ChildExit::Kind::kSignaled;
  outcome.signal_number = exit.signal_number;
  outcome.stdout_bytes = std::filesystem::file_size(out_path);
  outcome.stdout_text = read_text_file(out_path, 64 << 10);
  outcome.stderr_text = read_text_file(err_path, 64 << 10);
  return outcome;
}

}  // namespace hwcert::hostile
