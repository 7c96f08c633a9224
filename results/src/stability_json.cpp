#include <fmt/format.h>

#include "hwcert/results/json_io.hpp"
#include "hwcert/results/stability_record.hpp"
#include "json_fields.hpp"

namespace hwcert::results {
namespace {

using detail::or_null;
using json = nlohmann::json;

std::optional<uint64_t> opt_count(const detail::Fields& f, std::string_view key) {
  if (f.find(key) == nullptr) return std::nullopt;
  const int64_t value = f.integer(key);
  if (value < 0) throw f.wrong(key, "a count >= 0");
  return static_cast<uint64_t>(value);
}

uint64_t count(const detail::Fields& f, std::string_view key) {
  return opt_count(f, key).value_or(0);
}

// The counts' fields, which a sample and the totals both hold.
json counts_json(const StabilityCounts& c) {
  return {{"launches", c.launches},
          {"checks", c.checks},
          {"wrong_results", c.wrong_results},
          {"nan_results", c.nan_results},
          {"launch_errors", c.launch_errors}};
}

void read_counts(const detail::Fields& f, StabilityCounts& c) {
  c.launches = count(f, "launches");
  c.checks = count(f, "checks");
  c.wrong_results = count(f, "wrong_results");
  c.nan_results = count(f, "nan_results");
  c.launch_errors = count(f, "launch_errors");
}

json to_json(const StabilitySample& s) {
  json j = counts_json(s);
  j["t_s"] = s.t_s;
  j["interval_s"] = s.interval_s;
  j["launches_per_s"] = s.launches_per_s;
  j["device_memory_used_bytes"] = or_null(s.device_memory_used_bytes);
  j["host_resident_bytes"] = or_null(s.host_resident_bytes);
  j["clock_mhz"] = or_null(s.clock_mhz);
  j["temperature_c"] = or_null(s.temperature_c);
  j["power_watts"] = or_null(s.power_watts);
  return j;
}

StabilitySample sample_from_json(const json& j, const std::string& where) {
  detail::Fields f(j, where);
  StabilitySample s;
  read_counts(f, s);
  s.t_s = f.num("t_s");
  s.interval_s = f.num("interval_s");
  s.launches_per_s = f.num("launches_per_s");
  s.device_memory_used_bytes = opt_count(f, "device_memory_used_bytes");
  s.host_resident_bytes = opt_count(f, "host_resident_bytes");
  s.clock_mhz = f.opt_num("clock_mhz");
  s.temperature_c = f.opt_num("temperature_c");
  s.power_watts = f.opt_num("power_watts");
  return s;
}

json totals_json(const StabilityTotals& t) {
  json j = counts_json(t);
  j["device_losses"] = t.device_losses;
  return j;
}

StabilityTotals totals_from_json(const detail::Fields& f) {
  StabilityTotals t;
  read_counts(f, t);
  t.device_losses = count(f, "device_losses");
  return t;
}

}  // namespace

json to_json(const StabilityRun& run) {
  json samples = json::array();
  for (const StabilitySample& s : run.samples) samples.push_back(to_json(s));
  return {{"format", "hwcert-stability"},
          {"format_version", 1},
          {"hwcert_version", run.hwcert_version},
          {"date", run.date},
          {"plugin", run.plugin},
          {"plugin_version", run.plugin_version},
          {"device", run.device},
          {"suite", run.suite},
          {"cases", run.cases},
          {"streams", run.streams},
          {"interval_s", run.interval_s},
          {"seed", run.seed},
          {"wall_seconds", run.wall_seconds},
          {"bounds",
           {{"duration_s", run.bounds.duration_s},
            {"max_throughput_drift", run.bounds.max_throughput_drift},
            {"max_memory_growth_mib", run.bounds.max_memory_growth_mib}}},
          {"totals", totals_json(run.totals)},
          {"throughput_drift", or_null(run.throughput_drift)},
          {"host_memory_growth_mib", or_null(run.host_memory_growth_mib)},
          {"device_memory_growth_mib", or_null(run.device_memory_growth_mib)},
          {"verdict", run.passed ? "pass" : "fail"},
          {"failures", run.failures},
          {"wrong_examples", run.wrong_examples},
          {"samples", samples}};
}

StabilityRun stability_run_from_json(const json& j, const std::string& where) {
  detail::Fields f(j, where);
  if (f.str("format", true) != "hwcert-stability") throw f.wrong("format", "\"hwcert-stability\"");
  StabilityRun run;
  run.hwcert_version = f.str("hwcert_version");
  run.date = f.str("date");
  run.plugin = f.str("plugin", true);
  run.plugin_version = f.str("plugin_version");
  if (const json* device = f.find("device")) run.device = *device;
  run.suite = f.str("suite");
  run.cases = f.strings("cases");
  run.streams = static_cast<uint32_t>(count(f, "streams"));
  run.interval_s = f.num("interval_s");
  run.seed = count(f, "seed");
  run.wall_seconds = f.num("wall_seconds");
  const detail::Fields bounds = f.object("bounds");
  run.bounds.duration_s = bounds.num("duration_s");
  run.bounds.max_throughput_drift = bounds.num("max_throughput_drift");
  run.bounds.max_memory_growth_mib = bounds.num("max_memory_growth_mib");
  run.totals = totals_from_json(f.object("totals"));
  run.throughput_drift = f.opt_num("throughput_drift");
  run.host_memory_growth_mib = f.opt_num("host_memory_growth_mib");
  run.device_memory_growth_mib = f.opt_num("device_memory_growth_mib");
  const std::string verdict = f.str("verdict", true);
  if (verdict != "pass" && verdict != "fail") throw f.wrong("verdict", "\"pass\" or \"fail\"");
  run.passed = verdict == "pass";
  run.failures = f.strings("failures");
  run.wrong_examples = f.strings("wrong_examples");
  const json& samples = f.array("samples");
  for (std::size_t i = 0; i < samples.size(); ++i) {
    run.samples.push_back(sample_from_json(samples[i], fmt::format("{}.samples[{}]", where, i)));
  }
  return run;
}

}  // namespace hwcert::results
