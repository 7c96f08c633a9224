#include "contained_run.hpp"

#include <fmt/format.h>

#include "context.hpp"
#include "hwcert/support/child_process.hpp"

namespace hwcert::cli {

int run_contained(const std::string& what, std::chrono::seconds limit,
                  const std::function<int()>& body) {
  support::ChildOptions options;  // stdin, stdout and stderr are hwcert's
  options.stdin_from_null = false;
  support::ChildProcess child = support::ChildProcess::run_function(
      [&body] {
        try {
          return body();
        } catch (const std::exception& e) {
          print_error(e.what());
          return kExitInternal;
        }
      },
      options);
  const support::ChildExit exit = child.wait(limit);
  switch (exit.kind) {
    case support::ChildExit::Kind::kExited:
      return exit.exit_code;
    case support::ChildExit::Kind::kTimedOut:
      print_error(
          fmt::format("the {} ran past {} s and was killed (a launch or synchronize "
                      "in the plugin did not return)",
                      what, limit.count()));
      return kExitFailures;
    case support::ChildExit::Kind::kSignaled:
      print_error(fmt::format("the {} ended by {} inside the plugin; nothing of it was written",
                              what, support::describe_signal(exit.signal_number)));
      return kExitFailures;
    default:
      print_error(fmt::format("cannot start the {}: {}", what, exit.error));
      return kExitInternal;
  }
}

}  // namespace hwcert::cli
