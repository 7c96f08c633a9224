#include "hwcert/reports/baseline_diff.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/temp_dir.hpp"
#include "sample_bundles.hpp"

namespace hwcert::reports {
namespace {

using results::CaseResult;
using results::CaseStatus;

CaseResult result(std::string id, CaseStatus status) {
  CaseResult r;
  r.case_id = std::move(id);
  r.op = "exp";
  r.dtypes = "f32";
  r.status = status;
  r.message = "m-" + r.case_id;
  r.reproducer = "hwcert conformance --filter " + r.case_id;
  return r;
}

RunResults run(std::string label, std::vector<CaseResult> cases) {
  return {"src", std::move(label), std::move(cases), {}};
}

// A perf case timed at `before_ns` and `after_ns` medians, judged `verdict`.
PerfChange perf_change(std::string id, double before_ns, double after_ns, double p_value,
                       PerfVerdict verdict) {
  PerfChange p;
  p.case_id = std::move(id);
  p.baseline_median_ns = before_ns;
  p.contender_median_ns = after_ns;
  p.median_ratio = after_ns / before_ns;
  p.p_value = p_value;
  p.verdict = verdict;
  return p;
}

const CaseChange* find(const BaselineDiff& d, std::string_view id) {
  for (const CaseChange& c : d.cases) {
    if (c.case_id == id) return &c;
  }
  return nullptr;
}

TEST(BaselineDiff, ClassifiesEveryKindOfChange) {
  const RunResults before =
      run("old", {result("a", CaseStatus::kPass), result("b", CaseStatus::kFail),
                  result("c", CaseStatus::kPass), result("d", CaseStatus::kWaived),
                  result("e", CaseStatus::kUnsupported), result("f", CaseStatus::kFail),
                  result("g", CaseStatus::kPass), result("same", CaseStatus::kPass)});
  const RunResults after =
      run("new", {result("a", CaseStatus::kCrash), result("b", CaseStatus::kPass),
                  result("c", CaseStatus::kUnsupported), result("d", CaseStatus::kXPass),
                  result("e", CaseStatus::kPass), result("f", CaseStatus::kTimeout),
                  result("h", CaseStatus::kPass), result("i", CaseStatus::kMistrusted),
                  result("same", CaseStatus::kPass)});
  const BaselineDiff d = diff_conformance(before, after);
  const std::vector<std::pair<std::string, CaseChangeKind>> expected = {
      {"a", CaseChangeKind::kNewFailure},
      {"i", CaseChangeKind::kNewFailure},
      {"c", CaseChangeKind::kNewlyUnsupported},
      {"d", CaseChangeKind::kNewXPass},
      {"b", CaseChangeKind::kFixed},
      {"e", CaseChangeKind::kNewlySupported},
      {"f", CaseChangeKind::kOtherChange},
      {"h", CaseChangeKind::kAdded},
      {"g", CaseChangeKind::kRemoved}};
  ASSERT_EQ(d.cases.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {  // sorted by kind, then id
    EXPECT_EQ(d.cases[i].case_id, expected[i].first) << i;
    EXPECT_EQ(d.cases[i].kind, expected[i].second) << i;
  }
  EXPECT_EQ(d.cases_compared, 7u);  // a b c d e f same
  EXPECT_TRUE(d.regressed());
  EXPECT_EQ(find(d, "a")->reproducer, "hwcert conformance --filter a");
  EXPECT_FALSE(find(d, "i")->before.has_value());
  EXPECT_FALSE(find(d, "g")->after.has_value());
  EXPECT_EQ(find(d, "g")->reproducer, "");
}

TEST(BaselineDiff, OnlyImprovementsIsNoRegression) {
  const BaselineDiff d = diff_conformance(run("old", {result("a", CaseStatus::kFail)}),
                                          run("new", {result("a", CaseStatus::kPass)}));
  EXPECT_FALSE(d.regressed());
  EXPECT_EQ(d.count(CaseChangeKind::kFixed), 1u);
}

TEST(BaselineDiff, ASlowerPerfCaseIsARegressionAndLargestMovesComeFirst) {
  BaselineDiff d = diff_conformance(run("old", {}), run("new", {}));
  EXPECT_FALSE(d.regressed());
  set_perf_changes(d, {perf_change("small", 100, 105, 0.01, PerfVerdict::kSame),
                       perf_change("big", 100, 300, 0.001, PerfVerdict::kSlower),
                       perf_change("fast", 100, 20, 0.001, PerfVerdict::kFaster)});
  EXPECT_EQ(d.perf[0].case_id, "fast");  // |log 0.2| > |log 3|
  EXPECT_EQ(d.perf[1].case_id, "big");
  EXPECT_TRUE(d.regressed());
  EXPECT_EQ(d.perf_count(PerfVerdict::kSlower), 1u);
}

TEST(BaselineDiff, PerfVerdictsCarryTheRatioInterval) {
  BaselineDiff d = diff_conformance(run("old", {}), run("new", {}));
  PerfChange slower = perf_change("big", 100, 300, 0.001, PerfVerdict::kSlower);
  slower.ratio_ci_low = 2.5;
  slower.ratio_ci_high = 3.25;
  PerfChange few = perf_change("few", 100, 101, 1, PerfVerdict::kAmbiguous);
  few.note = "too few";
  set_perf_changes(d, {slower, few});
  const nlohmann::json j = to_json(d);
  EXPECT_EQ(j["perf"][0]["ratio_ci_low"], 2.5);
  EXPECT_EQ(j["perf"][0]["ratio_ci_high"], 3.25);
  EXPECT_EQ(j["perf"][0]["confidence"], 0.95);
  EXPECT_TRUE(j["perf"][1]["ratio_ci_low"].is_null());
  EXPECT_EQ(ratio_interval_text(d.perf[0]), "[2.500, 3.250]");
  EXPECT_EQ(ratio_interval_text(d.perf[1]), "—");
  EXPECT_NE(diff_markdown(d).find("| 3.000× | [2.500, 3.250] |"), std::string::npos);
}

TEST(BaselineDiff, MarkdownLeadsWithTheVerdictAndStaysUnderItsLimit) {
  std::vector<CaseResult> before, after;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "softmax.f32_case_" + std::to_string(i);
    before.push_back(result(id, CaseStatus::kPass));
    after.push_back(result(id, CaseStatus::kFail));
  }
  const BaselineDiff d = diff_conformance(run("old", before), run("new", after));
  const std::string md = diff_markdown(d, 20000);
  EXPECT_LE(md.size(), 20000u);
  EXPECT_NE(md.find("❌ Regressed"), std::string::npos);
  EXPECT_NE(md.find("### New failures (3000)"), std::string::npos);
  EXPECT_NE(md.find("more: see the JSON"), std::string::npos);
  const std::string clean = diff_markdown(diff_conformance(run("o", before), run("n", before)));
  EXPECT_NE(clean.find("✅ No regression"), std::string::npos);
  EXPECT_EQ(clean.find("###"), std::string::npos);  // no empty sections
}

TEST(BaselineDiff, JsonCountsEveryKind) {
  const BaselineDiff d = diff_conformance(run("old", {result("a", CaseStatus::kPass)}),
                                          run("new", {result("a", CaseStatus::kError)}));
  const nlohmann::json j = to_json(d);
  EXPECT_EQ(j["format"], "hwcert-diff");
  EXPECT_EQ(j["regressed"], true);
  EXPECT_EQ(j["counts"]["new_failure"], 1);
  EXPECT_EQ(j["counts"]["fixed"], 0);
  EXPECT_EQ(j["cases"][0]["before"], "pass");
  EXPECT_EQ(j["cases"][0]["after"], "error");
}

TEST(ReadRuns, ReadsEveryKindOfResultsFile) {
  support::TempDir dir;
  const auto bundles = testing::sample_bundles();
  write_bundle_results(bundles[0], dir.path() / "bundle");
  const RunResults from_bundle = read_run_results(dir.path() / "bundle");
  EXPECT_EQ(from_bundle.conformance.size(), bundles[0].conformance.size());
  EXPECT_EQ(from_bundle.perf.size(), bundles[0].perf.size());

  nlohmann::json results_file = results::conformance_file_json(bundles[0].conformance);
  results_file["format"] = "hwcert-conformance-results";
  results_file["plugin"] = {{"name", "ref"}, {"version", "1.2"}};
  results_file["device"] = {{"name", "cpu0"}};
  support::write_file_atomic(dir.path() / "results.json", results_file.dump());
  const RunResults from_results = read_run_results(dir.path() / "results.json");
  EXPECT_EQ(from_results.label, "cpu0 (ref 1.2)");
  EXPECT_EQ(from_results.conformance.size(), bundles[0].conformance.size());

  support::write_file_atomic(dir.path() / "other.json", R"({"format": "something-else"})");
  EXPECT_THROW(read_run_results(dir.path() / "other.json"), results::ModelError);
  support::write_file_atomic(dir.path() / "broken.json", "{\n  \"format\": ,\n}");
  try {
    read_run_results(dir.path() / "broken.json");
    FAIL() << "a broken file must not read";
  } catch (const results::ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("broken.json:2:"), std::string::npos) << e.what();
  }
}

TEST(ReadRuns, AReportOfSeveralDevicesIsNotOneRun) {
  support::TempDir dir;
  const nlohmann::json report = {
      {"devices",
       {{{"label", "a (p 1)"}, {"placeholder", false}, {"conformance", nlohmann::json::array()}},
        {{"label", "b (p 1)"}, {"placeholder", false}, {"conformance", nlohmann::json::array()}},
        {{"label", "h100 (no result)"}, {"placeholder", true}}}},
      {"matrix", nlohmann::json::array()}};
  support::write_file_atomic(dir.path() / "report.json", report.dump());
  EXPECT_EQ(read_runs(dir.path() / "report.json").size(), 2u);
  EXPECT_THROW(read_run_results(dir.path() / "report.json"), results::ModelError);
}

}  // namespace
}  // namespace hwcert::reports
