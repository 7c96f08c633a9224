#include "hwcert/runner/conformance_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <set>

#include "hwcert/loader/device_properties.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/results/junit.hpp"
#include "hwcert/runner/journal.hpp"
#include "hwcert/runner/memory_growth.hpp"
#include "hwcert/runner/result_json.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/timestamp.hpp"
#include "hwcert/support/worker_pool.hpp"

namespace hwcert::runner {

using conformance::Case;
using conformance::CaseResult;
using conformance::CaseStatus;

constexpr CaseStatus kAllStatuses[] = {
    CaseStatus::kPass,        CaseStatus::kFail,    CaseStatus::kMistrusted,
    CaseStatus::kUnsupported, CaseStatus::kWaived,  CaseStatus::kXPass,
    CaseStatus::kCrash,       CaseStatus::kTimeout, CaseStatus::kError};

nlohmann::json RunIdentity::to_json() const {
  return {{"suite", suite},
          {"filter", filter},
          {"shard_index", shard.index},
          {"shard_total", shard.total},
          {"seed", seed},
          {"plugin", plugin},
          {"device_index", device_index},
          {"case_count", case_count}};
}

std::string RunIdentity::difference(const nlohmann::json& other) const {
  const nlohmann::json mine = to_json();
  std::string text;
  for (const auto& [key, value] : mine.items()) {
    const auto it = other.find(key);
    if (it == other.end() || *it != value) {
      if (!text.empty()) text += ", ";
      text += fmt::format("{} {} (journal) vs {} (this run)", key,
                          it == other.end() ? "missing" : it->dump(), value.dump());
    }
  }
  return text;
}

std::map<std::string, std::size_t> count_statuses(const std::vector<CaseResult>& results) {
  std::map<std::string, std::size_t> counts;
  for (CaseStatus status : kAllStatuses) counts[std::string(conformance::to_string(status))] = 0;
  for (const CaseResult& r : results) ++counts[std::string(conformance::to_string(r.status))];
  return counts;
}

namespace {

using support::WorkerEvents;
using support::WorkerFailure;
using support::WorkerOptions;
using support::WorkerProgram;
using support::WorkerRunOutcome;

// Name of the per-case memory measurement in journal lines and results.json.
constexpr const char* kMemoryField = "memory";

// State that only the worker process fills: the plugin and the open device.
struct WorkerState {
  PluginPtr plugin;
  std::optional<Device> device;
};

class Progress {
 public:
  Progress(bool enabled, std::size_t total) : enabled_(enabled), total_(total) {}
  void update(const std::map<CaseStatus, std::size_t>& counts, std::size_t done) {
    if (!enabled_) return;
    std::string line = fmt::format("\r[{}/{}]", done, total_);
    for (CaseStatus status : kAllStatuses) {
      const auto it = counts.find(status);
      const std::size_t n = it == counts.end() ? 0 : it->second;
      if (n > 0 || status == CaseStatus::kPass || status == CaseStatus::kFail) {
        line += fmt::format(" {} {}", conformance::to_string(status), n);
      }
    }
    std::fputs(line.c_str(), stderr);
    std::fputs("\x1b[K", stderr);  // clear the rest of the line
    std::fflush(stderr);
    printed_ = true;
  }
  void finish() {
    if (printed_) std::fputs("\n", stderr);
  }

