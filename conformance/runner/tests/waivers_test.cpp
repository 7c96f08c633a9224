#include "hwcert/runner/waivers.hpp"

#include <gtest/gtest.h>

namespace hwcert::runner {
namespace {

using conformance::CaseResult;
using conformance::CaseStatus;

constexpr const char* kWaivers = R"(
[[waiver]]
case = "softmax.bf16_*"
device = "Ascend"
plugin_version = ">=1.0,<2.0"
category = "known-bug"
reason = "bf16 softmax loses precision"
link = "https://example.com/bug/1"
expires = 2030-01-01

[[waiver]]
case = "exp.*"
category = "known-bug"
reason = "old exp"
expires = 2020-01-01

[[waiver]]
case = "matmul.*"
category = "unsupported-feature"
reason = "no tf32"
)";

CaseResult result(const std::string& id, CaseStatus status) {
  CaseResult r;
  r.case_id = id;
  r.status = status;
  r.message = "max ulp 12 > 3";
  return r;
}

/// kWaivers as applied on 2026-06-01 (the exp waiver has expired by then).
WaiverSet sample_set(bool run_waived) {
  auto waivers = parse_waivers(kWaivers, "w.toml");
  EXPECT_TRUE(waivers.ok()) << waivers.status().to_string();
  return WaiverSet(waivers.ok() ? *waivers : std::vector<Waiver>{}, support::UtcDate{2026, 6, 1},
                   run_waived);
}

TEST(VersionRange, Bounds) {
  auto range = VersionRange::parse(">=1.0,<2.0");
  ASSERT_TRUE(range.ok());
  EXPECT_TRUE(range->contains("1.0"));
  EXPECT_TRUE(range->contains("1.9.7"));
  EXPECT_FALSE(range->contains("2.0.0"));
  EXPECT_FALSE(range->contains("0.9"));
  EXPECT_TRUE(VersionRange::parse("==1.2")->contains("1.2.0"));
  EXPECT_TRUE(VersionRange::parse("1.2")->contains("1.2"));
  EXPECT_TRUE(VersionRange::parse(">1.2")->contains("1.10"));
  EXPECT_TRUE(VersionRange::parse("<=1.2.3")->contains("1.2.3-rc1"));
  EXPECT_FALSE(VersionRange::parse(">=abc").ok());
  EXPECT_FALSE(range->contains("not a version"));
}

TEST(Waivers, ParseAllFields) {
  auto waivers = parse_waivers(kWaivers, "w.toml");
  ASSERT_TRUE(waivers.ok()) << waivers.status().to_string();
  ASSERT_EQ(waivers->size(), 3u);
  const Waiver& w = (*waivers)[0];
  EXPECT_EQ(w.case_pattern, "softmax.bf16_*");
  EXPECT_EQ(w.device, "Ascend");
  EXPECT_EQ(w.category, "known-bug");
  EXPECT_EQ(w.link, "https://example.com/bug/1");
  ASSERT_TRUE(w.expires.has_value());
  EXPECT_EQ(w.expires->to_string(), "2030-01-01");
  EXPECT_EQ(w.origin, "w.toml:2");
  EXPECT_TRUE(w.matches("softmax.bf16_x", "Ascend 910B", "1.4"));
  EXPECT_FALSE(w.matches("softmax.bf16_x", "A100", "1.4"));
  EXPECT_FALSE(w.matches("softmax.bf16_x", "Ascend 910B", "2.1"));
  EXPECT_FALSE(w.matches("softmax.f32_x", "Ascend 910B", "1.4"));
}

TEST(Waivers, ErrorsNameFileLineColumn) {
  auto bad_category =
      parse_waivers("[[waiver]]\ncase = \"x\"\nreason = \"r\"\ncategory = \"flaky\"\n", "w.toml");
  ASSERT_FALSE(bad_category.ok());
  EXPECT_EQ(bad_category.status().message().rfind("w.toml:4:", 0), 0u)
      << bad_category.status().message();

  auto bad_date = parse_waivers(
      "[[waiver]]\ncase = \"x\"\nreason = \"r\"\ncategory = \"test-bug\"\nexpires = "
      "\"2027-01-01\"\n",
      "w.toml");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().message().rfind("w.toml:5:", 0), 0u) << bad_date.status().message();

  auto syntax = parse_waivers("[[waiver]]\ncase = \n", "w.toml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().message().rfind("w.toml:2:", 0), 0u) << syntax.status().message();

  auto unknown = parse_waivers(
      "[[waiver]]\ncase = \"x\"\nreason = \"r\"\ncategory = \"test-bug\"\nowner = \"me\"\n",
      "w.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown waiver field 'owner'"), std::string::npos);

  auto missing = parse_waivers("[[waiver]]\ncase = \"x\"\ncategory = \"test-bug\"\n", "w.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("reason"), std::string::npos);
}

TEST(Waivers, WaivedXPassExpired) {
  WaiverSet set = sample_set(/*run_waived=*/false);

  CaseResult failing = result("softmax.bf16_a", CaseStatus::kFail);
  auto decision = set.apply(failing, "Ascend 910B", "1.2.0");
  EXPECT_EQ(failing.status, CaseStatus::kWaived);
  ASSERT_NE(decision.waiver, nullptr);
  EXPECT_NE(failing.message.find("max ulp 12 > 3"), std::string::npos);

  CaseResult crashing = result("matmul.f32_a", CaseStatus::kCrash);
  set.apply(crashing, "CPU", "0.1");
  EXPECT_EQ(crashing.status, CaseStatus::kWaived);

  CaseResult passing = result("matmul.f32_b", CaseStatus::kPass);
  set.apply(passing, "CPU", "0.1");
  EXPECT_EQ(passing.status, CaseStatus::kXPass);

  CaseResult expired = result("exp.f32_a", CaseStatus::kFail);
  decision = set.apply(expired, "CPU", "0.1");
  EXPECT_EQ(expired.status, CaseStatus::kFail);
  EXPECT_EQ(decision.waiver, nullptr);
  ASSERT_NE(decision.expired, nullptr);

  CaseResult other = result("add.f32", CaseStatus::kFail);
  set.apply(other, "CPU", "0.1");
  EXPECT_EQ(other.status, CaseStatus::kFail);

  const nlohmann::json used = set.used_json();
  ASSERT_EQ(used.size(), 3u);
  EXPECT_EQ(used[0]["pattern"], "softmax.bf16_*");
  EXPECT_EQ(used[0]["cases"], nlohmann::json::array({"softmax.bf16_a"}));
  EXPECT_EQ(used[1]["expired"], true);
  EXPECT_EQ(used[2]["cases"].size(), 2u);
}

TEST(Waivers, RunWaivedReportsTrueStatus) {
  WaiverSet set = sample_set(/*run_waived=*/true);
  CaseResult failing = result("matmul.f32_a", CaseStatus::kFail);
  EXPECT_NE(set.apply(failing, "CPU", "0.1").waiver, nullptr);
  EXPECT_EQ(failing.status, CaseStatus::kFail);
}

}  // namespace
}  // namespace hwcert::runner
