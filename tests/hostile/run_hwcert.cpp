#include "run_hwcert.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <thread>

extern char** environ;  // NOLINT: POSIX, for posix_spawn

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

  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const std::string name = text.substr(0, text.find('='));
    if (extra_environment.count(name) == 0) environment.push_back(text);
  }
  for (const auto& [name, value] : extra_environment) environment.push_back(name + "=" + value);
  std::vector<char*> env_pointers;
  for (auto& entry : environment) env_pointers.push_back(entry.data());
  env_pointers.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> arg_pointers;
  for (auto& arg : args) arg_pointers.push_back(arg.data());
  arg_pointers.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so that a timeout kills hwcert and any worker it left behind.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0].c_str(), &actions, &attributes,
                                    arg_pointers.data(), env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) return outcome;
  if (data_limit_bytes > 0) {
    const rlimit limit{data_limit_bytes, data_limit_bytes};
    ::prlimit(pid, RLIMIT_DATA, &limit, nullptr);
  }

  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return outcome;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      outcome.killed_for_time = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!outcome.killed_for_time) {
    outcome.exited = WIFEXITED(status);
    outcome.exit_code = outcome.exited ? WEXITSTATUS(status) : -1;
    outcome.signaled = WIFSIGNALED(status);
    outcome.signal_number = outcome.signaled ? WTERMSIG(status) : 0;
  }
  // A worker left in hwcert's process group must not outlive the test.
  ::kill(-pid, SIGKILL);
  outcome.stdout_bytes = std::filesystem::file_size(out_path);
  outcome.stdout_text = read_text_file(out_path, 64 << 10);
  outcome.stderr_text = read_text_file(err_path, 64 << 10);
  return outcome;
}

}  // namespace hwcert::hostile