 private:
  bool enabled_;
  std::size_t total_;
  bool printed_ = false;
};

// Loads the plugin and opens the device in the worker; throws with the reason when it cannot.
nlohmann::json setup_in_worker(WorkerState& state, const RunOptions& options) {
  LoadOptions load_options;
  load_options.log = [](int32_t level, std::string_view message) {
    static constexpr const char* kLevels[] = {"debug", "info", "warning", "error"};
    const char* name = level >= 0 && level <= 3 ? kLevels[level] : "log";
    std::fprintf(stderr, "[plugin %s] %.*s\n", name, static_cast<int>(message.size()),
                 message.data());
  };
  auto loaded = load_plugin(options.plugin_library, std::move(load_options));
  if (auto* error = std::get_if<LoadError>(&loaded)) throw std::runtime_error(error->message);
  state.plugin = std::get<PluginPtr>(std::move(loaded));
  auto count = state.plugin->device_count();
  if (!count.ok()) throw std::runtime_error("device_count: " + count.status().to_string());
  if (options.identity.device_index >= *count) {
    throw std::runtime_error(fmt::format("plugin {} has {} device(s); there is no device {}",
                                         state.plugin->name(), *count,
                                         options.identity.device_index));
  }
  auto device = state.plugin->open_device(options.identity.device_index);
  if (!device.ok()) {
    throw std::runtime_error(fmt::format("cannot open device {}: {}", options.identity.device_index,
                                         device.status().to_string()));
  }
  state.device.emplace(std::move(*device));
  const Plugin& plugin = *state.plugin;
  return {{"plugin",
           {{"name", plugin.name()},
            {"version", plugin.version()},
            {"vendor", plugin.info_string(HWC_PLUGIN_INFO_VENDOR).ok()
                           ? *plugin.info_string(HWC_PLUGIN_INFO_VENDOR)
                           : std::string()},
            {"library", plugin.path().string()},
            {"abi_version", fmt::format("{}.{}", plugin.abi_major(), plugin.abi_minor())},
            {"warnings", plugin.info_warnings()}}},
          {"device", to_json(read_device_properties(*state.device))}};
}

// The plugin's and the device's malformed get_info values, as run warnings.
void append_info_warnings(const nlohmann::json& description, uint32_t device_index,
                          std::vector<std::string>& warnings) {
  const nlohmann::json none = nlohmann::json::array();
  for (const auto& warning :
       description.value("plugin", nlohmann::json::object()).value("warnings", none)) {
    if (warning.is_string()) warnings.push_back("plugin: " + warning.get<std::string>());
  }
  for (const auto& warning :
       description.value("device", nlohmann::json::object()).value("warnings", none)) {
    if (warning.is_string()) {
      warnings.push_back(fmt::format("device {}: {}", device_index, warning.get<std::string>()));
    }
  }
}

// What is known of each case so far: taken from the journal, or recorded as workers report.
struct CaseRecords {
  explicit CaseRecords(std::size_t n) : results(n), memory(n) {}
  std::vector<std::optional<CaseResult>> results;
  std::vector<nlohmann::json> memory;  // each case's "memory" record, null if unmeasured
  nlohmann::json description;          // the first worker's setup description
};

Status create_output_dir(const std::filesystem::path& dir, RunReport& report) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status(StatusCode::kInternal, "cannot create " + dir.string() + ": " + ec.message());
  }
  report.journal = dir / kJournalFile;
  report.results_json = dir / kResultsFile;
  report.junit_xml = dir / kJUnitFile;
  report.worker_log = dir / kWorkerLogFile;
  return Status();
}

// Takes the setup and the case results of an interrupted run's journal into `records`.
Status take_journal_records(const JournalContents& contents, const RunOptions& options,
                            const std::filesystem::path& journal, RunReport& report,
                            CaseRecords& records) {
  std::map<std::string, std::size_t> position;  // case id -> index in options.cases
  for (std::size_t i = 0; i < options.cases.size(); ++i) position.emplace(options.cases[i].id, i);
  for (const nlohmann::json& record : contents.records) {
    const std::string type = record.value("type", "");
    if (type == "setup") {
      records.description = record["description"];
    } else if (type == "case") {
      auto result = case_result_from_json(record["result"]);
      if (!result.ok()) {
        return Status(StatusCode::kInvalidArgument,
                      journal.string() + ": " + result.status().message());
      }
      const auto it = position.find(result->case_id);
      if (it == position.end()) continue;  // cannot happen with an equal identity
      if (!records.results[it->second]) ++report.resumed_cases;
      records.results[it->second] = std::move(*result);
      records.memory[it->second] = record.value(kMemoryField, nlohmann::json());
    }
  }
  return Status();
}

