#include "sample_bundles.hpp"

namespace hwcert::reports::testing {
namespace {

results::CaseResult record(std::string id, std::string op, std::string dtypes,
                           results::CaseStatus status) {
  results::CaseResult r;
  r.case_id = std::move(id);
  r.op = std::move(op);
  r.dtypes = std::move(dtypes);
  r.status = status;
  r.tolerance = "3 ulp";
  r.checked_elements = 1024;
  r.total_elements = 1024;
  r.duration_ms = 2.5;
  r.reproducer = "hwcert run-op --plugin ref --op " + r.op + " --dtype " + r.dtypes + " --seed 7";
  return r;
}

results::PerfRecord perf(std::string id, std::string op, std::string dtype, double tflops,
                         double gbps, std::optional<double> peak) {
  results::PerfRecord p;
  p.case_id = std::move(id);
  p.op = std::move(op);
  p.dtype = std::move(dtype);
  p.shape = "4096x4096x4096";
  p.median_ns = 1.0e6;
  p.min_ns = 0.9e6;
  p.max_ns = 1.2e6;
  p.stddev_ns = 1.0e4;
  p.cv = 0.01;
  p.repetitions = 10;
  p.flops = tflops > 0 ? 1.37e11 : 0;
  p.bytes = 6.7e7;
  p.tflops = tflops;
  p.gbps = gbps;
  p.peak_fraction = peak;
  p.mode = "cold";
  return p;
}

}  // namespace

std::vector<results::BundleResults> sample_bundles() {
  results::BundleResults a;
  a.system.hwcert_version = "0.1.0 (abc123)";
  a.system.created = "2026-01-02T03:04:05Z";
  a.system.plugin = {kHostileName,         "1.2.3", "Evil Corp", "/opt/evil/libevil.so",
                     std::string(64, 'a'), "1.0"};
  a.system.device = {0,        "Evil GPU <b>X</b>", "Evil Corp", "550.1", "fw-9",
                     "uuid-1", 80000000000,         108};
  a.system.host = {"host-a", "Linux 6.1", "x86-64"};
  a.conformance.push_back(record("add.f32_s1", "add", "f32", results::CaseStatus::kPass));
  auto fail = record("matmul.f32_m64_n32_k16", "matmul", "f32", results::CaseStatus::kFail);
  fail.message = "1 of 2048 elements out of tolerance </pre><script>alert(2)</script>";
  fail.max_abs_error = 0.5;
  fail.max_rel_error = 0.01;
  fail.max_ulp_error = 65536;
  fail.worst_index = 17;
  fail.expected_at_worst = 1.0;
  fail.actual_at_worst = 1.5;
  fail.math_mode = "strict";
  a.conformance.push_back(fail);
  auto crash = record("exp.f16_s2", "exp", "f16", results::CaseStatus::kCrash);
  crash.message = "SIGSEGV ]]> in worker";
  a.conformance.push_back(crash);
  auto unsupported = record("matmul.f8e4m3*f8e4m3->bf16_s3", "matmul", "f8e4m3*f8e4m3->bf16",
                            results::CaseStatus::kUnsupported);
  unsupported.message = "fp8 not supported | by device";
  a.conformance.push_back(unsupported);
  auto waived = record("exp.f32_s4", "exp", "f32", results::CaseStatus::kWaived);
  waived.message = "known bug #12";
  a.conformance.push_back(waived);
  a.perf.push_back(perf("matmul.f16.4096", "matmul", "f16", 250.0, 0, 0.8));
  a.perf.push_back(perf("copy.f32.256MiB", "copy", "f32", 0, 1800.0, 0.88));
  results::BundleSummary sa;
  sa.target = "a100";
  sa.target_name = "NVIDIA A100 SXM4 80GB";
  sa.date = "2026-01-02T04:00:00Z";
  results::LevelResult core{"core", "certified", {}, {}, {}, {}};
  results::LevelResult full{"full", "not_certified", {"conv2d f64"}, {"matmul f32"}, {}, {}};
  full.floors.push_back(
      {"matmul", "f16", "strict", "peak", 0.6, 0.8, "matmul.f16.4096", true, false});
  sa.levels = {core, full};
  sa.counts = {{"pass", 1}, {"fail", 1}, {"crash", 1}, {"unsupported", 1}, {"waived", 1}};
  a.summary = sa;
  a.waivers.push_back({"exp.f32_*",
                       "Evil",
                       ">=1.0",
                       "known-bug",
                       "exp | wrong <near> 0",
                       "https://example.invalid/12",
                       "2027-01-01",
                       false,
                       {"exp.f32_s4"}});

  results::BundleResults b;
  b.system.hwcert_version = "0.1.0 (abc123)";
  b.system.created = "2026-01-03T00:00:00Z";
  b.system.plugin = {"reference",          "0.1.0", "hwcert", "libhwcert_reference.so",
                     std::string(64, 'b'), "1.0"};
  b.system.device = {0, "Host CPU", "hwcert", "", "", "", 0, 2};
  b.system.host = {"host-b", "Linux", "x86-64"};
  b.conformance.push_back(record("add.f32_s1", "add", "f32", results::CaseStatus::kPass));
  b.conformance.push_back(
      record("matmul.f32_m64_n32_k16", "matmul", "f32", results::CaseStatus::kPass));
  b.conformance.push_back(record("add.f64_s1", "add", "f64", results::CaseStatus::kXPass));
  b.perf.push_back(perf("matmul.f16.4096", "matmul", "f16", 0.2, 0, std::nullopt));
  auto skipped = perf("copy.f32.256MiB", "copy", "f32", 0, 0, std::nullopt);
  skipped.status = "skipped";
  skipped.reason = "does not fit in device memory";
  b.perf.push_back(skipped);
  // A stability run whose throughput collapsed in its last quarter.
  results::StabilityRun stability;
  stability.device = {{"index", 0},
                      {"name", "Host CPU"},
                      {"vendor", "hwcert"},
                      {"type", "cpu"},
                      {"driver_version", ""},
                      {"uuid", ""},
                      {"peak_tflops", nlohmann::json::object()},
                      {"supported_dtypes", {"f32"}},
                      {"warnings", nlohmann::json::array()}};
  stability.cases = {"matmul/f32/256x256x256", "add/f32/1048576"};
  stability.interval_s = 1;
  stability.streams = 4;
  stability.wall_seconds = 8;
  for (int i = 1; i <= 8; ++i) {
    results::StabilitySample s;
    s.t_s = i;
    s.interval_s = 1;
    s.launches_per_s = i > 6 ? 100 : 1000;
    s.host_resident_bytes = uint64_t{100} << 20;
    stability.samples.push_back(s);
  }
  stability.throughput_drift = 0.9;
  stability.failures = {"throughput drift 90.0% above the bound 50.0%"};
  b.stability = stability;
  // No summary: not evaluated against a target. No waivers.
  return {a, b};
}

std::vector<TargetClass> sample_classes() {
  TargetClass a100;
  a100.id = "a100";
  a100.name = "NVIDIA A100 SXM4 80GB";
  a100.vendor = "NVIDIA";
  a100.device_class = "gpu";
  a100.native_dtypes = {"f64", "f32", "f16", "bf16", "i8"};
  a100.peaks = {{"f16", "strict", {312.0, "datasheet", "vendor", false, {}, ""}},
                {"f32", "tf32", {156.0, "datasheet", "vendor", false, {}, ""}}};
  a100.memory_bytes = 80000000000;
  a100.memory_type = "HBM2e";
  a100.bandwidth_gbps = ClassFigure{2039.0, "forum <i>post</i>", "third-party", true, {1935.0}, ""};
  a100.math_modes = {{"matmul", {"strict", "tf32"}}};
  a100.forbidden_silent = {"f32_as_tf32"};
  a100.levels = {
      {"core", "building blocks", "", {{"add", "f32"}, {"matmul", "f32"}}},
      {"full", "everything", "core", {{"add", "f32"}, {"matmul", "f32"}, {"add", "f64"}}}};
  a100.floors = {{"full", "matmul", "f16", "strict", "peak", 0.6, false, ""}};
  TargetClass h100 = a100;
  h100.id = "h100";
  h100.name = "NVIDIA H100 SXM5 80GB";
  h100.peaks = {{"f16", "strict", {989.0, "datasheet", "vendor", false, {}, ""}},
                {"f8e4m3", "strict", {1979.0, "datasheet", "vendor", false, {}, ""}}};
  h100.bandwidth_gbps = ClassFigure{3350.0, "datasheet", "vendor", false, {}, ""};
  h100.levels[0].requirements.push_back({"matmul", "f8e4m3"});
  return {a100, h100};
}

}  // namespace hwcert::reports::testing
