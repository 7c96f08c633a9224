// What the hostile tests run and where they write, as hwcert_hostile_tests is built
// (tests/hostile/CMakeLists.txt): the hwcert binary, the hostile plugin and its suites, the
// work folder of each run, and the sanitizer options under which the plugin's faults stay
// real signals.
#pragma once

#include <filesystem>
#include <string>
#include <utility>

namespace hwcert::hostile {

inline const std::filesystem::path kHwcert = HWCERT_EXE;
inline const std::filesystem::path kPlugin = HOSTILE_PLUGIN;
inline const std::filesystem::path kSuite = HOSTILE_SUITE;
inline const std::filesystem::path kLeakSuite = HOSTILE_LEAK_SUITE;
inline const std::filesystem::path kPerfSuite = HOSTILE_PERF_SUITE;

// In ASan builds the plugin's faults must reach the worker as real signals (ASan would turn a
// SIGSEGV into exit 1), and the deliberate leak must not fail the worker's exit.
inline const std::pair<const std::string, std::string> kSanitizerOptions = {
    "ASAN_OPTIONS", "handle_segv=0:handle_sigfpe=0:handle_sigbus=0:detect_leaks=0"};

/// The work folder of the run `name` under HOSTILE_WORK_DIR, emptied of an earlier run's
/// files (run_process creates it again).
inline std::filesystem::path fresh_work_dir(const std::string& name) {
  const std::filesystem::path work = std::filesystem::path(HOSTILE_WORK_DIR) / name;
  std::filesystem::remove_all(work);
  return work;
}

}  // namespace hwcert::hostile
