#include "hwcert/runner/conformance_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <set>

#include "hwcert/loader/device_properties.hpp"
#include "hwcert/runner/atomic_file.hpp"
#include "hwcert/runner/journal.hpp"
#include "hwcert/runner/junit.hpp"
#include "hwcert/runner/memory_growth.hpp"
#include "hwcert/runner/result_json.hpp"
#include "hwcert/runner/worker_pool.hpp"

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

// Name of the per-case memory measurement in worker records, journal lines and results.json.
constexpr const char* kMemoryField = "memory";

// State that only the worker process fills: the plugin and the open device.
struct WorkerState {
  PluginPtr plugin;
  std::optional<Device> device;
  std::set<std::string> ops_run;    // ops of the cases this worker has run
  std::optional<int64_t> resident;  // after the last case (or before the first)
};

// Runs one case and measures what it left resident (one /proc read per case).
nlohmann::json run_case_in_worker(WorkerState& state, const RunOptions& options, const Case& c) {
  CaseMemory memory;
  memory.first_of_op_in_worker = state.ops_run.insert(c.call.op_name()).second;
  if (!state.resident) {
    release_cached_memory();
    state.resident = resident_bytes();
  }
  nlohmann::json record = to_json(options.executor(*state.device, c));
  release_cached_memory();
  const std::optional<int64_t> after = resident_bytes();
  if (after && state.resident) {
    memory.rss_growth_bytes = *after - *state.resident;
    record[kMemoryField] = to_json(memory);
  }
  state.resident = after;
  return record;
}

std::string iso_time_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

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

}  // namespace

