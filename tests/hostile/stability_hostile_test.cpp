// `hwcert stability` against the hostile plugin's time-dependent faults: each fault appears
// only after a while (a slow leak, a wrong result after N launches, a throughput collapse after
// N launches) and a short run must catch it: exit 1, the verdict "fail" and the right counter
// or figure in stability.json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "hostile_paths.hpp"
#include "run_hwcert.hpp"

namespace hwcert::hostile {
namespace {

// Runs a 5 s stability run with `fault` set (the plugin's time faults start about 1.3 s in,
// after the first quarter of the intervals that drift is measured against); returns
// stability.json after checking that the run failed the way a caught fault fails (exit 1,
// verdict fail). The memory bound is 32 MiB: the slow leak keeps 64 KiB per launch.
nlohmann::json run_stability_with(const std::string& fault) {
  const std::filesystem::path work = fresh_work_dir("stability_" + fault);
  const ProcessOutcome outcome =
      run_process({kHwcert.string(), "stability", "--plugin", kPlugin.string(), "--suite",
                   kPerfSuite.string(), "--duration", "5", "--interval", "0.25", "--streams", "2",
                   "--max-memory-growth-mib", "32", "--out", (work / "out").string()},
                  {{"HWCERT_HOSTILE_FAULT", fault}, {"ASAN_OPTIONS", "detect_leaks=0"}}, work,
                  std::chrono::seconds(60));
  EXPECT_TRUE(outcome.exited) << outcome.describe() << "\n" << outcome.stderr_text;
  EXPECT_EQ(outcome.exit_code, 1) << outcome.stdout_text << outcome.stderr_text;
  const std::string text = read_text_file(work / "out" / "stability.json");
  if (text.empty()) {
    ADD_FAILURE() << "no stability.json\n" << outcome.stderr_text;
    return nlohmann::json::object();
  }
  nlohmann::json document = nlohmann::json::parse(text);
  EXPECT_EQ(document.value("verdict", ""), "fail") << document.dump(2);
  return document;
}

TEST(StabilityHostile, WrongResultAfterLaunchesIsCounted) {
  const nlohmann::json run = run_stability_with("wrong_after_launches");
  ASSERT_TRUE(run.contains("totals"));
  EXPECT_GT(run["totals"]["wrong_results"].get<int64_t>(), 0) << run.dump(2);
  // The fault starts after a while: the first interval's checks still passed.
  EXPECT_EQ(run["samples"][0]["wrong_results"].get<int64_t>(), 0) << run.dump(2);
  EXPECT_EQ(run["totals"]["launch_errors"].get<int64_t>(), 0);
}

TEST(StabilityHostile, ThroughputCollapseIsDrift) {
  const nlohmann::json run = run_stability_with("slow_after_launches");
  ASSERT_TRUE(run.contains("throughput_drift"));
  EXPECT_GT(run["throughput_drift"].get<double>(),
            run["bounds"]["max_throughput_drift"].get<double>())
      << run.dump(2);
  EXPECT_EQ(run["totals"]["wrong_results"].get<int64_t>(), 0);
}

TEST(StabilityHostile, SlowLeakIsMemoryGrowth) {
  const nlohmann::json run = run_stability_with("slow_leak");
  ASSERT_TRUE(run.contains("host_memory_growth_mib"));
  EXPECT_GT(run["host_memory_growth_mib"].get<double>(),
            run["bounds"]["max_memory_growth_mib"].get<double>())
      << run.dump(2);
  EXPECT_EQ(run["totals"]["wrong_results"].get<int64_t>(), 0);
}

}  // namespace
}  // namespace hwcert::hostile
