// One conformance run of a list of cases on one device of one plugin: workers, journal,
// resume, waivers, progress, and the final results JSON and JUnit XML.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/plugin.hpp"
#include "hwcert/loader/status.hpp"
#include "hwcert/runner/shard.hpp"
#include "hwcert/runner/waivers.hpp"

namespace hwcert::runner {

// Runs one case on an open device (in a worker). conformance::execute_case in production.
using CaseExecutor =
    std::function<conformance::CaseResult(const Device& device, const conformance::Case& c)>;

// What makes two runs "the same run" (checked by --resume and by merge).
struct RunIdentity {
  std::string suite;   // suite name or path as given
  std::string filter;  // filter text
  Shard shard;
  uint64_t seed = 0;
  std::string plugin;  // plugin library path
  uint32_t device_index = 0;
  std::size_t case_count = 0;  // cases selected for this shard

  nlohmann::json to_json() const;
  // Empty when equal, else "suite 'smoke' (journal) vs 'core' (this run)" style text.
  std::string difference(const nlohmann::json& other) const;
};

struct RunOptions {
  RunIdentity identity;
  std::filesystem::path plugin_library;
  std::string plugin_name;               // short name for reproducers before the plugin is loaded
  std::vector<conformance::Case> cases;  // selected for this shard, in suite order
  std::filesystem::path out_dir;
  bool resume = false;
  std::chrono::milliseconds case_timeout{30000};
  std::vector<Waiver> waivers;
  bool run_waived = false;  // HWCERT_RUN_WAIVED=1
  support::UtcDate today = support::utc_today();
  CaseExecutor executor;
  bool show_progress = false;  // "[i/n] pass .. fail .." on stderr
  std::string hwcert_version;
};

struct RunReport {
  bool plugin_load_failed = false;
  std::string load_error;
  nlohmann::json plugin;                         // name, version, vendor, library, abi_version
  nlohmann::json device;                         // device properties
  std::vector<conformance::CaseResult> results;  // case order, waivers applied
  std::map<std::string, std::size_t> counts;     // status name -> cases
  std::vector<std::string> warnings;             // expired waivers, repaired journal, ...
  std::size_t resumed_cases = 0;                 // taken from the journal
  std::size_t workers_started = 0;
  bool all_acceptable = true;  // every case pass/unsupported/waived/xpass
  nlohmann::json document;     // what results.json holds
  std::filesystem::path results_json, junit_xml, journal, worker_log;
};

// INVALID_ARGUMENT: --resume of a journal of another run, or a corrupt journal.
// INTERNAL: the output directory cannot be written.
Expected<RunReport> run_conformance(const RunOptions& options);

// File names inside the output directory.
inline constexpr const char* kJournalFile = "journal.jsonl";
inline constexpr const char* kResultsFile = "results.json";
inline constexpr const char* kJUnitFile = "junit.xml";
inline constexpr const char* kWorkerLogFile = "worker.log";

// Status counts of results, with every status name present.
std::map<std::string, std::size_t> count_statuses(
    const std::vector<conformance::CaseResult>& results);

}  // namespace hwcert::runner