Expected<RunReport> run_conformance(const RunOptions& options) {
  RunReport report;
  const std::filesystem::path& dir = options.out_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status(StatusCode::kInternal, "cannot create " + dir.string() + ": " + ec.message());
  }
  report.journal = dir / kJournalFile;
  report.results_json = dir / kResultsFile;
  report.junit_xml = dir / kJUnitFile;
  report.worker_log = dir / kWorkerLogFile;

  const std::size_t n = options.cases.size();
  std::map<std::string, std::size_t> position;  // case id -> index in options.cases
  for (std::size_t i = 0; i < n; ++i) position.emplace(options.cases[i].id, i);

  // ---- journal: new, or resumed ----
  std::vector<std::optional<CaseResult>> results(n);
  std::vector<nlohmann::json> memory(n);  // each case's "memory" record, null if unmeasured
  nlohmann::json description;
  const nlohmann::json header = {{"type", "header"},
                                 {"format", "hwcert-conformance-journal"},
                                 {"format_version", 1},
                                 {"hwcert_version", options.hwcert_version},
                                 {"run", options.identity.to_json()}};
  std::optional<JournalWriter> journal;
  if (options.resume && std::filesystem::exists(report.journal)) {
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
    for (const nlohmann::json& record : contents->records) {
      const std::string type = record.value("type", "");
      if (type == "setup") {
        description = record["description"];
      } else if (type == "case") {
        auto result = case_result_from_json(record["result"]);
        if (!result.ok()) {
          return Status(StatusCode::kInvalidArgument,
                        report.journal.string() + ": " + result.status().message());
        }
        const auto it = position.find(result->case_id);
        if (it == position.end()) continue;  // cannot happen with an equal identity
        if (!results[it->second]) ++report.resumed_cases;
        results[it->second] = std::move(*result);
        memory[it->second] = record.value(kMemoryField, nlohmann::json());
      }
    }
    auto writer = JournalWriter::resume(report.journal, contents->valid_bytes);
    if (!writer.ok()) return writer.status();
    journal.emplace(std::move(*writer));
  } else {
    auto writer = JournalWriter::create(report.journal, header);
    if (!writer.ok()) return writer.status();
    journal.emplace(std::move(*writer));
  }

  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < n; ++i) {
    if (!results[i]) todo.push_back(i);
  }

  // ---- run what is left in workers ----
  std::map<CaseStatus, std::size_t> live_counts;
  for (const auto& r : results) {
    if (r) ++live_counts[r->status];
  }
  std::size_t done = n - todo.size();
  Progress progress(options.show_progress, n);
  Status journal_status;
  const std::string plugin_label =
      options.plugin_name.empty() ? options.plugin_library.stem().string() : options.plugin_name;

  auto record = [&](std::size_t index, CaseResult result, nlohmann::json memory_json) {
    if (result.reproducer.empty()) {
      result.reproducer = conformance::reproducer(options.cases[index], plugin_label,
                                                  options.identity.device_index);
    }
    nlohmann::json line = {{"type", "case"}, {"result", to_json(result)}};
    if (!memory_json.is_null()) line[kMemoryField] = memory_json;
    memory[index] = std::move(memory_json);
    Status status = journal->append(line);
    if (!status.ok() && journal_status.ok()) journal_status = status;
    ++live_counts[result.status];
    results[index] = std::move(result);
    progress.update(live_counts, ++done);
  };

  if (!todo.empty()) {
    auto state = std::make_shared<WorkerState>();
    WorkerProgram program;
    program.setup = [state, &options]() -> Expected<nlohmann::json> {
      try {
        return setup_in_worker(*state, options);
      } catch (const std::exception& failure) {
        return Status(StatusCode::kInternal, failure.what());
      }
    };
    program.run_item = [state, &options](std::size_t index) {
      return run_case_in_worker(*state, options, options.cases[index]);
    };
    bool described = false;
    WorkerEvents events;
    events.on_setup = [&](const nlohmann::json& d) {
      if (described) return;
      described = true;
      if (description.is_null()) {
        description = d;
        Status status = journal->append({{"type", "setup"}, {"description", d}});
        if (!status.ok() && journal_status.ok()) journal_status = status;
      }
    };
    events.on_result = [&](std::size_t index, nlohmann::json json) {
      auto result = case_result_from_json(json);
      if (!result.ok()) {
        record(index,
               result_without_run(options.cases[index], plugin_label, options.identity.device_index,
                                  CaseStatus::kError,
                                  "malformed result from worker: " + result.status().message()),
               nullptr);
        return;
      }
      record(index, std::move(*result), json.value(kMemoryField, nlohmann::json()));
    };
    events.on_failure = [&](std::size_t index, const WorkerFailure& failure) {
      const CaseStatus status = failure.kind == WorkerFailure::Kind::kCrash ? CaseStatus::kCrash
                                : failure.kind == WorkerFailure::Kind::kTimeout
                                    ? CaseStatus::kTimeout
                                    : CaseStatus::kError;
      CaseResult result =
          result_without_run(options.cases[index], plugin_label, options.identity.device_index,
                             status, failure.message);
      if (status == CaseStatus::kTimeout) {
        result.duration_ms = static_cast<double>(options.case_timeout.count());
      }
      record(index, std::move(result), nullptr);
    };
    WorkerOptions worker_options;
    worker_options.item_timeout = options.case_timeout;
    worker_options.setup_timeout = std::max(options.case_timeout, std::chrono::milliseconds(60000));
    worker_options.log_file = report.worker_log;
    progress.update(live_counts, done);
    const WorkerRunOutcome outcome = run_in_workers(program, todo, worker_options, events);
    progress.finish();
    report.workers_started = outcome.workers_started;
    if (outcome.setup_failed) {
      report.plugin_load_failed = true;
      report.load_error = outcome.setup_error;
      return report;
    }
  }
  if (!journal_status.ok()) return journal_status;

  // ---- final results: waivers, counts, files ----
  report.plugin = description.value("plugin", nlohmann::json::object());
  report.device = description.value("device", nlohmann::json::object());
  const std::string device_name = report.device.value("name", "");
  const std::string plugin_version = report.plugin.value("version", "");
  append_info_warnings(description, options.identity.device_index, report.warnings);
  WaiverSet waivers(options.waivers, options.today, options.run_waived);
  std::set<std::string> expired_reported;
  std::vector<CaseMemory> measured;
  nlohmann::json records = nlohmann::json::array();
  for (std::size_t i = 0; i < n; ++i) {
    CaseResult& result = *results[i];
    if (auto case_memory = case_memory_from_json(memory[i], result.case_id, result.op)) {
      measured.push_back(std::move(*case_memory));
    }
    const WaiverDecision decision = waivers.apply(result, device_name, plugin_version);
    nlohmann::json json = to_json(result);
    json["index"] = i;
    if (!memory[i].is_null()) json[kMemoryField] = memory[i];
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
    records.push_back(std::move(json));
    if (!is_acceptable(result.status)) report.all_acceptable = false;
    report.results.push_back(result);
  }
  report.counts = count_statuses(report.results);
  for (std::string& warning : memory_growth_warnings(measured)) {
    report.warnings.push_back(std::move(warning));
  }

  nlohmann::json& doc = report.document;
  doc["format"] = "hwcert-conformance-results";
  doc["format_version"] = 1;
  doc["hwcert_version"] = options.hwcert_version;
  doc["created"] = iso_time_utc();
  doc["suite"] = options.identity.suite;
  doc["filter"] = options.identity.filter;
  doc["shard"] = {{"index", options.identity.shard.index}, {"total", options.identity.shard.total}};
  doc["seed"] = options.identity.seed;
  doc["plugin"] = report.plugin;
  doc["device"] = report.device;
  doc["run_waived"] = options.run_waived;
  doc["case_timeout_ms"] = options.case_timeout.count();
  doc["summary"] = report.counts;
  doc["waivers"] = waivers.used_json();
  doc["warnings"] = report.warnings;
  doc["results"] = std::move(records);

  Status status = write_file_atomically(report.results_json, doc.dump(2) + "\n");
  if (!status.ok()) return status;
  const std::string label = fmt::format("{} device {}", report.plugin.value("name", plugin_label),
                                        options.identity.device_index);
  status = write_file_atomically(report.junit_xml,
                                 junit_xml(options.identity.suite, label, report.results));
  if (!status.ok()) return status;
  return report;
}

}  // namespace hwcert::runner