// Continues the journal of an interrupted run of the same identity.
Expected<JournalWriter> resume_journal(const RunOptions& options, RunReport& report,
                                       CaseRecords& records) {
  auto contents = read_journal(report.journal);
  if (!contents.ok()) return contents.status();
  const nlohmann::json run = contents->header.value("run", nlohmann::json::object());
  const std::string difference = options.identity.difference(run);
  if (!difference.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "cannot resume: " + report.journal.string() + " belongs to a different run (" +
                      difference + "); rerun without --resume or choose another --out");
  }
  if (contents->dropped_tail) {
    report.warnings.push_back(
        "journal: dropped a truncated last record (the case in flight "
        "when the run stopped); it runs again");
  }
  Status taken = take_journal_records(*contents, options, report.journal, report, records);
  if (!taken.ok()) return taken;
  return JournalWriter::resume(report.journal, contents->valid_bytes);
}

// A new journal, or (--resume with a journal present) the interrupted run's, continued.
Expected<JournalWriter> open_journal(const RunOptions& options, RunReport& report,
                                     CaseRecords& records) {
  if (options.resume && std::filesystem::exists(report.journal)) {
    return resume_journal(options, report, records);
  }
  const nlohmann::json header = {{"type", "header"},
                                 {"format", "hwcert-conformance-journal"},
                                 {"format_version", 1},
                                 {"hwcert_version", options.hwcert_version},
                                 {"run", options.identity.to_json()}};
  return JournalWriter::create(report.journal, header);
}

// Takes what the workers report: each case into the records, the journal and the progress
// line. Knows which ops the current worker has run, for the memory records.
class CaseRecorder {
 public:
  CaseRecorder(const RunOptions& options, JournalWriter& journal, CaseRecords& records,
               std::size_t done)
      : options_(options),
        journal_(journal),
        records_(records),
        progress_(options.show_progress, options.cases.size()),
        done_(done),
        plugin_label_(options.plugin_name.empty() ? options.plugin_library.stem().string()
                                                  : options.plugin_name) {
    for (const auto& r : records_.results) {
      if (r) ++live_counts_[r->status];
    }
  }

  WorkerEvents events() {
    WorkerEvents events;
    events.on_setup = [this](const nlohmann::json& d) { on_setup(d); };
    events.on_result = [this](std::size_t index, nlohmann::json json,
                              std::optional<int64_t> growth) {
      on_result(index, std::move(json), growth);
    };
    events.on_failure = [this](std::size_t index, const WorkerFailure& failure) {
      on_failure(index, failure);
    };
    return events;
  }
  void show_progress() { progress_.update(live_counts_, done_); }
  void finish_progress() { progress_.finish(); }
  const Status& journal_status() const { return journal_status_; }

 private:
  void on_setup(const nlohmann::json& description) {
    ops_in_worker_.clear();  // a new worker
    if (described_) return;
    described_ = true;
    if (records_.description.is_null()) {
      records_.description = description;
      append_to_journal({{"type", "setup"}, {"description", description}});
    }
  }

  void on_result(std::size_t index, const nlohmann::json& json, std::optional<int64_t> growth) {
    const bool first_of_op = ops_in_worker_.insert(options_.cases[index].call.op_name()).second;
    auto result = case_result_from_json(json);
    if (!result.ok()) {
      record(index,
             result_without_run(options_.cases[index], plugin_label_,
                                options_.identity.device_index, CaseStatus::kError,
                                "malformed result from worker: " + result.status().message()),
             nullptr);
      return;
    }
    nlohmann::json memory;
    if (growth) memory = to_json(CaseMemory{{}, {}, *growth, first_of_op});
    record(index, std::move(*result), std::move(memory));
  }

