// Asking a plugin about itself without loading it into hwcert: the plugin is loaded in a
// worker process, which answers with JSON. A plugin that crashes, hangs or writes to stdout
// while loading or answering costs the worker, never hwcert or its output.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::cli {

// A real host drives at most a few dozen devices; a plugin reporting more than this is broken,
// and is refused before anything is done per device.
inline constexpr uint32_t kMaxDevices = 4096;

// What the worker found: the plugin's description, or why it did not load.
struct PluginProbe {
  bool loaded = false;
  nlohmann::json description;    // describe()'s answer when loaded
  std::string error;             // one line: the loader's message, or how the worker died
  std::string error_kind;        // LoadErrorKind as text, or "worker-died"
  std::vector<std::string> log;  // the plugin's log lines of level WARNING and above
};

// Loads `library` in a worker and runs `describe` on it there (at most `timeout` for both).
PluginProbe probe_plugin(const std::filesystem::path& library,
                         std::function<nlohmann::json(Plugin&)> describe,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace hwcert::cli
