// PerfRecord and the perf.json document <-> JSON.
#include <fmt/format.h>

#include "hwcert/results/json_io.hpp"
#include "json_fields.hpp"

namespace hwcert::results {

using detail::or_null;
using nlohmann::json;

namespace {

// perfsuite writes the shape as "8192x8192x8192"; a list of integers is accepted too.
std::string shape_field(const detail::Fields& f) {
  const json* shape = f.find("shape");
  if (shape == nullptr) return "";
  if (shape->is_string()) return shape->get<std::string>();
  if (!shape->is_array()) throw f.wrong("shape", "a string or a list of integers");
  std::string text;
  for (const json& d : *shape) {
    if (!d.is_number_integer()) throw f.wrong("shape", "a string or a list of integers");
    if (!text.empty()) text += 'x';
    text += std::to_string(d.get<int64_t>());
  }
  return text;
}

// The raw measurements and run bookkeeping (PerfFields::kAll only).
void add_measurement_details(const PerfRecord& r, json& j) {
  j["out_dtype"] = r.out_dtype;
  j["benchmark_name"] = r.benchmark_name;
  j["iterations"] = r.iterations;
  j["attempts"] = r.attempts;
  j["samples_ns"] = r.samples_ns;
  j["host_wall_samples_ns"] = r.host_wall_samples_ns;
  j["host_wall_median_ns"] = r.host_wall_median_ns;
  j["launch_samples_ns"] = r.launch_samples_ns;
  j["launch_sample_count"] = r.launch_sample_count;
  j["device_clock_mhz"] = or_null(r.device_clock_mhz);
  j["repetition_clock_mhz"] = r.repetition_clock_mhz;
  j["throttled_samples_ns"] = r.throttled_samples_ns;
  j["repetition_power_w"] = r.repetition_power_w;
}

void read_measurement_details(const detail::Fields& f, PerfRecord& r) {
  r.out_dtype = f.str("out_dtype");
  r.benchmark_name = f.str("benchmark_name");
  r.iterations = f.integer("iterations");
  r.attempts = f.integer("attempts", 1);
  r.samples_ns = f.reals("samples_ns");
  r.host_wall_samples_ns = f.reals("host_wall_samples_ns");
  r.host_wall_median_ns = f.real("host_wall_median_ns");
  r.launch_samples_ns = f.reals("launch_samples_ns");
  r.launch_sample_count = f.integer("launch_sample_count");
  if (const auto clock = f.opt_num("device_clock_mhz")) {
    r.device_clock_mhz = static_cast<uint32_t>(*clock);
  }
  r.repetition_clock_mhz = f.reals("repetition_clock_mhz");
  r.throttled_samples_ns = f.reals("throttled_samples_ns");
  r.repetition_power_w = f.reals("repetition_power_w");
}

json roofline_json(const Roofline& r) {
  return {{"copy_gbps", r.copy_gbps},
          {"matmul_tflops", r.matmul_tflops},
          {"copy_bytes", r.copy_bytes},
          {"matmul_size", r.matmul_size}};
}

}  // namespace

bool is_perf_status(std::string_view name) {
  return name == kPerfStatusOk || name == kPerfStatusUnsupported || name == kPerfStatusError ||
         name == kPerfStatusTimeout || name == kPerfStatusSkipped;
}

json to_json(const PerfRecord& r, PerfFields fields) {
  json j{{"case_id", r.case_id},
         {"op", r.op},
         {"dtype", r.dtype},
         {"shape", r.shape},
         {"median_ns", r.median_ns},
         {"min_ns", r.min_ns},
         {"max_ns", r.max_ns},
         {"stddev_ns", r.stddev_ns},
         {"cv", r.cv},
         {"p50_ns", or_null(r.p50_ns)},
         {"p90_ns", or_null(r.p90_ns)},
         {"p99_ns", or_null(r.p99_ns)},
         {"repetitions", r.repetitions},
         {"flops", r.flops},
         {"bytes", r.bytes},
         {"tflops", r.tflops},
         {"gbps", r.gbps},
         {"peak_fraction", or_null(r.peak_fraction)},
         {"roofline_fraction", or_null(r.roofline_fraction)},
         {"noisy", r.noisy},
         {"throttled_repetitions", or_null(r.throttled_repetitions)},
         {"energy_per_launch_j", or_null(r.energy_per_launch_j)},
         {"gflop_per_j", or_null(r.gflop_per_j)},
         {"gb_per_j", or_null(r.gb_per_j)},
         {"output_check", r.output_check.empty() ? json(nullptr) : json(r.output_check)},
         {"output_check_note", r.output_check_note},
         {"mode", r.mode},
         {"math_mode", r.math_mode},
         {"status", r.status},
         {"reason", r.reason}};
  if (fields == PerfFields::kAll) add_measurement_details(r, j);
  return j;
}

PerfRecord perf_record_from_json(const json& j, const std::string& where) {
  detail::Fields f(j, where);
  PerfRecord r;
  r.case_id = f.str("case_id", true);
  r.op = f.str("op", true);
  r.dtype = f.str("dtype", true);
  r.shape = shape_field(f);
  r.median_ns = f.num("median_ns");
  r.min_ns = f.num("min_ns");
  r.max_ns = f.num("max_ns");
  r.stddev_ns = f.num("stddev_ns");
  r.cv = f.num("cv");
  r.p50_ns = f.opt_num("p50_ns");
  r.p90_ns = f.opt_num("p90_ns");
  r.p99_ns = f.opt_num("p99_ns");
  r.repetitions = f.integer("repetitions");
  r.flops = f.num("flops");
  r.bytes = f.num("bytes");
  r.tflops = f.num("tflops");
  r.gbps = f.num("gbps");
  r.peak_fraction = f.opt_num("peak_fraction");
  r.roofline_fraction = f.opt_num("roofline_fraction");
  r.noisy = f.boolean("noisy");
  if (const auto throttled = f.opt_num("throttled_repetitions")) {
    r.throttled_repetitions = static_cast<int64_t>(*throttled);
  }
  r.energy_per_launch_j = f.opt_num("energy_per_launch_j");
  r.gflop_per_j = f.opt_num("gflop_per_j");
  r.gb_per_j = f.opt_num("gb_per_j");
  if (const json* check = f.find("output_check"); check != nullptr && !check->is_null()) {
    r.output_check = f.str("output_check");
  }
  r.output_check_note = f.str("output_check_note");
  r.mode = f.str("mode", false, "hot");
  if (r.mode.empty()) r.mode = "hot";
  if (r.mode != "hot" && r.mode != "cold" && r.mode != "latency") {
    throw f.wrong("mode", "\"cold\", \"latency\" or \"hot\"");
  }
  r.math_mode = f.str("math_mode", false, "strict");
  r.status = f.str("status", false, "ok");
  if (!is_perf_status(r.status)) {
    throw ModelError(fmt::format("{}: unknown perf status '{}'", where, r.status));
  }
  r.reason = f.str("reason");
  read_measurement_details(f, r);
  return r;
}

json to_json(const AbiOverhead& o) {
  return {{"op", o.op},
          {"launch_sync_us", o.launch_sync_us},
          {"launch_only_us", o.launch_only_us},
          {"direct_us", or_null(o.direct_us)},
          {"overhead_us", or_null(o.overhead_us)},
          {"note", o.note}};
}

json to_json(const PerfResult& result) {
  const PerfHeader& h = result.header;
  json j{{"format", "hwcert-perf"},
         {"format_version", 1},
         {"hwcert_version", h.hwcert_version},
         {"date", h.date},
         {"plugin", h.plugin},
         {"plugin_version", h.plugin_version},
         {"plugin_library", h.plugin_library},
         {"device", h.device},
         {"suite", h.suite},
         {"size_class", h.size_class},
         {"mode", h.mode},
         {"target", or_null(h.target)},
         {"repetitions", h.repetitions},
         {"min_time_s", h.min_time_s},
         {"noisy_cv_threshold", h.noisy_cv_threshold},
         {"flush_bytes", h.flush_bytes},
         {"wall_seconds", h.wall_seconds},
         {"throttle_fraction", h.throttle_fraction},
         {"clock_reference_mhz", or_null(h.clock_reference_mhz)}};
  j["roofline"] = h.roofline ? roofline_json(*h.roofline) : json(nullptr);
  j["abi_overhead"] = h.abi_overhead ? to_json(*h.abi_overhead) : json(nullptr);
  j["abi_overhead_us"] = nullptr;
  if (h.abi_overhead) {
    j["abi_overhead_us"] = h.abi_overhead->overhead_us.value_or(h.abi_overhead->launch_sync_us);
  }
  j["cases"] = json::array();
  for (const auto& record : result.cases) j["cases"].push_back(to_json(record));
  return j;
}

json perf_file_json(const std::vector<PerfRecord>& records) {
  return detail::list_file_json("results", records);
}

}  // namespace hwcert::results
