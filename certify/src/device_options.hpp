// The options that several commands share, registered in one place so that each is spelled and
// described the same on every command (docs/cli-reference.md).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace hwcert::cli {

/// --plugin: a plugin name, or the path to its library or manifest.
CLI::Option* add_plugin_option(CLI::App& command, std::string& plugin);

/// --device: the index of one device of the plugin (default 0).
CLI::Option* add_device_option(CLI::App& command, uint32_t& device);

/// --plugin (required) and --device: the one device a command opens.
void add_required_device_options(CLI::App& command, std::string& plugin, uint32_t& device);

/// --waivers and --case-timeout, read the same by every command that runs conformance cases.
void add_case_options(CLI::App& command, std::string& waivers, double& case_timeout_s);

}  // namespace hwcert::cli