  void on_failure(std::size_t index, const WorkerFailure& failure) {
    ops_in_worker_.insert(options_.cases[index].call.op_name());
    const CaseStatus status = failure.kind == WorkerFailure::Kind::kCrash     ? CaseStatus::kCrash
                              : failure.kind == WorkerFailure::Kind::kTimeout ? CaseStatus::kTimeout
                                                                              : CaseStatus::kError;
    CaseResult result = result_without_run(options_.cases[index], plugin_label_,
                                           options_.identity.device_index, status, failure.message);
    if (status == CaseStatus::kTimeout) {
      result.duration_ms = static_cast<double>(options_.case_timeout.count());
    }
    record(index, std::move(result), nullptr);
  }

  void record(std::size_t index, CaseResult result, nlohmann::json memory_json) {
    if (result.reproducer.empty()) {
      result.reproducer = conformance::reproducer(options_.cases[index], plugin_label_,
                                                  options_.identity.device_index);
    }
    nlohmann::json line = {{"type", "case"}, {"result", to_json(result)}};
    if (!memory_json.is_null()) line[kMemoryField] = memory_json;
    records_.memory[index] = std::move(memory_json);
    append_to_journal(line);
    ++live_counts_[result.status];
    records_.results[index] = std::move(result);
    progress_.update(live_counts_, ++done_);
  }

  void append_to_journal(const nlohmann::json& line) {
    Status status = journal_.append(line);
    if (!status.ok() && journal_status_.ok()) journal_status_ = status;
  }

  const RunOptions& options_;
  JournalWriter& journal_;
  CaseRecords& records_;
  Progress progress_;
  std::map<CaseStatus, std::size_t> live_counts_;
  std::size_t done_;
  std::string plugin_label_;
  bool described_ = false;
  std::set<std::string> ops_in_worker_;  // ops of the cases the current worker has run
  Status journal_status_;
};

// Runs the cases that have no result yet in workers. Sets report.plugin_load_failed when the
// first worker cannot load the plugin.
Status run_remaining_cases(const RunOptions& options, JournalWriter& journal,
                           CaseRecords& records, RunReport& report) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < options.cases.size(); ++i) {
    if (!records.results[i]) todo.push_back(i);
  }
  if (todo.empty()) return Status();
  CaseRecorder recorder(options, journal, records, options.cases.size() - todo.size());
  auto state = std::make_shared<WorkerState>();
  WorkerProgram program;
  program.setup = [state, &options] { return setup_in_worker(*state, options); };
  program.run_item = [state, &options](std::size_t index) {
    return to_json(options.executor(*state->device, options.cases[index]));
  };
  WorkerOptions worker_options;
  worker_options.item_timeout = options.case_timeout;
  worker_options.setup_timeout = std::max(options.case_timeout, std::chrono::milliseconds(60000));
  worker_options.log_file = report.worker_log;
  worker_options.measure_memory = true;
  recorder.show_progress();
  const WorkerRunOutcome outcome =
      support::run_in_workers(program, todo, worker_options, recorder.events());
  recorder.finish_progress();
  report.workers_started = outcome.workers_started;
  if (outcome.setup_failed) {
    report.plugin_load_failed = true;
    report.load_error = outcome.setup_error;
    return Status();
  }
  return recorder.journal_status();
}

// The cases as results.json lists them, and the waivers that were used.
struct SettledCases {
  nlohmann::json records = nlohmann::json::array();
  nlohmann::json used_waivers;
};

