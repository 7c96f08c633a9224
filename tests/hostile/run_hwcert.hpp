// Runs the real hwcert binary as a child process with a wall-clock limit, capturing its
// stdout and stderr into files, and reports how it ended.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hwcert::hostile {

struct ProcessOutcome {
  bool exited = false;  // exited normally (exit_code valid)
  int exit_code = -1;
  bool signaled = false;  // died on a signal (signal_number valid)
  int signal_number = 0;
  bool killed_for_time = false;  // overran the limit and was killed by the driver
  std::string stdout_text;
  std::string stderr_text;
  std::uintmax_t stdout_bytes = 0;
  std::string describe() const;  // "exit 0", "signal 11", "killed after the limit"
};

// Runs `argv` with `extra_environment` added, stdout/stderr captured under `work_dir`. A
// non-zero `data_limit_bytes` caps the child's data segment (RLIMIT_DATA), so that a runaway
// allocation fails instead of exhausting a shared machine (leave 0 under sanitizers, whose
// shadow memory counts against it).
ProcessOutcome run_process(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& extra_environment,
                           const std::filesystem::path& work_dir, std::chrono::seconds limit,
                           uint64_t data_limit_bytes = 0);

std::string read_text_file(const std::filesystem::path& path, std::size_t max_bytes = 1 << 20);

}  // namespace hwcert::hostile
