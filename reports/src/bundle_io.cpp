#include "hwcert/reports/bundle_io.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "hwcert/reports/writers.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/json_reader.hpp"

namespace hwcert::reports {
namespace {

using nlohmann::json;

std::optional<json> read_json_file(const std::filesystem::path& path, bool required) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (required)
      throw results::ModelError(fmt::format("{}: missing (a bundle needs it)", path.string()));
    return std::nullopt;
  }
  json j;
  try {
    j = support::read_json_file(path);
  } catch (const support::Error& e) {
    throw results::ModelError(e.what());  // "file:line:column: message" for broken JSON
  }
  if (j.is_object()) {
    auto version = j.find("format_version");
    if (version != j.end() && (!version->is_number_integer() ||
                               version->get<int64_t>() != results::kBundleFormatVersion)) {
      throw results::ModelError(
          fmt::format("{}: format_version {} is not supported (this hwcert reads {})",
                      path.string(), version->dump(), results::kBundleFormatVersion));
    }
  }
  return j;
}

// The list under `key` (or `alias`) of an object file, or the file itself when it is a bare
// list.
const json& list_in(const json& file, std::string_view key, const std::string& where,
                    std::string_view alias = {}) {
  if (file.is_array()) return file;
  if (file.is_object()) {
    for (std::string_view name : {key, alias}) {
      if (name.empty()) continue;
      auto it = file.find(name);
      if (it != file.end() && it->is_array()) return *it;
    }
  }
  throw results::ModelError(fmt::format("{}: expected an object with a '{}' list", where, key));
}

// Invalid UTF-8 from a plugin becomes U+FFFD instead of an exception.
std::string dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::vector<results::CaseResult> case_results_in(const json& file, const std::string& where) {
  const json& list = list_in(file, "results", where);
  std::vector<results::CaseResult> out;
  for (size_t i = 0; i < list.size(); ++i) {
    out.push_back(
        results::case_result_from_json(list[i], fmt::format("{}: results[{}]", where, i)));
  }
  return out;
}

// perfsuite's own perf.json names the list "cases"; a bundle's perf.json "results".
std::vector<results::PerfRecord> perf_records_in(const json& file, const std::string& where,
                                                 std::string_view key = "results") {
  const json& list = list_in(file, key, where, "cases");
  std::vector<results::PerfRecord> out;
  for (size_t i = 0; i < list.size(); ++i) {
    out.push_back(
        results::perf_record_from_json(list[i], fmt::format("{}: {}[{}]", where, key, i)));
  }
  return out;
}

std::string text_member(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "<device> (<plugin> <version>)", or `fallback` when the file names neither.
std::string run_label(const std::string& device, const std::string& plugin,
                      const std::string& version, const std::string& fallback) {
  if (device.empty() && plugin.empty()) return fallback;
  return fmt::format("{} ({} {})", device.empty() ? "?" : device, plugin, version);
}

RunResults run_from_bundle(const std::filesystem::path& dir) {
  results::BundleResults b = read_bundle(dir);
  return {
      dir.string(),
      run_label(b.system.device.name, b.system.plugin.name, b.system.plugin.version, dir.string()),
      std::move(b.conformance), std::move(b.perf)};
}

RunResults run_from_report_device(const json& d, const std::string& where) {
  RunResults run{where, text_member(d, "label"), {}, {}};
  if (run.label.empty()) run.label = where;
  if (d.contains("conformance")) {
    run.conformance = case_results_in(json{{"results", d["conformance"]}}, where);
  }
  if (d.contains("perf")) run.perf = perf_records_in(json{{"results", d["perf"]}}, where);
  return run;
}

// Every measured device of a report.json (placeholder columns hold no results).
std::vector<RunResults> runs_from_report(const json& file, const std::string& where) {
  const json& devices = list_in(file, "devices", where);
  std::vector<RunResults> runs;
  for (size_t i = 0; i < devices.size(); ++i) {
    const json& d = devices[i];
    if (!d.is_object() || d.value("placeholder", false)) continue;
    runs.push_back(run_from_report_device(d, fmt::format("{}: devices[{}]", where, i)));
  }
  return runs;
}

}  // namespace

