#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/temp_dir.hpp"
#include "sample_bundles.hpp"

namespace hwcert::reports {
namespace {

using support::TempDir;

TEST(BundleIo, RoundTripsEveryFile) {
  TempDir dir;
  const auto bundles = testing::sample_bundles();
  write_bundle_results(bundles[0], dir.path());
  for (const char* f :
       {"system.json", "conformance.json", "perf.json", "summary.json", "waivers.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path() / f)) << f;
  }
  results::BundleResults back = read_bundle(dir.path());
  // The invalid UTF-8 byte of the hostile name comes back as U+FFFD; all else unchanged.
  EXPECT_EQ(back.system.plugin.name.substr(0, 20), bundles[0].system.plugin.name.substr(0, 20));
  EXPECT_EQ(back.system.device.name, bundles[0].system.device.name);
  ASSERT_EQ(back.conformance.size(), bundles[0].conformance.size());
  for (size_t i = 0; i < back.conformance.size(); ++i) {
    EXPECT_EQ(to_json(back.conformance[i]), to_json(bundles[0].conformance[i]));
  }
  ASSERT_EQ(back.perf.size(), 2u);
  EXPECT_EQ(to_json(back.perf[0]), to_json(bundles[0].perf[0]));
  ASSERT_TRUE(back.summary);
  EXPECT_EQ(to_json(*back.summary), to_json(*bundles[0].summary));
  ASSERT_EQ(back.waivers.size(), 1u);
  EXPECT_EQ(back.waivers[0].cases, std::vector<std::string>{"exp.f32_s4"});
}

TEST(BundleIo, OptionalFilesMayBeAbsent) {
  TempDir dir;
  auto b = testing::sample_bundles()[1];
  write_bundle_results(b, dir.path());
  std::filesystem::remove(dir.path() / "perf.json");
  std::filesystem::remove(dir.path() / "waivers.json");
  results::BundleResults back = read_bundle(dir.path());
  EXPECT_FALSE(back.summary);
  EXPECT_TRUE(back.perf.empty());
  EXPECT_EQ(back.conformance.size(), 3u);
}

TEST(BundleIo, PerfShapeMayBeAnIntegerList) {
  auto r = results::perf_record_from_json(
      nlohmann::json::parse(
          R"({"case_id":"c","op":"matmul","dtype":"f16","shape":[64,32,16],"peak_fraction":null})"),
      "perf");
  EXPECT_EQ(r.shape, "64x32x16");
  EXPECT_FALSE(r.peak_fraction);
}

// perfsuite writes {"format": "hwcert-perf", ..., "cases": [...]} with a status per case.
TEST(BundleIo, ReadsPerfsuiteOwnPerfFile) {
  TempDir dir;
  write_bundle_results(testing::sample_bundles()[1], dir.path());
  support::write_file_atomic(dir.path() / "perf.json",
                             R"({"format": "hwcert-perf", "format_version": 1, "suite": "smoke",
    "roofline": {"copy_gbps": 10.0}, "cases": [
      {"case_id": "matmul.f32.256", "op": "matmul", "dtype": "f32", "out_dtype": "f32",
       "shape": "256x256x256", "status": "ok", "reason": "", "mode": "cold", "median_ns": 1000.0,
       "min_ns": 900.0, "max_ns": 1100.0, "stddev_ns": 10.0, "cv": 0.01, "repetitions": 5,
       "iterations": 100, "samples_ns": [1000.0], "flops": 3.3e7, "bytes": 786432.0,
       "tflops": 0.033, "gbps": 786.0, "peak_fraction": null, "roofline_fraction": 0.5,
       "noisy": false, "device_clock_mhz": null},
      {"case_id": "conv2d.f64.big", "op": "conv2d", "dtype": "f64", "shape": "1x64x56x56",
       "status": "unsupported", "reason": "f64 conv not offered", "mode": "cold",
       "peak_fraction": null, "roofline_fraction": null}]})");
  results::BundleResults back = read_bundle(dir.path());
  ASSERT_EQ(back.perf.size(), 2u);
  EXPECT_TRUE(back.perf[0].measured());
  EXPECT_EQ(back.perf[0].roofline_fraction, 0.5);
  EXPECT_FALSE(back.perf[1].measured());
  EXPECT_EQ(back.perf[1].reason, "f64 conv not offered");
  support::write_file_atomic(
      dir.path() / "perf.json",
      R"({"cases": [{"case_id": "c", "op": "copy", "dtype": "f32", "status": "bogus"}]})");
  EXPECT_THROW(read_bundle(dir.path()), results::ModelError);
}

// The conformance runner's own results file lists the waivers it used.
TEST(BundleIo, WaiversFallBackToTheConformanceResultsFile) {
  TempDir dir;
  write_bundle_results(testing::sample_bundles()[1], dir.path());
  std::filesystem::remove(dir.path() / "waivers.json");
  support::write_file_atomic(dir.path() / "conformance.json",
                             R"({"format": "hwcert-conformance-results", "format_version": 1,
    "summary": {"waived": 1}, "waivers": [{"pattern": "exp.*", "category": "known-bug",
    "reason": "r", "origin": "w.toml:3", "cases": ["exp.f32_1"]}],
    "results": [{"case_id": "exp.f32_1", "op": "exp", "dtypes": "f32", "status": "waived"}]})");
  results::BundleResults back = read_bundle(dir.path());
  ASSERT_EQ(back.waivers.size(), 1u);
  EXPECT_EQ(back.waivers[0].pattern, "exp.*");
  EXPECT_EQ(back.conformance[0].status, results::CaseStatus::kWaived);
}

TEST(BundleIo, ErrorsNameTheFileAndField) {
  TempDir dir;
  write_bundle_results(testing::sample_bundles()[1], dir.path());
  support::write_file_atomic(
      dir.path() / "conformance.json",
      R"({"format_version":1,"results":[{"case_id":"a","op":"add","status":"passed"}]})");
  try {
    read_bundle(dir.path());
    FAIL() << "accepted an unknown status";
  } catch (const results::ModelError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("conformance.json: results[0].status"), std::string::npos) << what;
    EXPECT_NE(what.find("'passed'"), std::string::npos) << what;
  }
  support::write_file_atomic(
      dir.path() / "conformance.json",
      R"({"results":[{"case_id":"a","op":"add","status":"pass","max_abs_error":"big"}]})");
  EXPECT_THROW(read_bundle(dir.path()), results::ModelError);
  support::write_file_atomic(dir.path() / "conformance.json", "{\"results\": [");
  try {
    read_bundle(dir.path());
    FAIL() << "accepted broken JSON";
  } catch (const results::ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("conformance.json:1:14: "), std::string::npos) << e.what();
  }
  support::write_file_atomic(dir.path() / "conformance.json",
                             R"({"format_version":2,"results":[]})");
  EXPECT_THROW(read_bundle(dir.path()), results::ModelError);
  std::filesystem::remove(dir.path() / "system.json");
  EXPECT_THROW(read_bundle(dir.path()), results::ModelError);
}

}  // namespace
}  // namespace hwcert::reports
