// hwcert: plugin ABI conformance, benchmarks and certification, from the command line.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "commands.hpp"
#include "context.hpp"

int main(int argc, char** argv) {
  using namespace hwcert::cli;
  Context context;
  std::error_code error;
  context.executable = std::filesystem::canonical("/proc/self/exe", error);
  if (error) context.executable = std::filesystem::absolute(argv[0]);
  context.discovery = hwcert::default_discovery_options(context.executable);

  CLI::App app{"hwcert: hardware-vendor plugin conformance, benchmarks and certification",
               "hwcert"};
  app.set_version_flag("--version", version_string());
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 1 failures found, 2 usage or input error, 3 plugin could not be "
      "loaded or has no such device, 4 internal error.\nPlugins are found in "
      "<prefix>/lib/hwcert/plugins and "
      "HWCERT_PLUGIN_PATH (':'-separated directories of manifests or library files).");

#define HWCERT_COMMAND(name) register_##name(app, context);
#include "command_list.hpp"
#undef HWCERT_COMMAND

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& parse_error) {
    const int code = app.exit(parse_error);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& failure) {
    print_error(failure.what());
    return kExitInternal;
  }
  return context.exit_code;
}
