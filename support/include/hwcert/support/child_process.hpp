// Running code in a child process, so that whatever that code does (crash, hang, scribble on
// stdout) ends the child and never the caller: a function of this program run after fork(), or
// another program run by exec. The caller chooses where the child's output goes, how long it
// may run, and gets back how it ended in words ("killed by SIGSEGV (Segmentation fault)").
// This is the one place in hwcert that forks, execs and waits; the worker pool
// (worker_pool.hpp) is built on it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hwcert::support {

// "SIGSEGV (Segmentation fault)" for a signal number; "signal N" for one without a name.
std::string describe_signal(int signal_number);

// Where a child's stdout or stderr goes.
struct OutputTarget {
  enum class Kind { kInherit, kDiscard, kAppendToFile, kReplaceFile, kSameAsStdout };
  Kind kind = Kind::kInherit;
  std::filesystem::path file;  // kAppendToFile, kReplaceFile (created when missing)

  static OutputTarget inherit() { return {}; }
  static OutputTarget discard() { return {Kind::kDiscard, {}}; }
  static OutputTarget append_to(std::filesystem::path file) {
    return {Kind::kAppendToFile, std::move(file)};
  }
  static OutputTarget replace(std::filesystem::path file) {
    return {Kind::kReplaceFile, std::move(file)};
  }
  static OutputTarget same_as_stdout() { return {Kind::kSameAsStdout, {}}; }  // stderr only
};

struct ChildOptions {
  OutputTarget stdout_target;
  OutputTarget stderr_target;
  bool stdin_from_null = true;  // false: the child reads the caller's stdin
  // The child is killed (SIGKILL) when the caller dies, so that a killed harness never
  // leaves plugin code running.
  bool die_with_parent = false;
  // Fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGPIPE) get their default
  // action in the child, so that a fault ends it with its own signal even where a sanitizer
  // runtime inherited from the caller would turn it into an exit status.
  bool default_fault_signals = false;
  // The child leads a process group of its own; a time-out kills the whole group, and so
  // does the end of the child (nothing it started outlives it).
  bool own_process_group = false;
  uint64_t data_limit_bytes = 0;  // RLIMIT_DATA of the child; 0: the caller's
  // Programs only: variables set (or replaced) in the child's environment, and prefixes of
  // variable names removed from it ("GTEST_" removes every GTEST_* variable).
  std::map<std::string, std::string> set_environment;
  std::vector<std::string> unset_environment_prefixes;
};

// How a child ended.
struct ChildExit {
  enum class Kind { kExited, kSignaled, kTimedOut, kNotStarted };
  Kind kind = Kind::kNotStarted;
  int exit_code = -1;     // kExited
  int signal_number = 0;  // kSignaled
  std::string error;  // kNotStarted: why ("fork failed: ...", "cannot run X: ...")

  bool exited() const { return kind == Kind::kExited; }
  bool succeeded() const { return exited() && exit_code == 0; }
  // A shell's view: the exit code, 128 + the signal, or 127 when it never started or ran
  // out of time.
  int shell_status() const;
  // "exited with status 7", "killed by SIGSEGV (Segmentation fault)", "ran past its time
  // limit and was killed", or `error`.
  std::string describe() const;
};

// A running (or finished) child. Destroying one that still runs kills and reaps it.
class ChildProcess {
 public:
  // Forks; the child runs `body` and exits with what it returns (after flushing stdio). An
  // exception out of `body` is printed on the child's stderr and exits with 125. Output is
  // flushed before the fork, so nothing buffered is written twice.
  static ChildProcess run_function(const std::function<int()>& body, const ChildOptions& options);
  // Runs `argv[0]` (a path) with arguments `argv`.
  static ChildProcess run_program(const std::vector<std::string>& argv,
                                  const ChildOptions& options);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  bool running() const { return pid_ > 0 && !ended_; }
  pid_t pid() const { return pid_; }

  // Waits until the child ends. With a limit, a child still running after it is killed (its
  // process group with own_process_group) and the result is kTimedOut.
  ChildExit wait(std::optional<std::chrono::milliseconds> limit = std::nullopt);
  // Sends SIGKILL to the child (to its group with own_process_group); wait() then reaps it.
  void kill();

 private:
  ChildProcess() = default;
  // How the child ended, once it has; nullopt while it runs (only when !block).
  std::optional<ChildExit> reap(bool block);

  pid_t pid_ = -1;
  bool ended_ = false;
  bool own_group_ = false;
  ChildExit outcome_;  // once ended_; kNotStarted with its error when it never started
};

}  // namespace hwcert::support
