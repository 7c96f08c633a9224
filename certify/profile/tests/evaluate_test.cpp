// Certification verdicts from a profile and results.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "hwcert/profile/evaluate.hpp"
#include "hwcert/profile/load_profile.hpp"
#include "toy_profile.hpp"

namespace hwcert::profile {
namespace {

using results::CaseResult;
using results::CaseStatus;
using results::PerfRecord;

// The toy profile with two chips per card, f16 matmuls expected beside strict ones, only add
// on core (matmul f32 and f16 on full), and an advisory copy floor on core.
std::string evaluated_profile() {
  std::string text = kToyProfile;
  const std::pair<std::string, std::string> edits[] = {
      {"device_class = \"gpu\"\n", "device_class = \"gpu\"\nchips_per_card = 2\n"},
      {"matmul = [\"strict\"]", "matmul = [\"strict\", \"f16\"]"},
      {"ops = [\"add\", \"matmul\"]", "ops = [\"add\"]"},
      {"dtypes = [\"f16\"]", "dtypes = [\"f32\", \"f16\"]"}};
  for (const auto& [from, to] : edits) text.replace(text.find(from), from.size(), to);
  return text +
         "[[floors]]\nop = \"copy\"\ndtype = \"f32\"\nbasis = \"peak\"\nmin_fraction = 0.5\n"
         "level = \"core\"\nadvisory = true\n";
}

TargetProfile toy() {
  auto r = parse_profile(evaluated_profile(), "toy.toml", "toy");
  EXPECT_TRUE(r.ok()) << r.error_text();
  return *r.profile;
}

CaseResult rec(std::string op, std::string dtypes, CaseStatus s, std::string mode = "strict") {
  CaseResult r;
  r.case_id = op + "." + dtypes + "." + mode;
  r.op = std::move(op);
  r.dtypes = std::move(dtypes);
  r.math_mode = std::move(mode);
  r.status = s;
  return r;
}

PerfRecord perf(std::string op, std::string dtype, double tflops, double gbps) {
  PerfRecord p;
  p.case_id = op + "." + dtype + ".big";
  p.op = std::move(op);
  p.dtype = std::move(dtype);
  p.tflops = tflops;
  p.gbps = gbps;
  p.flops = tflops > 0 ? 1 : 0;
  return p;
}

const results::LevelResult& level(const results::BundleSummary& s, const std::string& name) {
  for (const auto& l : s.levels) {
    if (l.level == name) return l;
  }
  throw std::runtime_error("no level " + name);
}

TEST(Evaluate, CertifiesLevelsWhoseRequirementsPass) {
  const std::vector<CaseResult> results = {
      rec("add", "f32", CaseStatus::kPass), rec("add", "f32", CaseStatus::kXPass),
      rec("matmul", "f32", CaseStatus::kPass), rec("matmul", "f32", CaseStatus::kPass, "f16"),
      rec("matmul", "f16", CaseStatus::kPass)};
  const std::vector<PerfRecord> perf_results = {perf("matmul", "f16", 6.0, 0),
                                                perf("copy", "f32", 0, 30.0)};
  auto s = evaluate(toy(), results, perf_results, {"2026-01-01T00:00:00Z", false});
  EXPECT_EQ(s.target, "toy");
  EXPECT_EQ(level(s, "core").status, "certified");
  const auto& full = level(s, "full");
  EXPECT_EQ(full.status, "certified") << (full.failing.empty() ? "" : full.failing[0]);
  ASSERT_EQ(full.floors.size(), 2u);  // its own floor and core's (advisory, missed)
  EXPECT_TRUE(full.floors[0].met);
  EXPECT_NEAR(*full.floors[0].achieved, 0.6, 1e-12);
  EXPECT_FALSE(full.floors[1].met);
  EXPECT_TRUE(full.floors[1].advisory);
  EXPECT_EQ(s.counts.at("pass"), 4);
  EXPECT_EQ(s.math_modes_used, std::vector<std::string>{"matmul f16"});
}

TEST(Evaluate, FailuresMissingResultsModesAndFloorsBlock) {
  const std::vector<CaseResult> results = {rec("add", "f32", CaseStatus::kPass),
                                           rec("add", "f32", CaseStatus::kWaived),
                                           rec("matmul", "f32", CaseStatus::kPass),
                                           rec("matmul", "f32", CaseStatus::kUnsupported, "f16")};
  auto s = evaluate(toy(), results, {perf("matmul", "f16", 4.0, 0)}, {});
  const auto& core = level(s, "core");
  EXPECT_EQ(core.status, "not_certified");
  EXPECT_EQ(core.failing, std::vector<std::string>{"add f32: 1 of 2 cases did not pass"});
  const auto& full = level(s, "full");
  EXPECT_EQ(full.missing, std::vector<std::string>{"matmul f16"});
  EXPECT_EQ(full.math_mode_gaps, std::vector<std::string>{"matmul f16"});
  EXPECT_FALSE(full.floors[0].met);
  EXPECT_NEAR(*full.floors[0].achieved, 0.4, 1e-12);
}

TEST(Evaluate, AWrongResultInATimedLaunchFailsEveryLevel) {
  const std::vector<CaseResult> results = {
      rec("add", "f32", CaseStatus::kPass), rec("matmul", "f32", CaseStatus::kPass),
      rec("matmul", "f32", CaseStatus::kPass, "f16"), rec("matmul", "f16", CaseStatus::kPass)};
  PerfRecord checked = perf("matmul", "f16", 6.0, 0);
  checked.output_check = "pass";
  PerfRecord wrong = perf("copy", "f32", 0, 30.0);
  wrong.output_check = "fail";
  wrong.output_check_note = "3 of 256 elements out of tolerance";
  auto s = evaluate(toy(), results, {checked, wrong}, {});
  for (const char* name : {"core", "full"}) {
    EXPECT_EQ(level(s, name).status, "not_certified") << name;
    EXPECT_EQ(level(s, name).failing,
              std::vector<std::string>{"perf copy.f32.big: wrong result in a timed launch: 3 of "
                                       "256 elements out of tolerance"});
  }
  checked.output_check = "unjudged";  // not judged (e.g. no oracle for it): no verdict from it
  s = evaluate(toy(), results, {checked}, {});
  EXPECT_EQ(level(s, "core").status, "certified");
}

TEST(Evaluate, PerChipFloorsUseHalfTheCardPeak) {
  const std::vector<PerfRecord> p = {perf("matmul", "f16", 3.0, 0)};
  auto card = evaluate(toy(), {}, p, {"", false});
  auto chip = evaluate(toy(), {}, p, {"", true});
  EXPECT_FALSE(level(card, "full").floors[0].met);  // 3 of 10
  EXPECT_TRUE(level(chip, "full").floors[0].met);   // 3 of 5
}

TEST(Evaluate, UnmeasuredFloorIsNotMet) {
  auto s = evaluate(toy(), {}, {}, {});
  EXPECT_FALSE(level(s, "full").floors[0].achieved);
  EXPECT_FALSE(level(s, "full").floors[0].met);
  PerfRecord skipped = perf("matmul", "f16", 9.0, 0);
  skipped.status = "skipped";  // a case without a measurement never meets a floor
  auto t = evaluate(toy(), {}, {skipped}, {});
  EXPECT_FALSE(level(t, "full").floors[0].met);
}

// perfsuite's records carry no math_mode; its ids do ("matmul_tf32/f32/..."). A floor that
// names its cases selects by id; one that does not must not take a tf32 case for strict f32.
TEST(Evaluate, NamedCasesSelectByIdOtherwiseByMathMode) {
  auto text = evaluated_profile();
  text.replace(text.find("[[peaks]]"), 9,
               "[[peaks]]\ndtype = \"f32\"\nmath_mode = \"tf32\"\ntflops = 20.0\nsource = \"ds\"\n"
               "[[peaks]]");
  text +=
      "[[floors]]\nop = \"matmul\"\ndtype = \"f32\"\nmath_mode = \"tf32\"\n"
      "case = \"matmul_tf32/f32/*\"\nbasis = \"peak\"\nmin_fraction = 0.5\n";
  auto loaded = parse_profile(text, "toy.toml", "toy");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  PerfRecord tf32 = perf("matmul", "f32", 12.0, 0);
  tf32.case_id = "matmul_tf32/f32/m8192_n8192_k8192";  // math_mode field left "strict"
  PerfRecord strict = perf("matmul", "f32", 3.0, 0);
  strict.case_id = "matmul/f32/m8192_n8192_k8192";
  auto s = evaluate(*loaded.profile, {}, {tf32, strict}, {});
  const auto& floors = level(s, "full").floors;
  ASSERT_EQ(floors.size(), 3u);
  EXPECT_EQ(floors[2].case_id, "matmul_tf32/f32/m8192_n8192_k8192");
  EXPECT_NEAR(*floors[2].achieved, 0.6, 1e-12);
  EXPECT_TRUE(floors[2].met);
}

}  // namespace
}  // namespace hwcert::profile
