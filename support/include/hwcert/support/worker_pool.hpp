// Process isolation for plugin code. The parent never loads a plugin: it starts a worker (a
// child process, child_process.hpp), the worker loads the plugin, opens the device and runs
// items one after another, sending one JSON message per item back over a pipe of its own
// (message_pipe.hpp; never stdout, which plugins may write to). The parent waits with a
// per-item deadline. A worker that dies on a signal, exits or overruns the deadline costs
// exactly the item in flight; the next item runs in a fresh worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>

namespace hwcert::support {

// What a worker does; both functions run only in the child process.
struct WorkerProgram {
  // Loads the plugin and opens the device. Returns a description (plugin name, version,
  // device properties...) that the parent receives once per worker; throws when it cannot
  // (the exception's message is the reason).
  std::function<nlohmann::json()> setup;
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
  // An item's record, with the growth of the worker's resident memory over the item when
  // WorkerOptions::measure_memory asked for it (and /proc could be read).
  std::function<void(std::size_t item, nlohmann::json record,
                     std::optional<int64_t> rss_growth_bytes)>
      on_result;
  std::function<void(std::size_t item, const WorkerFailure& failure)> on_failure;
};

struct WorkerOptions {
  std::chrono::milliseconds item_timeout{30000};
  std::chrono::milliseconds setup_timeout{60000};
  // Worker stdout and stderr are appended here (never the terminal). Empty: /dev/null.
  std::filesystem::path log_file;
  // The worker measures its resident set before its first item and after each item, having
  // first handed memory the allocator merely caches back to the system (process_memory.hpp),
  // so that an item's growth is what the item kept alive.
  bool measure_memory = false;
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

// What probe_in_worker found: setup's description, or why there is none.
struct WorkerProbe {
  std::optional<nlohmann::json> description;
  std::string error;  // setup's reason, or how the worker died
};

// Runs only `setup` in a worker (e.g. to count devices) and returns its description. The
// parent never loads the plugin itself.
WorkerProbe probe_in_worker(std::function<nlohmann::json()> setup, const WorkerOptions& options);

}  // namespace hwcert::support
