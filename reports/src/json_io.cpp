#include "hwcert/reports/json_io.hpp"

#include <fmt/format.h>

#include "hwcert/reports/bundle_io.hpp"

namespace hwcert::reports {
namespace {

using nlohmann::json;

// Typed access to the members of one JSON object; errors name "<where>.<key>".
class Fields {
 public:
  Fields(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) throw ModelError(fmt::format("{}: expected an object", where_));
  }

  const json* find(std::string_view key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string str(std::string_view key, bool required = false, std::string fallback = "") const {
    const json* v = find(key);
    if (v == nullptr) {
      if (required) throw missing(key);
      return fallback;
    }
    if (!v->is_string()) throw wrong(key, "a string");
    return v->get<std::string>();
  }

  double num(std::string_view key, double fallback = 0) const {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number()) throw wrong(key, "a number");
    return v->get<double>();
  }

  std::optional<double> opt_num(std::string_view key) const {
    const json* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) throw wrong(key, "a number or null");
    return v->get<double>();
  }

  int64_t integer(std::string_view key, int64_t fallback = 0) const {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer()) throw wrong(key, "an integer");
    return v->get<int64_t>();
  }

  bool boolean(std::string_view key, bool fallback = false) const {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) throw wrong(key, "true or false");
    return v->get<bool>();
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const json* v = find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) throw wrong(key, "a list of strings");
    for (const json& e : *v) {
      if (!e.is_string()) throw wrong(key, "a list of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }

  const json& array(std::string_view key) const {
    static const json kEmpty = json::array();
    const json* v = find(key);
    if (v == nullptr) return kEmpty;
    if (!v->is_array()) throw wrong(key, "a list");
    return *v;
  }

  Fields object(std::string_view key) const {
    static const json kEmpty = json::object();
    const json* v = find(key);
    return Fields(v == nullptr ? kEmpty : *v, sub(key));
  }

  std::string sub(std::string_view key) const { return fmt::format("{}.{}", where_, key); }

 private:
  ModelError missing(std::string_view key) const {
    return ModelError(fmt::format("{}: the required field '{}' is missing", where_, key));
  }
  ModelError wrong(std::string_view key, std::string_view what) const {
    return ModelError(fmt::format("{}: '{}' must be {}", where_, key, what));
  }

  const json& j_;
  std::string where_;
};

Status status_field(const Fields& f) {
  std::string name = f.str("status", true);
  auto status = parse_status(name);
  if (!status) {
    throw ModelError(fmt::format("{}: unknown status '{}'", f.sub("status"), name));
  }
  return *status;
}

json nullable(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

std::string ConformanceRecord::primary_dtype() const {
  size_t end = dtypes.find_first_of("*->, ");
  return dtypes.substr(0, end);
}

json to_json(const ConformanceRecord& r) {
  return json{{"case_id", r.case_id},
              {"op", r.op},
              {"dtypes", r.dtypes},
              {"math_mode", r.math_mode},
              {"status", std::string(to_string(r.status))},
              {"message", r.message},
              {"max_abs_error", r.max_abs_error},
              {"max_rel_error", r.max_rel_error},
              {"max_ulp_error", r.max_ulp_error},
              {"worst_index", r.worst_index},
              {"expected_at_worst", r.expected_at_worst},
              {"actual_at_worst", r.actual_at_worst},
              {"tolerance", r.tolerance},
              {"checked_elements", r.checked_elements},
              {"total_elements", r.total_elements},
              {"sampled", r.sampled},
              {"duration_ms", r.duration_ms},
              {"reproducer", r.reproducer}};
}

ConformanceRecord conformance_from_json(const json& j, const std::string& where) {
  Fields f(j, where);
  ConformanceRecord r;
  r.case_id = f.str("case_id", true);
  r.op = f.str("op", true);
  r.dtypes = f.str("dtypes");
  r.math_mode = f.str("math_mode", false, "strict");
  r.status = status_field(f);
  r.message = f.str("message");
  r.max_abs_error = f.num("max_abs_error");
  r.max_rel_error = f.num("max_rel_error");
  r.max_ulp_error = f.num("max_ulp_error");
  r.worst_index = f.integer("worst_index", -1);
  r.expected_at_worst = f.num("expected_at_worst");
  r.actual_at_worst = f.num("actual_at_worst");
  r.tolerance = f.str("tolerance");
  r.checked_elements = static_cast<uint64_t>(f.integer("checked_elements"));
  r.total_elements = static_cast<uint64_t>(f.integer("total_elements"));
  r.sampled = f.boolean("sampled");
  r.duration_ms = f.num("duration_ms");
  r.reproducer = f.str("reproducer");
  return r;
}

json to_json(const PerfRecord& r) {
  return json{{"case_id", r.case_id},
              {"op", r.op},
              {"dtype", r.dtype},
              {"shape", r.shape},
              {"median_ns", r.median_ns},
              {"min_ns", r.min_ns},
              {"max_ns", r.max_ns},
              {"stddev_ns", r.stddev_ns},
              {"cv", r.cv},
              {"repetitions", r.repetitions},
              {"flops", r.flops},
              {"bytes", r.bytes},
              {"tflops", r.tflops},
              {"gbps", r.gbps},
              {"peak_fraction", nullable(r.peak_fraction)},
              {"roofline_fraction", nullable(r.roofline_fraction)},
              {"noisy", r.noisy},
              {"mode", r.mode},
              {"math_mode", r.math_mode},
              {"status", r.status},
              {"reason", r.reason}};
}

PerfRecord perf_from_json(const json& j, const std::string& where) {
  Fields f(j, where);
  PerfRecord r;
  r.case_id = f.str("case_id", true);
  r.op = f.str("op", true);
  r.dtype = f.str("dtype", true);
  if (const json* shape = f.find("shape")) {
    if (shape->is_string()) {
      r.shape = shape->get<std::string>();
    } else if (shape->is_array()) {
      for (const json& d : *shape) {
        if (!d.is_number_integer()) {
          throw ModelError(
              fmt::format("{}: 'shape' must be a string or a list of integers", where));
        }
        if (!r.shape.empty()) r.shape += 'x';
        r.shape += std::to_string(d.get<int64_t>());
      }
    } else {
      throw ModelError(fmt::format("{}: 'shape' must be a string or a list of integers", where));
    }
  }
  r.median_ns = f.num("median_ns");
  r.min_ns = f.num("min_ns");
  r.max_ns = f.num("max_ns");
  r.stddev_ns = f.num("stddev_ns");
  r.cv = f.num("cv");
  r.repetitions = f.integer("repetitions");
  r.flops = f.num("flops");
  r.bytes = f.num("bytes");
  r.tflops = f.num("tflops");
  r.gbps = f.num("gbps");
  r.peak_fraction = f.opt_num("peak_fraction");
  r.roofline_fraction = f.opt_num("roofline_fraction");
  r.noisy = f.boolean("noisy");
  r.mode = f.str("mode", false, "hot");
  if (r.mode.empty()) r.mode = "hot";
  if (r.mode != "hot" && r.mode != "cold") {
    throw ModelError(fmt::format("{}: 'mode' must be \"cold\" or \"hot\"", where));
  }
  r.math_mode = f.str("math_mode", false, "strict");
  r.status = f.str("status", false, "ok");
  if (r.status != "ok" && r.status != "unsupported" && r.status != "error" &&
      r.status != "timeout" && r.status != "skipped") {
    throw ModelError(fmt::format("{}: unknown perf status '{}'", where, r.status));
  }
  r.reason = f.str("reason");
  return r;
}

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
  for (const LevelResult& l : s.levels) {
    json floors = json::array();
    for (const FloorResult& fl : l.floors) {
      floors.push_back({{"op", fl.op},
                        {"dtype", fl.dtype},
                        {"math_mode", fl.math_mode},
                        {"basis", fl.basis},
                        {"min_fraction", fl.min_fraction},
                        {"achieved", nullable(fl.achieved)},
                        {"case_id", fl.case_id},
                        {"met", fl.met},
                        {"advisory", fl.advisory}});
    }
    levels.push_back({{"level", l.level},
                      {"status", l.status},
                      {"missing", l.missing},
                      {"failing", l.failing},
                      {"floors", floors},
                      {"math_mode_gaps", l.math_mode_gaps}});
  }
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
    Fields lf(levels[i], fmt::format("{}.levels[{}]", where, i));
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
      Fields ff(floors[k], fmt::format("{}.floors[{}]", lf.sub("floors"), k));
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
      l.floors.push_back(std::move(fl));
    }
    s.levels.push_back(std::move(l));
  }
  if (const json* counts = f.find("counts")) {
    if (!counts->is_object())
      throw ModelError(fmt::format("{}: 'counts' must be an object", where));
    for (const auto& [name, n] : counts->items()) {
      if (!parse_status(name) || !n.is_number_integer()) {
        throw ModelError(
            fmt::format("{}.counts: '{}' is not a status with an integer count", where, name));
      }
      s.counts[name] = n.get<int64_t>();
    }
  }
  s.math_modes_used = f.strings("math_modes_used");
  return s;
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

json conformance_file_json(const std::vector<ConformanceRecord>& records) {
  json results = json::array();
  for (const auto& r : records) results.push_back(to_json(r));
  return json{{"format_version", kBundleFormatVersion}, {"results", results}};
}

json perf_file_json(const std::vector<PerfRecord>& records) {
  json results = json::array();
  for (const auto& r : records) results.push_back(to_json(r));
  return json{{"format_version", kBundleFormatVersion}, {"results", results}};
}

json waivers_file_json(const std::vector<WaiverRecord>& waivers) {
  json list = json::array();
  for (const auto& w : waivers) list.push_back(to_json(w));
  return json{{"format_version", kBundleFormatVersion}, {"waivers", list}};
}

}  // namespace hwcert::reports
