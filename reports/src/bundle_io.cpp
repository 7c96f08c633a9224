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
    const std::string where = (dir / "conformance.json").string();
    const json& list = list_in(*conformance_file, "results", where);
    for (size_t i = 0; i < list.size(); ++i) {
      b.conformance.push_back(
          results::case_result_from_json(list[i], fmt::format("{}: results[{}]", where, i)));
    }
  }
  if (auto file = read_json_file(dir / "perf.json", false)) {
    const std::string where = (dir / "perf.json").string();
    // perfsuite's own perf.json names the list "cases".
    const json& list = list_in(*file, "results", where, "cases");
    for (size_t i = 0; i < list.size(); ++i) {
      b.perf.push_back(
          results::perf_record_from_json(list[i], fmt::format("{}: results[{}]", where, i)));
    }
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
  if (bundle.summary) {
    support::write_file_atomic(dir / "summary.json", dump(to_json(*bundle.summary)));
  }
}

}  // namespace hwcert::reports
