#include "hwcert/support/child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string_view>
#include <thread>

extern char** environ;  // NOLINT: POSIX

namespace hwcert::support {
namespace {

// Exit status of a child whose body threw, or that could not be prepared.
constexpr int kChildSetupFailed = 125;
constexpr int kChildCannotExec = 127;

// Everything buffered is written before a fork, so that the child does not write it again.
void flush_all_output() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
}

// The child's side, between fork() and the body or exec: async-signal-safe calls only.
int open_output(const OutputTarget& target) {
  switch (target.kind) {
    case OutputTarget::Kind::kDiscard:
      return ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    case OutputTarget::Kind::kAppendToFile:
      return ::open(target.file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    case OutputTarget::Kind::kReplaceFile:
      return ::open(target.file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    default:
      return -1;
  }
}

// Makes `fd` the child's descriptor `target` (kept across exec).
void redirect(int fd, int target) {
  if (fd < 0) return;
  if (fd == target) {
    ::fcntl(fd, F_SETFD, 0);
    return;
  }
  ::dup2(fd, target);
  ::close(fd);
}

void prepare_child(const ChildOptions& options, pid_t parent) {
  if (options.die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(kChildSetupFailed);  // the parent is already gone
  }
  if (options.own_process_group) ::setpgid(0, 0);
  if (options.default_fault_signals) {
    for (int fault : {SIGPIPE, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(fault, SIG_DFL);
  }
  if (options.data_limit_bytes > 0) {
    const rlimit limit{options.data_limit_bytes, options.data_limit_bytes};
    ::setrlimit(RLIMIT_DATA, &limit);
  }
  if (options.stdin_from_null) redirect(::open("/dev/null", O_RDONLY | O_CLOEXEC), STDIN_FILENO);
  redirect(open_output(options.stdout_target), STDOUT_FILENO);
  if (options.stderr_target.kind == OutputTarget::Kind::kSameAsStdout) {
    ::dup2(STDOUT_FILENO, STDERR_FILENO);
  } else {
    redirect(open_output(options.stderr_target), STDERR_FILENO);
  }
}

// The caller's environment less the removed prefixes and the replaced names, plus the set
// variables, as NAME=VALUE entries.
std::vector<std::string> child_environment(const ChildOptions& options) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::string_view name = text.substr(0, text.find('='));
    bool keep = options.set_environment.count(std::string(name)) == 0;
    for (const std::string& prefix : options.unset_environment_prefixes) {
      keep = keep && name.substr(0, prefix.size()) != prefix;
    }
    if (keep) entries.emplace_back(text);
  }
  for (const auto& [name, value] : options.set_environment) entries.push_back(name + "=" + value);
  return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

ChildExit not_started(std::string why) {
  ChildExit outcome;
  outcome.error = std::move(why);
  return outcome;
}

}  // namespace

std::string describe_signal(int signal_number) {
  const char* abbrev = ::sigabbrev_np(signal_number);
  const char* text = ::strsignal(signal_number);
  if (abbrev == nullptr) return fmt::format("signal {}", signal_number);
  return fmt::format("SIG{} ({})", abbrev, text ? text : "unknown");
}

int ChildExit::shell_status() const {
  if (kind == Kind::kExited) return exit_code;
  if (kind == Kind::kSignaled) return 128 + signal_number;
  return kChildCannotExec;
}

std::string ChildExit::describe() const {
  switch (kind) {
    case Kind::kExited:
      return fmt::format("exited with status {}", exit_code);
    case Kind::kSignaled:
      return "killed by " + describe_signal(signal_number);
    case Kind::kTimedOut:
      return "ran past its time limit and was killed";
    default:
      return error;
  }
}

ChildProcess ChildProcess::run_function(const std::function<int()>& body,
                                        const ChildOptions& options) {
  ChildProcess child;
  child.own_group_ = options.own_process_group;
  flush_all_output();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    child.ended_ = true;
    child.outcome_ = not_started(std::string("fork failed: ") + std::strerror(errno));
    return child;
  }
  if (pid == 0) {
    prepare_child(options, parent);
    int code = kChildSetupFailed;
    try {
      code = body();
    } catch (const std::exception& failure) {
      std::fprintf(stderr, "%s\n", failure.what());
    } catch (...) {
      std::fprintf(stderr, "unknown exception in a child process\n");
    }
    flush_all_output();
    ::_exit(code);
  }
  if (options.own_process_group) ::setpgid(pid, pid);  // no race with the child's own call
  child.pid_ = pid;
  return child;
}

ChildProcess ChildProcess::run_program(const std::vector<std::string>& argv,
                                       const ChildOptions& options) {
  ChildProcess child;
  child.own_group_ = options.own_process_group;
  std::vector<std::string> arguments = argv;
  std::vector<std::string> environment = child_environment(options);
  const std::vector<char*> argument_pointers = pointers_to(arguments);
  const std::vector<char*> environment_pointers = pointers_to(environment);
  // The child reports a failed exec through this pipe; a successful one closes it.
  int exec_error[2];
  if (arguments.empty() || ::pipe2(exec_error, O_CLOEXEC) != 0) {
    child.ended_ = true;
    child.outcome_ = not_started(arguments.empty() ? "no program to run"
                                                   : std::string("pipe failed: ") +
                                                         std::strerror(errno));
    return child;
  }
  flush_all_output();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(exec_error[0]);
    prepare_child(options, parent);
    ::execve(argument_pointers[0], argument_pointers.data(), environment_pointers.data());
    const int error = errno;
    [[maybe_unused]] const ssize_t written = ::write(exec_error[1], &error, sizeof error);
    ::_exit(kChildCannotExec);
  }
  const int fork_error = errno;
  ::close(exec_error[1]);
  if (pid < 0) {
    ::close(exec_error[0]);
    child.ended_ = true;
    child.outcome_ = not_started(std::string("fork failed: ") + std::strerror(fork_error));
    return child;
  }
  if (options.own_process_group) ::setpgid(pid, pid);
  child.pid_ = pid;
  int error = 0;
  ssize_t got = 0;
  do {
    got = ::read(exec_error[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  ::close(exec_error[0]);
  if (got == static_cast<ssize_t>(sizeof error)) {
    child.reap(/*block=*/true);
    child.outcome_ = not_started(fmt::format("cannot run {}: {}", argv[0], std::strerror(error)));
  }
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), ended_(other.ended_), own_group_(other.own_group_),
      outcome_(std::move(other.outcome_)) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (running()) {
      kill();
      reap(/*block=*/true);
    }
    pid_ = other.pid_;
    ended_ = other.ended_;
    own_group_ = other.own_group_;
    outcome_ = std::move(other.outcome_);
    other.pid_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  if (running()) {
    kill();
    reap(/*block=*/true);
  }
}

void ChildProcess::kill() {
  if (!running()) return;
  ::kill(own_group_ ? -pid_ : pid_, SIGKILL);
}

std::optional<ChildExit> ChildProcess::reap(bool block) {
  if (ended_ || pid_ <= 0) return outcome_;
  int status = 0;
  pid_t done = 0;
  do {
    done = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done == 0) return std::nullopt;
  ended_ = true;
  if (done < 0) {
    outcome_ = not_started(std::string("lost the child process: waitpid failed: ") +
                           std::strerror(errno));
  } else if (WIFSIGNALED(status)) {
    outcome_ = {ChildExit::Kind::kSignaled, -1, WTERMSIG(status), {}};
  } else {
    outcome_ = {ChildExit::Kind::kExited, WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0, {}};
  }
  if (own_group_) ::kill(-pid_, SIGKILL);  // whatever it started ends with it
  return outcome_;
}

ChildExit ChildProcess::wait(std::optional<std::chrono::milliseconds> limit) {
  if (!limit) return *reap(/*block=*/true);
  const auto deadline = std::chrono::steady_clock::now() + *limit;
  for (;;) {
    if (std::optional<ChildExit> outcome = reap(/*block=*/false)) return *outcome;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill();
      reap(/*block=*/true);
      outcome_ = {ChildExit::Kind::kTimedOut, -1, 0, {}};
      return outcome_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace hwcert::support
