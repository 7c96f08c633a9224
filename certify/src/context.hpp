// What every subcommand shares: where hwcert runs from, how plugins are found, the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "exit_codes.hpp"
#include "hwcert/loader/discovery.hpp"
#include "hwcert/loader/plugin.hpp"

namespace hwcert::cli {

struct Context {
  std::filesystem::path executable;  // absolute path of the running hwcert
  DiscoveryOptions discovery;
  int exit_code = kExitOk;
};

// Resolves NAME|PATH and loads it; on failure prints the loader's message to stderr and
// returns nullptr (the caller exits with kExitPluginLoad).
PluginPtr load_plugin_or_report(const Context& context, const std::string& name_or_path);

// Loads NAME|PATH and opens device `index` (the device keeps its plugin loaded); on failure
// prints why and returns nullopt (the caller exits with kExitPluginLoad).
std::optional<Device> open_device_or_report(const Context& context, const std::string& name_or_path,
                                            uint32_t index);

// Prints "hwcert: error: <message>" to stderr.
void print_error(const std::string& message);

// Version string: "<version> (<git revision>)".
std::string version_string();

}  // namespace hwcert::cli
