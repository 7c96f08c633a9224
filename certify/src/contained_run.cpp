#include "contained_run.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <thread>

#include "context.hpp"
#include "hwcert/runner/worker_pool.hpp"

namespace hwcert::cli {

int run_contained(const std::string& what, std::chrono::seconds limit,
                  const std::function<int()>& body) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    print_error(fmt::format("cannot start the {}: fork failed", what));
    return kExitInternal;
  }
  if (pid == 0) {
    int code = kExitInternal;
    try {
      code = body();
    } catch (const std::exception& e) {
      print_error(e.what());
    }
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    ::_exit(code);
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      print_error(fmt::format("lost the {}: waitpid failed", what));
      return kExitInternal;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      print_error(
          fmt::format("the {} ran past {} s and was killed (a launch or synchronize "
                      "in the plugin did not return)",
                      what, limit.count()));
      return kExitFailures;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  print_error(fmt::format("the {} ended by {} inside the plugin; nothing of it was written", what,
                          WIFSIGNALED(status) ? runner::describe_signal(WTERMSIG(status))
                                              : std::string("an unknown cause")));
  return kExitFailures;
}

}  // namespace hwcert::cli
