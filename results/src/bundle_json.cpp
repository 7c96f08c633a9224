// system.json, summary.json and waivers.json records <-> JSON.
#include <fmt/format.h>

#include "hwcert/results/json_io.hpp"
#include "json_fields.hpp"

namespace hwcert::results {

using detail::Fields;
using detail::or_null;
using nlohmann::json;

namespace {

json floor_json(const FloorResult& fl) {
  return {{"op", fl.op},
          {"dtype", fl.dtype},
          {"math_mode", fl.math_mode},
          {"basis", fl.basis},
          {"min_fraction", fl.min_fraction},
          {"achieved", or_null(fl.achieved)},
          {"case_id", fl.case_id},
          {"met", fl.met},
          {"advisory", fl.advisory}};
}

json level_json(const LevelResult& l) {
  json floors = json::array();
  for (const FloorResult& fl : l.floors) floors.push_back(floor_json(fl));
  return {{"level", l.level},     {"status", l.status}, {"missing", l.missing},
          {"failing", l.failing}, {"floors", floors},   {"math_mode_gaps", l.math_mode_gaps}};
}

FloorResult floor_from_json(const Fields& ff) {
  FloorResult fl;
  fl.op = ff.str("op", true);
  fl.dtype = ff.str("dtype", true);
  fl.math_mode = ff.str("math_mode", false, "strict");
  fl.basis = ff.str("basis", true);
  fl.min_fraction = ff.num("min_fraction");
  fl.achieved = ff.opt_num("achieved");
  fl.case_id = ff.str("case_id");
  fl.met = ff.boolean("met");
  fl.advisory = ff.boolean("advisory");
  return fl;
}

LevelResult level_from_json(const Fields& lf) {
  LevelResult l;
  l.level = lf.str("level", true);
  l.status = lf.str("status", true);
  if (l.status != "certified" && l.status != "not_certified") {
    throw ModelError(
        fmt::format("{}: status must be \"certified\" or \"not_certified\"", lf.sub("status")));
  }
  l.missing = lf.strings("missing");
  l.failing = lf.strings("failing");
  l.math_mode_gaps = lf.strings("math_mode_gaps");
  const json& floors = lf.array("floors");
  for (size_t k = 0; k < floors.size(); ++k) {
    l.floors.push_back(
        floor_from_json(Fields(floors[k], fmt::format("{}.floors[{}]", lf.sub("floors"), k))));
  }
  return l;
}

std::map<std::string, int64_t> counts_from_json(const Fields& f) {
  std::map<std::string, int64_t> counts;
  const json* list = f.find("counts");
  if (list == nullptr) return counts;
  if (!list->is_object()) throw f.wrong("counts", "an object");
  for (const auto& [name, n] : list->items()) {
    if (!parse_case_status(name) || !n.is_number_integer()) {
      throw ModelError(
          fmt::format("{}: '{}' is not a status with an integer count", f.sub("counts"), name));
    }
    counts[name] = n.get<int64_t>();
  }
  return counts;
}

}  // namespace

json to_json(const SystemInfo& s) {
  return json{{"format_version", kBundleFormatVersion},
              {"hwcert_version", s.hwcert_version},
              {"created", s.created},
              {"plugin",
               {{"name", s.plugin.name},
                {"version", s.plugin.version},
                {"vendor", s.plugin.vendor},
                {"file", s.plugin.file},
                {"sha256", s.plugin.sha256},
                {"abi_version", s.plugin.abi_version}}},
              {"device",
               {{"index", s.device.index},
                {"name", s.device.name},
                {"vendor", s.device.vendor},
                {"driver_version", s.device.driver_version},
                {"firmware_version", s.device.firmware_version},
                {"uuid", s.device.uuid},
                {"memory_bytes", s.device.memory_bytes},
                {"compute_units", s.device.compute_units}}},
              {"host", {{"hostname", s.host.hostname}, {"os", s.host.os}, {"cpu", s.host.cpu}}}};
}

SystemInfo system_from_json(const json& j, const std::string& where) {
  Fields f(j, where);
  SystemInfo s;
  s.hwcert_version = f.str("hwcert_version", true);
  s.created = f.str("created");
  Fields plugin = f.object("plugin");
  s.plugin.name = plugin.str("name", true);
  s.plugin.version = plugin.str("version");
  s.plugin.vendor = plugin.str("vendor");
  s.plugin.file = plugin.str("file");
  s.plugin.sha256 = plugin.str("sha256");
  s.plugin.abi_version = plugin.str("abi_version");
  Fields device = f.object("device");
  s.device.index = device.integer("index");
  s.device.name = device.str("name", true);
  s.device.vendor = device.str("vendor");
  s.device.driver_version = device.str("driver_version");
  s.device.firmware_version = device.str("firmware_version");
  s.device.uuid = device.str("uuid");
  s.device.memory_bytes = static_cast<uint64_t>(device.integer("memory_bytes"));
  s.device.compute_units = device.integer("compute_units");
  Fields host = f.object("host");
  s.host.hostname = host.str("hostname");
  s.host.os = host.str("os");
  s.host.cpu = host.str("cpu");
  return s;
}

json to_json(const BundleSummary& s) {
  json levels = json::array();
  for (const LevelResult& l : s.levels) levels.push_back(level_json(l));
  return json{{"format_version", kBundleFormatVersion},
              {"target", s.target},
              {"target_name", s.target_name},
              {"date", s.date},
              {"levels", levels},
              {"counts", s.counts},
              {"math_modes_used", s.math_modes_used}};
}

BundleSummary summary_from_json(const json& j, const std::string& where) {
  Fields f(j, where);
  BundleSummary s;
  s.target = f.str("target", true);
  s.target_name = f.str("target_name");
  s.date = f.str("date");
  const json& levels = f.array("levels");
  for (size_t i = 0; i < levels.size(); ++i) {
    s.levels.push_back(level_from_json(Fields(levels[i], fmt::format("{}.levels[{}]", where, i))));
  }
  s.counts = counts_from_json(f);
  s.math_modes_used = f.strings("math_modes_used");
  return s;
}

json to_json(const CertifiedEntry& e) {
  return json{{"device", e.device},
              {"plugin", e.plugin},
              {"plugin_version", e.plugin_version},
              {"target", e.target},
              {"levels", e.levels},
              {"date", e.date},
              {"bundle_sha256", e.bundle_sha256},
              {"bundle_path", e.bundle_path}};
}

json to_json(const WaiverRecord& w) {
  return json{
      {"pattern", w.pattern},   {"device", w.device},   {"plugin_versions", w.plugin_versions},
      {"category", w.category}, {"reason", w.reason},   {"link", w.link},
      {"expires", w.expires},   {"expired", w.expired}, {"cases", w.cases}};
}

WaiverRecord waiver_from_json(const json& j, const std::string& where) {
  Fields f(j, where);
  WaiverRecord w;
  w.pattern = f.str("pattern", true);
  w.device = f.str("device");
  w.plugin_versions = f.str("plugin_versions");
  w.category = f.str("category");
  w.reason = f.str("reason");
  w.link = f.str("link");
  w.expires = f.str("expires");
  w.expired = f.boolean("expired");
  w.cases = f.strings("cases");
  return w;
}

json waivers_file_json(const std::vector<WaiverRecord>& waivers) {
  return detail::list_file_json("waivers", waivers);
}

}  // namespace hwcert::results
