// Process isolation for plugin code. The parent never loads a plugin: it forks a worker, the
// worker loads the plugin, opens the device and runs items one after another, streaming one
// framed JSON record per item back over a dedicated pipe (never stdout, which plugins may
// write to). The parent waits with a per-item deadline. A worker that dies on a signal, exits
// or overruns the deadline costs exactly the item in flight; the next item runs in a fresh
// worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

// What a worker does; both functions run only in the child process.
struct WorkerProgram {
  // Loads the plugin and opens the device. Returns a description (plugin name, version,
  // device properties...) that the parent receives once per worker, or the reason it failed.
  std::function<Expected<nlohmann::json>()> setup;
  // Runs item `item` (an index the caller chose) and returns its record. Exceptions become
  // WorkerFailure::kError.
  std::function<nlohmann::json(std::size_t item)> run_item;
};

struct WorkerFailure {
  enum class Kind { kCrash, kTimeout, kError };
  Kind kind = Kind::kCrash;
  std::string message;  // "SIGSEGV (Segmentation fault)", "no result within 30 s", ...
};

struct WorkerEvents {
  std::function<void(const nlohmann::json& description)> on_setup;  // once per worker
  std::function<void(std::size_t item, nlohmann::json record)> on_result;
  std::function<void(std::size_t item, const WorkerFailure& failure)> on_failure;
};

struct WorkerOptions {
  std::chrono::milliseconds item_timeout{30000};
  std::chrono::milliseconds setup_timeout{60000};
  // Worker stdout and stderr are appended here (never the terminal). Empty: /dev/null.
  std::filesystem::path log_file;
};

struct WorkerRunOutcome {
  bool setup_failed = false;  // the first worker could not set up; nothing ran
  std::string setup_error;    // its reason (the plugin's load error, or how it died)
  std::size_t workers_started = 0;
};

// Runs `items` in order in as many successive workers as crashes and hangs require. Every
// item produces exactly one on_result or on_failure call, unless the first worker's setup
// fails (then none does). A later worker whose setup fails costs the item it was started for
// (kError with the setup message).
WorkerRunOutcome run_in_workers(const WorkerProgram& program, std::span<const std::size_t> items,
                                const WorkerOptions& options, const WorkerEvents& events);

// Runs only `setup` in a worker and returns its description (e.g. a device count), or the
// reason it failed or how the worker died. The parent never loads the plugin itself.
Expected<nlohmann::json> probe_in_worker(std::function<Expected<nlohmann::json>()> setup,
                                         const WorkerOptions& options);

// "SIGSEGV (Segmentation fault)" for a signal number.
std::string describe_signal(int signal_number);

}  // namespace hwcert::runner