results::BundleResults read_bundle(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw results::ModelError(fmt::format("{}: not a bundle directory", dir.string()));
  }
  results::BundleResults b;
  b.path = dir;
  const std::string system_name = (dir / "system.json").string();
  b.system = results::system_from_json(*read_json_file(dir / "system.json", true), system_name);

  std::optional<json> conformance_file = read_json_file(dir / "conformance.json", false);
  if (conformance_file) {
    b.conformance = case_results_in(*conformance_file, (dir / "conformance.json").string());
  }
  if (auto file = read_json_file(dir / "perf.json", false)) {
    b.perf = perf_records_in(*file, (dir / "perf.json").string());
  }
  if (auto file = read_json_file(dir / "stability.json", false)) {
    b.stability = results::stability_run_from_json(*file, (dir / "stability.json").string());
  }
  if (auto file = read_json_file(dir / "summary.json", false)) {
    b.summary = results::summary_from_json(*file, (dir / "summary.json").string());
  }
  // Without waivers.json, the waivers the conformance runner lists in its own results file.
  std::optional<json> waivers_file = read_json_file(dir / "waivers.json", false);
  std::string waivers_where = (dir / "waivers.json").string();
  if (!waivers_file && conformance_file && conformance_file->is_object() &&
      conformance_file->contains("waivers")) {
    waivers_file = json{{"waivers", (*conformance_file)["waivers"]}};
    waivers_where = (dir / "conformance.json").string();
  }
  if (waivers_file) {
    const json& list = list_in(*waivers_file, "waivers", waivers_where);
    for (size_t i = 0; i < list.size(); ++i) {
      b.waivers.push_back(
          results::waiver_from_json(list[i], fmt::format("{}: waivers[{}]", waivers_where, i)));
    }
  }
  return b;
}

void write_bundle_results(const results::BundleResults& bundle, const std::filesystem::path& dir) {
  support::write_file_atomic(dir / "system.json", dump(to_json(bundle.system)));
  support::write_file_atomic(dir / "conformance.json",
                             dump(results::conformance_file_json(bundle.conformance)));
  support::write_file_atomic(dir / "perf.json", dump(results::perf_file_json(bundle.perf)));
  support::write_file_atomic(dir / "waivers.json",
                             dump(results::waivers_file_json(bundle.waivers)));
  if (bundle.stability) {
    support::write_file_atomic(dir / "stability.json", dump(results::to_json(*bundle.stability)));
  }
  if (bundle.summary) {
    support::write_file_atomic(dir / "summary.json", dump(to_json(*bundle.summary)));
  }
}

std::vector<RunResults> read_runs(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return {run_from_bundle(path)};
  const json file = *read_json_file(path, true);
  const std::string where = path.string();
  const std::string format = file.is_object() ? text_member(file, "format") : std::string();
  const json device = file.is_object() ? file.value("device", json::object()) : json::object();
  const std::string device_name = device.is_object() ? text_member(device, "name") : "";
  if (format == "hwcert-conformance-results") {
    const json plugin = file.value("plugin", json::object());
    return {
        {where,
         run_label(device_name, text_member(plugin, "name"), text_member(plugin, "version"), where),
         case_results_in(file, where),
         {}}};
  }
  if (format == "hwcert-perf") {
    return {{where,
             run_label(device_name, text_member(file, "plugin"),
                       text_member(file, "plugin_version"), where),
             {},
             perf_records_in(file, where, "cases")}};
  }
  if (file.is_object() && file.contains("devices") && file.contains("matrix")) {
    return runs_from_report(file, where);
  }
  throw results::ModelError(fmt::format(
      "{}: not a results file: expected a bundle directory, a conformance results.json "
      "(format \"hwcert-conformance-results\"), a perf.json (format \"hwcert-perf\") or a "
      "report.json",
      where));
}

RunResults read_run_results(const std::filesystem::path& path) {
  std::vector<RunResults> runs = read_runs(path);
  if (runs.size() != 1) {
    throw results::ModelError(fmt::format(
        "{}: holds the results of {} devices where one run was expected; pass that device's "
        "bundle directory instead",
        path.string(), runs.size()));
  }
  return std::move(runs.front());
}

}  // namespace hwcert::reports