// Applies the waivers to every case and gathers results, counts and warnings into the report.
SettledCases settle_cases(const RunOptions& options, CaseRecords& records, RunReport& report) {
  const std::string device_name = report.device.value("name", "");
  const std::string plugin_version = report.plugin.value("version", "");
  WaiverSet waivers(options.waivers, options.today, options.run_waived);
  std::set<std::string> expired_reported;
  std::vector<CaseMemory> measured;
  SettledCases settled;
  for (std::size_t i = 0; i < options.cases.size(); ++i) {
    CaseResult& result = *records.results[i];
    if (auto case_memory = case_memory_from_json(records.memory[i], result.case_id, result.op)) {
      measured.push_back(std::move(*case_memory));
    }
    const WaiverDecision decision = waivers.apply(result, device_name, plugin_version);
    nlohmann::json json = to_json(result);
    json["index"] = i;
    if (!records.memory[i].is_null()) json[kMemoryField] = records.memory[i];
    if (decision.waiver) json["waiver"] = decision.waiver->origin;
    if (decision.expired && !decision.waiver) {
      json["expired_waiver"] = decision.expired->origin;
      if (expired_reported.insert(decision.expired->origin).second) {
        report.warnings.push_back(
            fmt::format("waiver {} ({}) expired on {}; not applied (first case: {})",
                        decision.expired->origin, decision.expired->case_pattern,
                        decision.expired->expires->to_string(), result.case_id));
      }
    }
    settled.records.push_back(std::move(json));
    if (!is_acceptable(result.status)) report.all_acceptable = false;
    report.results.push_back(result);
  }
  report.counts = count_statuses(report.results);
  for (std::string& warning : memory_growth_warnings(measured)) {
    report.warnings.push_back(std::move(warning));
  }
  settled.used_waivers = waivers.used_json();
  return settled;
}

// Fills report.document (what results.json holds) around the case records.
void fill_results_document(const RunOptions& options, SettledCases settled, RunReport& report) {
  nlohmann::json& doc = report.document;
  doc["format"] = "hwcert-conformance-results";
  doc["format_version"] = 1;
  doc["hwcert_version"] = options.hwcert_version;
  doc["created"] = support::utc_timestamp_now();
  doc["suite"] = options.identity.suite;
  doc["filter"] = options.identity.filter;
  doc["shard"] = {{"index", options.identity.shard.index}, {"total", options.identity.shard.total}};
  doc["seed"] = options.identity.seed;
  doc["plugin"] = report.plugin;
  doc["device"] = report.device;
  doc["run_waived"] = options.run_waived;
  doc["case_timeout_ms"] = options.case_timeout.count();
  doc["summary"] = report.counts;
  doc["waivers"] = std::move(settled.used_waivers);
  doc["warnings"] = report.warnings;
  doc["results"] = std::move(settled.records);
}

Status write_result_files(const RunOptions& options, const RunReport& report) {
  const std::string plugin_label =
      options.plugin_name.empty() ? options.plugin_library.stem().string() : options.plugin_name;
  const std::string label = fmt::format("{} device {}", report.plugin.value("name", plugin_label),
                                        options.identity.device_index);
  try {
    support::write_file_atomic(report.results_json, report.document.dump(2) + "\n");
    support::write_file_atomic(
        report.junit_xml,
        results::conformance_run_junit_xml(options.identity.suite, label, report.results));
  } catch (const support::Error& e) {
    return Status(StatusCode::kInternal, e.what());
  }
  return Status::Ok();
}

}  // namespace

Expected<RunReport> run_conformance(const RunOptions& options) {
  RunReport report;
  if (Status created = create_output_dir(options.out_dir, report); !created.ok()) return created;
  CaseRecords records(options.cases.size());
  auto journal = open_journal(options, report, records);
  if (!journal.ok()) return journal.status();
  if (Status ran = run_remaining_cases(options, *journal, records, report); !ran.ok()) return ran;
  if (report.plugin_load_failed) return report;

  report.plugin = records.description.value("plugin", nlohmann::json::object());
  report.device = records.description.value("device", nlohmann::json::object());
  append_info_warnings(records.description, options.identity.device_index, report.warnings);
  fill_results_document(options, settle_cases(options, records, report), report);
  if (Status written = write_result_files(options, report); !written.ok()) return written;
  return report;
}

}  // namespace hwcert::runner
