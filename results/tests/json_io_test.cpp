#include "hwcert/results/json_io.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hwcert/support/thrown_message.hpp"

namespace hwcert::results {
namespace {

using nlohmann::json;

TEST(CaseStatusNames, RoundTripAndClassify) {
  for (CaseStatus status : kAllCaseStatuses) {
    EXPECT_EQ(parse_case_status(to_string(status)), status);
    EXPECT_NE(is_failure(status), is_acceptable(status)) << to_string(status);
  }
  EXPECT_EQ(parse_case_status("passed"), std::nullopt);
  EXPECT_GT(severity(CaseStatus::kCrash), severity(CaseStatus::kFail));
  EXPECT_GT(severity(CaseStatus::kFail), severity(CaseStatus::kPass));
}

TEST(CaseResultJson, RoundTripKeepsEveryFieldAndNaN) {
  CaseResult r;
  r.case_id = "matmul.f32_m4";
  r.op = "matmul";
  r.dtypes = "f8e4m3*f8e4m3->bf16";
  r.math_mode = "tf32";
  r.status = CaseStatus::kMistrusted;
  r.message = "all zeros";
  r.max_abs_error = std::numeric_limits<double>::quiet_NaN();
  r.max_rel_error = 0.5;
  r.max_ulp_error = 3;
  r.worst_index = 9;
  r.expected_at_worst = 1.5;
  r.actual_at_worst = -2;
  r.tolerance = "3 ulp";
  r.checked_elements = 10;
  r.total_elements = 20;
  r.sampled = true;
  r.duration_ms = 1.25;
  r.reproducer = "hwcert run-op --op matmul";
  const json j = json::parse(to_json(r).dump());  // NaN travels as null
  EXPECT_TRUE(j["max_abs_error"].is_null());
  const CaseResult back = case_result_from_json(j, "case");
  EXPECT_TRUE(std::isnan(back.max_abs_error));
  EXPECT_EQ(to_json(back).dump(), to_json(r).dump());
  EXPECT_EQ(back.primary_dtype(), "f8e4m3");
}

TEST(CaseResultJson, ErrorsNameTheField) {
  EXPECT_EQ(support::thrown_message<ModelError>([] {
              case_result_from_json(json{{"op", "add"}, {"status", "pass"}}, "r[0]");
            }),
            "r[0]: the required field 'case_id' is missing");
  EXPECT_EQ(
      support::thrown_message<ModelError>([] {
        case_result_from_json(json{{"case_id", "a"}, {"op", "add"}, {"status", "passed"}}, "r[1]");
      }),
      "r[1].status: unknown status 'passed'");
  EXPECT_EQ(support::thrown_message<ModelError>([] {
              case_result_from_json(
                  json{{"case_id", "a"}, {"op", "add"}, {"status", "pass"}, {"sampled", 1}}, "r");
            }),
            "r: 'sampled' must be true or false");
  const CaseResult minimal =
      case_result_from_json(json{{"case_id", "a"}, {"op", "add"}, {"status", "pass"}}, "r");
  EXPECT_EQ(minimal.math_mode, "strict");
  EXPECT_EQ(minimal.worst_index, -1);
}

PerfRecord sample_perf() {
  PerfRecord r;
  r.case_id = "matmul.f32_1024";
  r.op = "matmul";
  r.dtype = "f32";
  r.out_dtype = "f32";
  r.shape = "1024x1024x1024";
  r.mode = "cold";
  r.benchmark_name = "matmul.f32_1024/iterations:3";
  r.samples_ns = {1.0e6, 1.1e6};
  r.host_wall_samples_ns = {1.2e6, 1.3e6};
  r.repetitions = 2;
  r.iterations = 3;
  r.median_ns = 1.05e6;
  r.flops = 2.1e9;
  r.tflops = 2.0;
  r.peak_fraction = 0.5;
  r.attempts = 2;
  r.device_clock_mhz = 1500;
  r.launch_samples_ns = {0.9e6, 1.0e6, 1.2e6};
  r.launch_sample_count = 6;
  r.p50_ns = 1.0e6;
  r.p90_ns = 1.15e6;
  r.p99_ns = 1.2e6;
  r.repetition_clock_mhz = {1500, 1000, 1490};
  r.throttled_repetitions = 1;
  r.throttled_samples_ns = {2.0e6};
  r.repetition_power_w = {300, 250, 310};
  r.energy_per_launch_j = 0.3;
  r.gflop_per_j = 7.0;
  r.gb_per_j = 0.1;
  return r;
}

TEST(PerfRecordJson, RoundTripOfEveryField) {
  const PerfRecord r = sample_perf();
  const PerfRecord back = perf_record_from_json(to_json(r), "perf");
  EXPECT_EQ(to_json(back), to_json(r));
  EXPECT_EQ(back.samples_ns, r.samples_ns);
  EXPECT_EQ(back.device_clock_mhz, 1500u);
  EXPECT_FALSE(back.roofline_fraction.has_value());
  EXPECT_EQ(back.launch_samples_ns, r.launch_samples_ns);
  EXPECT_EQ(back.launch_sample_count, 6);
  EXPECT_EQ(back.p99_ns, 1.2e6);
  EXPECT_EQ(back.throttled_repetitions, 1);
  EXPECT_EQ(back.throttled_samples_ns, r.throttled_samples_ns);
  EXPECT_EQ(back.repetition_power_w, r.repetition_power_w);
  EXPECT_EQ(back.gflop_per_j, 7.0);
  // Not measured: the percentiles are null, and read back as absent.
  PerfRecord unmeasured = r;
  unmeasured.p50_ns = unmeasured.p90_ns = unmeasured.p99_ns = std::nullopt;
  EXPECT_TRUE(to_json(unmeasured)["p99_ns"].is_null());
  EXPECT_FALSE(perf_record_from_json(to_json(unmeasured), "perf").p99_ns.has_value());
}

TEST(PerfRecordJson, SummaryLeavesOutSamplesAndBookkeeping) {
  const json summary = to_json(sample_perf(), PerfFields::kSummary);
  for (const char* key : {"samples_ns", "host_wall_samples_ns", "benchmark_name", "iterations",
                          "attempts", "out_dtype", "device_clock_mhz", "host_wall_median_ns",
                          "launch_samples_ns", "launch_sample_count"}) {
    EXPECT_FALSE(summary.contains(key)) << key;
  }
  EXPECT_EQ(summary["p90_ns"], 1.15e6);
  EXPECT_EQ(summary["repetitions"], 2);
  EXPECT_EQ(summary["mode"], "cold");
}

TEST(PerfRecordJson, ShapeListModeAndStatusChecks) {
  json j{{"case_id", "c"}, {"op", "add"}, {"dtype", "f32"}, {"shape", {8, 16}}, {"mode", ""}};
  const PerfRecord r = perf_record_from_json(j, "p");
  EXPECT_EQ(r.shape, "8x16");
  EXPECT_EQ(r.mode, "hot");
  j["mode"] = "warm";
  EXPECT_EQ(support::thrown_message<ModelError>([&] { perf_record_from_json(j, "p"); }),
            "p: 'mode' must be \"cold\", \"latency\" or \"hot\"");
  j["mode"] = "latency";
  EXPECT_EQ(perf_record_from_json(j, "p").mode, "latency");
  j["mode"] = "hot";
  j["status"] = "broken";
  EXPECT_EQ(support::thrown_message<ModelError>([&] { perf_record_from_json(j, "p"); }),
            "p: unknown perf status 'broken'");
}

TEST(PerfResultJson, DocumentHasHeaderAndCases) {
  PerfResult result;
  result.header.plugin = "reference";
  result.header.abi_overhead =
      AbiOverhead{"copy 1 x f32", 5.0, 2.0, std::nullopt, std::nullopt, ""};
  result.cases.push_back(sample_perf());
  const json doc = to_json(result);
  EXPECT_EQ(doc["format"], "hwcert-perf");
  EXPECT_EQ(doc["abi_overhead_us"], 5.0);
  EXPECT_TRUE(doc["roofline"].is_null());
  EXPECT_EQ(doc["cases"].size(), 1u);
  EXPECT_EQ(perf_record_from_json(doc["cases"][0], "cases[0]").samples_ns.size(), 2u);
}

TEST(BundleJson, SummaryAndWaiverRoundTrip) {
  BundleSummary s;
  s.target = "a100";
  s.levels.push_back({"core", "not_certified", {"exp f16"}, {}, {}, {"matmul tf32"}});
  s.levels[0].floors.push_back({"matmul", "f16", "strict", "peak", 0.5, 0.4, "m1", false, false});
  s.counts["pass"] = 3;
  const BundleSummary back = summary_from_json(to_json(s), "summary.json");
  EXPECT_EQ(to_json(back), to_json(s));
  json bad = to_json(s);
  bad["counts"]["passed"] = 1;
  EXPECT_EQ(support::thrown_message<ModelError>([&] { summary_from_json(bad, "summary.json"); }),
            "summary.json.counts: 'passed' is not a status with an integer count");

  WaiverRecord w{"exp.*", "GPU",        ">=1.0", "known-bug", "bug 7",
                 "",      "2027-01-01", false,   {"exp.f32"}};
  EXPECT_EQ(to_json(waiver_from_json(to_json(w), "w")), to_json(w));
}

}  // namespace
}  // namespace hwcert::results
