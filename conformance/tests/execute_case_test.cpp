// execute_case end to end through the reference plugin (built in this tree).
#include "hwcert/conformance/execute_case.hpp"

#include <gtest/gtest.h>

#include "hwcert/conformance/suite.hpp"
#include "reference_device.hpp"

namespace hwcert::conformance {
namespace {

using ExecuteCase = testing::ReferenceDevice;

TEST_F(ExecuteCase, SmokeSuitePassesOrIsDeclaredUnsupported) {
  auto suite = load_suite(std::filesystem::path(HWCERT_TEST_SUITES_DIR) / "smoke.toml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  int passed = 0;
  for (const Case& c : suite->cases) {
    const CaseResult r = execute_case(*device_, c, options_);
    EXPECT_TRUE(r.status == CaseStatus::kPass || r.status == CaseStatus::kUnsupported)
        << r.case_id << ": " << to_string(r.status) << ": " << r.message << " [" << r.tolerance
        << "]\n  " << r.reproducer;
    if (r.status == CaseStatus::kPass) {
      ++passed;
      EXPECT_EQ(r.checked_elements, r.total_elements) << r.case_id;
      EXPECT_FALSE(r.tolerance.empty());
    }
    EXPECT_NE(r.reproducer.find("hwcert run-op --plugin reference --device 0 --op "),
              std::string::npos);
  }
  EXPECT_GT(passed, 10);
}

TEST_F(ExecuteCase, InvalidCaseIsAnErrorNamingTheRule) {
  Case c;
  c.id = "matmul.bad";
  c.call = OpCall("matmul",
                  {TensorSpec::dense(DType::kF32, {2, 3}), TensorSpec::dense(DType::kF32, {4, 5})},
                  {TensorSpec::dense(DType::kF32, {2, 5})});
  const CaseResult r = execute_case(*device_, c, options_);
  EXPECT_EQ(r.status, CaseStatus::kError);
  EXPECT_NE(r.message.find("inner dimensions differ"), std::string::npos) << r.message;
}

TEST_F(ExecuteCase, SamplesLargeOutputs) {
  Case c;
  c.id = "copy.sampled";
  c.call = OpCall("copy", {TensorSpec::dense(DType::kF32, {4096})},
                  {TensorSpec::dense(DType::kF32, {4096})});
  c.sample_elements = 100;
  c.seed = 3;
  c.check_determinism = true;
  const CaseResult r = execute_case(*device_, c, options_);
  ASSERT_EQ(r.status, CaseStatus::kPass) << r.message;
  EXPECT_TRUE(r.sampled);
  EXPECT_EQ(r.total_elements, 4096u);
  EXPECT_LE(r.checked_elements, 102u);
  EXPECT_GE(r.checked_elements, 90u);
}

// The out_of_range tier: the reference plugin reports OUT_OF_RANGE for indices outside
// [0, extent), which passes the case; the same gather with indices in range passes as well,
// and a tier that has nothing to put out of range is an invalid case. (A plugin that clamps
// instead fails: gather_clamps_indices in the mutation harness, plugins/reference/mutants.)
TEST_F(ExecuteCase, OutOfRangeTierPassesOnlyOnTheOutOfRangeStatus) {
  Case c;
  c.id = "gather.out_of_range";
  c.call = OpCall("gather",
                  {TensorSpec::dense(DType::kF32, {5, 4}), TensorSpec::dense(DType::kI64, {3})},
                  {TensorSpec::dense(DType::kF32, {3, 4})});
  c.tier = InputTier::kOutOfRange;
  c.seed = 5;
  const CaseResult r = execute_case(*device_, c, options_);
  EXPECT_EQ(r.status, CaseStatus::kPass) << r.message;
  EXPECT_NE(r.message.find("OUT_OF_RANGE"), std::string::npos) << r.message;
  EXPECT_NE(r.reproducer.find("--tier out_of_range"), std::string::npos) << r.reproducer;

  c.tier = InputTier::kStatistical;
  EXPECT_EQ(execute_case(*device_, c, options_).status, CaseStatus::kPass);

  Case copy;
  copy.id = "copy.out_of_range";
  copy.call =
      OpCall("copy", {TensorSpec::dense(DType::kF32, {4})}, {TensorSpec::dense(DType::kF32, {4})});
  copy.tier = InputTier::kOutOfRange;
  const CaseResult invalid = execute_case(*device_, copy, options_);
  EXPECT_EQ(invalid.status, CaseStatus::kError);
  EXPECT_NE(invalid.message.find("index inputs"), std::string::npos) << invalid.message;
}

}  // namespace
}  // namespace hwcert::conformance
