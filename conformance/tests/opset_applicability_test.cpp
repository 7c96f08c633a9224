// A plugin that reports opset 1 keeps certifying at opset 1: the cases of opset-2 ops are
// reported as not applicable (unsupported, with the reason), never as failures. The
// reference plugin set to opset 1 (HWCERT_REFERENCE_OPSET) stands in for an older plugin.
#include <gtest/gtest.h>

#include <cstdlib>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/conformance/execute_case.hpp"
#include "hwcert/conformance/suite.hpp"
#include "reference_device.hpp"

namespace hwcert::conformance {
namespace {

class OpsetOnePlugin : public testing::ReferenceDevice {
 protected:
  void SetUp() override {
    ::setenv("HWCERT_REFERENCE_OPSET", "1", 1);  // this test binary only (its own process)
    ReferenceDevice::SetUp();
  }
};

TEST_F(OpsetOnePlugin, CoreCasesOfOpset2AreNotApplicableAndOpset1CasesStillPass) {
  auto opset = plugin_->info_u32(HWC_PLUGIN_INFO_OPSET);
  ASSERT_TRUE(opset.ok());
  ASSERT_EQ(*opset, 1u);
  auto suite = load_suite(std::filesystem::path(HWCERT_TEST_SUITES_DIR) / "core.toml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  int opset2 = 0, opset1 = 0;
  for (const Case& c : suite->cases) {
    const std::string& op = c.call.op_name();
    if (catalogue::op_opset(op) == 2) {
      const CaseResult r = execute_case(*device_, c, options_);
      EXPECT_EQ(r.status, CaseStatus::kUnsupported) << r.case_id << ": " << r.message;
      EXPECT_EQ(r.message, "op " + op + " is opset 2; plugin implements opset 1") << r.case_id;
      ++opset2;
    } else if (op == "copy" && opset1 < 8) {  // a sample: opset-1 ops run as before
      const CaseResult r = execute_case(*device_, c, options_);
      EXPECT_EQ(r.status, CaseStatus::kPass) << r.case_id << ": " << r.message;
      ++opset1;
    }
  }
  EXPECT_GT(opset2, 0);
  EXPECT_EQ(opset1, 8);
}

TEST_F(OpsetOnePlugin, PluginRefusesOpset2OpsItWasToldNotToRun) {
  const OpCall slice("slice", {TensorSpec::dense(DType::kF32, {4})},
                     {TensorSpec::dense(DType::kF32, {2})},
                     {{"starts", AttributeValue{std::vector<int64_t>{0}}},
                      {"ends", AttributeValue{std::vector<int64_t>{2}}}},
                     2);
  auto support = device_->op_support(slice);
  ASSERT_TRUE(support.ok()) << support.status().to_string();
  EXPECT_FALSE(support->supported);
  EXPECT_EQ(support->reason,
            "op slice is opset 2; this plugin is set to opset 1 (HWCERT_REFERENCE_OPSET)");
}

}  // namespace
}  // namespace hwcert::conformance
