// Plans by descriptor (plan_cache.hpp): repeated queries and launches of one descriptor plan
// it once; any change a plan depends on plans again; a malformed descriptor is reported
// every time. Host code: plan_op needs no device.
#include <gtest/gtest.h>

#include <hwcert/plugin_testing/op_desc.hpp>

#include <string>

#include "error.hpp"
#include "plan_cache.hpp"

namespace hwcert::cuda {
namespace {

using plugin_testing::float_attr;
using plugin_testing::OpCall;
using plugin_testing::string_attr;
using plugin_testing::tensor;

using plugin_testing::kF32;

/// A cache over plan_op that counts its planning calls.
struct CountingCache {
  int calls = 0;
  PlanCache cache{[this](const HWC_OpDesc* op) {
    ++calls;
    return plan_op(op);
  }};
};

TEST(PlanCache, RepeatedUseOfOneDescriptorPlansOnce) {
  CountingCache counting;
  // A fresh descriptor object per launch, as a host builds one, with the same contents.
  for (int launch = 0; launch < 10; ++launch) {
    const OpCall matmul("matmul", {tensor(kF32, {64, 32}), tensor(kF32, {32, 16})},
                        {tensor(kF32, {64, 16})}, {string_attr("math_mode", "tf32")});
    const auto plan = counting.cache.plan(matmul.desc());
    ASSERT_TRUE(plan->launch);
    EXPECT_EQ(counting.cache.plan(matmul.desc()), plan);  // support, workspace, launch
  }
  EXPECT_EQ(counting.calls, 1);
}

TEST(PlanCache, EveryFieldAPlanDependsOnIsInTheKey) {
  CountingCache counting;
  const auto plan_of = [&](const OpCall& call) { return counting.cache.plan(call.desc()); };
  const OpCall base("matmul", {tensor(kF32, {8, 4}), tensor(kF32, {4, 2})}, {tensor(kF32, {8, 2})},
                    {float_attr("alpha", 1.0)});
  const OpCall shape("matmul", {tensor(kF32, {8, 4}), tensor(kF32, {4, 3})}, {tensor(kF32, {8, 3})},
                     {float_attr("alpha", 1.0)});
  const OpCall strides("matmul", {tensor(kF32, {8, 4}, {1, 8}), tensor(kF32, {4, 2})},
                       {tensor(kF32, {8, 2})}, {float_attr("alpha", 1.0)});
  const OpCall offset("matmul", {tensor(kF32, {8, 4}, {}, 16), tensor(kF32, {4, 2})},
                      {tensor(kF32, {8, 2})}, {float_attr("alpha", 1.0)});
  const OpCall dtype("matmul", {tensor(HWC_DTYPE_F64, {8, 4}), tensor(HWC_DTYPE_F64, {4, 2})},
                     {tensor(HWC_DTYPE_F64, {8, 2})}, {float_attr("alpha", 1.0)});
  const OpCall attribute("matmul", {tensor(kF32, {8, 4}), tensor(kF32, {4, 2})},
                         {tensor(kF32, {8, 2})}, {float_attr("alpha", 2.0)});
  const auto first = plan_of(base);
  for (const OpCall* other : {&shape, &strides, &offset, &dtype, &attribute})
    EXPECT_NE(plan_of(*other), first);
  EXPECT_EQ(counting.calls, 6);
  EXPECT_EQ(plan_of(base), first);
  EXPECT_EQ(counting.calls, 6);
}

TEST(PlanCache, MalformedAndRefusedDescriptorsAreReportedEveryTime) {
  CountingCache counting;
  OpCall broken("matmul", {tensor(kF32, {8, 4}), tensor(kF32, {4, 2})}, {tensor(kF32, {8, 2})});
  broken.mutable_desc().inputs = nullptr;
  const OpCall mismatched("matmul", {tensor(kF32, {8, 4}), tensor(kF32, {5, 2})},
                          {tensor(kF32, {8, 2})});
  for (int i = 0; i < 2; ++i) {
    EXPECT_THROW(counting.cache.plan(broken.desc()), Failure);
    EXPECT_THROW(counting.cache.plan(mismatched.desc()), Failure);
  }
  EXPECT_EQ(counting.calls, 4);
}

TEST(DeviceMemo, MakesOneValuePerDevice) {
  DeviceMemo<int> memo;
  int made = 0;
  const auto make = [&] { return ++made * 10; };
  EXPECT_EQ(memo.get(0, make), 10);
  EXPECT_EQ(memo.get(0, make), 10);
  EXPECT_EQ(memo.get(1, make), 20);
  EXPECT_EQ(memo.get(1, make), 20);
  EXPECT_EQ(made, 2);
}

}  // namespace
}  // namespace hwcert::cuda
