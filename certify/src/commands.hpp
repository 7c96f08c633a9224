// Every subcommand registers itself through one function declared here (see command_list.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "context.hpp"

namespace hwcert::cli {

#define HWCERT_COMMAND(name) void register_##name(CLI::App& app, Context& context);
#include "command_list.hpp"
#undef HWCERT_COMMAND

/// The subcommand `name` of `parent` and the Options it fills: once parsed, its callback sets
/// the exit code to run(context, options), or to run(options) when `run` needs no context.
template <class Options, class Run>
std::pair<CLI::App*, std::shared_ptr<Options>> add_command(CLI::App& parent, Context& context,
                                                           std::string name,
                                                           std::string description, Run run) {
  auto options = std::make_shared<Options>();
  CLI::App* command = parent.add_subcommand(std::move(name), std::move(description));
  command->callback([&context, options, run] {
    if constexpr (std::is_invocable_v<Run&, Context&, Options&>) {
      context.exit_code = run(context, *options);
    } else {
      context.exit_code = run(*options);
    }
  });
  return {command, options};
}

}  // namespace hwcert::cli
