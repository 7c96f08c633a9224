// Every subcommand registers itself through one function declared here (see command_list.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace hwcert::cli {

#define HWCERT_COMMAND(name) void register_##name(CLI::App& app, Context& context);
#include "command_list.hpp"
#undef HWCERT_COMMAND

}  // namespace hwcert::cli
