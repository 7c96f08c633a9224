// The reproducer line round-trips through its parser.
#include "hwcert/conformance/reproducer.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace hwcert::conformance {
namespace {

// Splits a line as a shell would (the quotes hold no spaces in these tests).
std::vector<std::string> shell_words(const std::string& line) {
  std::vector<std::string> args;
  std::istringstream words(line);
  for (std::string w; words >> w;) {
    if (w.size() >= 2 && w.front() == '\'') w = w.substr(1, w.size() - 2);
    args.push_back(w);
  }
  return args;
}

TEST(Reproducer, FormatsAndParsesBack) {
  Case c;
  c.id = "matmul.x";
  TensorSpec a = TensorSpec::dense(DType::kF32, {4, 3});
  a.strides = {1, 4};
  a.byte_offset = 64;
  c.call =
      OpCall("matmul", {a, TensorSpec::dense(DType::kF32, {3, 2})},
             {TensorSpec::dense(DType::kF32, {4, 2})},
             {{"alpha", 1.0}, {"transpose_b", int64_t{0}}, {"math_mode", std::string("tf32")}});
  c.tier = InputTier::kExact;
  c.seed = 42;
  c.check_determinism = true;
  const std::string line = reproducer(c, "reference", 1);
  EXPECT_EQ(line,
            "hwcert run-op --plugin reference --device 1 --op matmul --in 'f32[4,3]{1,4}@64' "
            "--in 'f32[3,2]' --out 'f32[4,2]' --attr alpha=1.0 --attr transpose_b=0 "
            "--attr math_mode=tf32 --tier exact --seed 42 --determinism");
  auto parsed = parse_case_arguments(shell_words(case_spec_arguments(c)));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->call.inputs()[0].strides, a.strides);
  EXPECT_EQ(parsed->call.inputs()[0].byte_offset, 64u);
  EXPECT_EQ(parsed->seed, 42u);
  EXPECT_EQ(parsed->tier, InputTier::kExact);
  EXPECT_TRUE(parsed->check_determinism);
  ASSERT_EQ(parsed->call.attributes().size(), 3u);
  EXPECT_EQ(std::get<double>(parsed->call.attributes()[0].value), 1.0);
  EXPECT_EQ(case_spec_arguments(*parsed), case_spec_arguments(c));
}

TEST(Reproducer, SeedsTakeTheWholeUint64Range) {
  for (uint64_t seed :
       {uint64_t{0}, (uint64_t{1} << 63) - 1, uint64_t{1} << 63, uint64_t{0xFFFFFFFFFFFFFFFF}}) {
    Case c;
    c.call = OpCall("exp", {TensorSpec::dense(DType::kF32, {3})},
                    {TensorSpec::dense(DType::kF32, {3})}, {});
    c.seed = seed;
    c.sample_elements = seed;
    auto parsed = parse_case_arguments(shell_words(case_spec_arguments(c)));
    ASSERT_TRUE(parsed.ok()) << seed << ": " << parsed.status().message();
    EXPECT_EQ(parsed->seed, seed);
    EXPECT_EQ(parsed->sample_elements, seed);
  }
  // Beyond 2^64 - 1, signs and other text are refused.
  for (const char* bad : {"18446744073709551616", "-1", "+1", "1e3", "0x10", ""}) {
    const std::vector<std::string> args{"--op", "exp", "--seed", bad};
    EXPECT_FALSE(parse_case_arguments(args).ok()) << bad;
  }
}

TEST(Reproducer, RejectsBadTokens) {
  EXPECT_FALSE(parse_tensor("f32(2,3)").ok());
  EXPECT_FALSE(parse_tensor("q7[2]").ok());
  EXPECT_FALSE(parse_attribute("=3").ok());
  const std::vector<std::string> unknown{"--op", "exp", "--bogus", "1"};
  EXPECT_FALSE(parse_case_arguments(unknown).ok());
}

}  // namespace
}  // namespace hwcert::conformance
