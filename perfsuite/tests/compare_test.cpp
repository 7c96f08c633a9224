#include "hwcert/perfsuite/compare.hpp"

#include <gtest/gtest.h>

namespace hwcert::perf {
namespace {

nlohmann::json doc(const std::vector<std::pair<std::string, std::vector<double>>>& cases) {
  nlohmann::json j;
  j["cases"] = nlohmann::json::array();
  for (const auto& [id, samples] : cases)
    j["cases"].push_back({{"case_id", id}, {"samples_ns", samples}});
  return j;
}

const CaseComparison& find(const Comparison& c, const std::string& id) {
  for (const auto& entry : c.cases) {
    if (entry.case_id == id) return entry;
  }
  throw std::runtime_error("missing " + id);
}

TEST(Compare, VerdictsFromUTestAndMedians) {
  const auto baseline = doc({{"fast", {100, 101, 102, 103, 104, 105}},
                             {"slow", {100, 101, 102, 103, 104, 105}},
                             {"same", {100, 101, 102, 103, 104, 105}},
                             {"few", {100, 100.5}},
                             {"gone", {1, 2, 3}}});
  const auto contender = doc({{"fast", {50, 51, 52, 53, 54, 55}},
                              {"slow", {200, 201, 202, 203, 204, 205}},
                              {"same", {100.5, 101.5, 102.5, 102.6, 103.5, 104.5}},
                              {"few", {300, 301}},
                              {"new", {1, 2, 3}}});
  const Comparison c = compare_results(baseline, contender);
  EXPECT_EQ(find(c, "fast").verdict, Verdict::kFaster);
  EXPECT_NEAR(find(c, "fast").median_ratio, 52.5 / 102.5, 1e-12);
  EXPECT_EQ(find(c, "slow").verdict, Verdict::kSlower);
  EXPECT_LT(find(c, "slow").p_value, 0.05);
  EXPECT_EQ(find(c, "same").verdict, Verdict::kSame);
  // Two repetitions can never be significant at 0.05: ambiguous, however large the ratio.
  EXPECT_EQ(find(c, "few").verdict, Verdict::kAmbiguous);
  EXPECT_EQ(c.only_in_baseline, std::vector<std::string>{"gone"});
  EXPECT_EQ(c.only_in_contender, std::vector<std::string>{"new"});
}

TEST(Compare, SignificantButTinyChangeIsSame) {
  const auto baseline = doc({{"x", {1000, 1001, 1002, 1003, 1004, 1005}}});
  const auto contender = doc({{"x", {1006, 1007, 1008, 1009, 1010, 1011}}});
  const Comparison c = compare_results(baseline, contender);
  EXPECT_LT(c.cases[0].p_value, 0.05);
  EXPECT_EQ(c.cases[0].verdict, Verdict::kSame);
  CompareOptions strict;
  strict.min_relative_change = 0;
  EXPECT_EQ(compare_results(baseline, contender, strict).cases[0].verdict, Verdict::kSlower);
}

TEST(Compare, RatioIntervalBesideTheVerdict) {
  const auto baseline = doc({{"slow", {100, 101, 102, 103, 104, 105}}, {"few", {100, 100.5}}});
  const auto contender = doc({{"slow", {200, 201, 202, 203, 204, 205}}, {"few", {300, 301}}});
  const Comparison c = compare_results(baseline, contender);
  const CaseComparison& slow = find(c, "slow");
  ASSERT_TRUE(slow.ratio_ci_low && slow.ratio_ci_high);
  // Every contender time is about twice every baseline time: the interval of the ratio lies
  // within the extreme pairwise ratios and holds the median ratio.
  EXPECT_GE(*slow.ratio_ci_low, 200.0 / 105.0);
  EXPECT_LE(*slow.ratio_ci_high, 205.0 / 100.0);
  EXPECT_LE(*slow.ratio_ci_low, slow.median_ratio);
  EXPECT_GE(*slow.ratio_ci_high, slow.median_ratio);
  EXPECT_DOUBLE_EQ(slow.confidence, 0.95);
  // Two samples a side cannot give a 95% interval.
  EXPECT_FALSE(find(c, "few").ratio_ci_low.has_value());
  const nlohmann::json j = to_json(c);
  EXPECT_TRUE(j["cases"][0]["ratio_ci_low"].is_number());
  EXPECT_TRUE(j["cases"][1]["ratio_ci_high"].is_null());
  // A looser alpha gives a narrower interval.
  CompareOptions loose;
  loose.alpha = 0.2;
  const Comparison loose_result = compare_results(baseline, contender, loose);
  const CaseComparison& narrow = loose_result.cases[0];
  EXPECT_GE(*narrow.ratio_ci_low, *slow.ratio_ci_low);
  EXPECT_LE(*narrow.ratio_ci_high, *slow.ratio_ci_high);
}

TEST(Compare, MissingSamplesAreAmbiguous) {
  nlohmann::json baseline = doc({{"x", {}}});
  baseline["cases"][0]["status"] = "unsupported";
  const Comparison c = compare_results(baseline, doc({{"x", {1, 2, 3, 4}}}));
  EXPECT_EQ(c.cases[0].verdict, Verdict::kAmbiguous);
  EXPECT_NE(c.cases[0].note.find("unsupported"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::perf
