#include "hwcert/perfsuite/results.hpp"

namespace hwcert::perf {
namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const CaseRecord& r) {
  nlohmann::json j;
  j["case_id"] = r.case_id;
  j["op"] = r.op;
  j["dtype"] = r.dtype;
  j["out_dtype"] = r.out_dtype;
  j["shape"] = r.shape;
  j["status"] = r.status;
  j["reason"] = r.reason;
  j["mode"] = r.mode;
  j["benchmark_name"] = r.benchmark_name;
  j["median_ns"] = r.median_ns;
  j["min_ns"] = r.min_ns;
  j["max_ns"] = r.max_ns;
  j["stddev_ns"] = r.stddev_ns;
  j["cv"] = r.cv;
  j["repetitions"] = r.samples_ns.size();
  j["iterations"] = r.iterations;
  j["attempts"] = r.attempts;
  j["samples_ns"] = r.samples_ns;
  j["host_wall_samples_ns"] = r.host_wall_samples_ns;
  j["host_wall_median_ns"] = r.host_wall_median_ns;
  j["flops"] = r.flops;
  j["bytes"] = r.bytes;
  j["tflops"] = r.tflops;
  j["gbps"] = r.gbps;
  j["peak_fraction"] = or_null(r.peak_fraction);
  j["roofline_fraction"] = or_null(r.roofline_fraction);
  j["noisy"] = r.noisy;
  j["device_clock_mhz"] = or_null(r.device_clock_mhz);
  return j;
}

nlohmann::json to_json(const AbiOverhead& o) {
  return {{"op", o.op},
          {"launch_sync_us", o.launch_sync_us},
          {"launch_only_us", o.launch_only_us},
          {"direct_us", or_null(o.direct_us)},
          {"overhead_us", or_null(o.overhead_us)},
          {"note", o.note}};
}

nlohmann::json to_json(const PerfResult& result) {
  const PerfHeader& h = result.header;
  nlohmann::json j;
  j["format"] = "hwcert-perf";
  j["format_version"] = 1;
  j["hwcert_version"] = h.hwcert_version;
  j["date"] = h.date;
  j["plugin"] = h.plugin;
  j["plugin_version"] = h.plugin_version;
  j["plugin_library"] = h.plugin_library;
  j["device"] = h.device;
  j["suite"] = h.suite;
  j["size_class"] = h.size_class;
  j["mode"] = h.mode;
  j["target"] = or_null(h.target);
  j["repetitions"] = h.repetitions;
  j["min_time_s"] = h.min_time_s;
  j["noisy_cv_threshold"] = h.noisy_cv_threshold;
  j["flush_bytes"] = h.flush_bytes;
  j["wall_seconds"] = h.wall_seconds;
  if (h.roofline) {
    j["roofline"] = {{"copy_gbps", h.roofline->copy_gbps},
                     {"matmul_tflops", h.roofline->matmul_tflops},
                     {"copy_bytes", h.roofline->copy_bytes},
                     {"matmul_size", h.roofline->matmul_size}};
  } else {
    j["roofline"] = nullptr;
  }
  j["abi_overhead"] = h.abi_overhead ? to_json(*h.abi_overhead) : nlohmann::json(nullptr);
  j["abi_overhead_us"] = nullptr;
  if (h.abi_overhead) {
    j["abi_overhead_us"] = h.abi_overhead->overhead_us.value_or(h.abi_overhead->launch_sync_us);
  }
  j["cases"] = nlohmann::json::array();
  for (const auto& record : result.cases) j["cases"].push_back(to_json(record));
  return j;
}

}  // namespace hwcert::perf
