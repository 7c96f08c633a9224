// Runs the part of a command that drives a plugin in a child process, so that a plugin that
// crashes or hangs there ends the child, never hwcert. The child inherits stdout and stderr
// (progress and tables print as usual) and its exit code is the command's.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace hwcert::cli {

// Forks, runs `body` in the child and returns its exit code. When the child dies on a signal
// or is still running after `limit` (then it is killed), prints
// "hwcert: error: <what> ended by <signal>" or "... ran past N s" and returns kExitFailures.
// Call it before any thread is started.
int run_contained(const std::string& what, std::chrono::seconds limit,
                  const std::function<int()>& body);

}  // namespace hwcert::cli
