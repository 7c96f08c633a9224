// One special value per row in the range tier: rows get at most one NaN/+Inf/-Inf, some rows
// none; NaN/Inf propagation is judged element by element, so a correct implementation (any
// order) passes while one that drops NaNs (fmax), skips non-finite terms (nansum), sanitises
// its inputs (nan_to_num) or saturates its accumulator fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "hwcert/conformance/input_generator.hpp"
#include "judge_support.hpp"

namespace hwcert::conformance {
namespace {

using Rows = std::vector<std::vector<double>>;
constexpr int64_t kRows = 16, kCols = 24;

OpCall row_call(const std::string& op, std::vector<Attribute> attrs = {}) {
  const TensorSpec x = TensorSpec::dense(DType::kF32, {kRows, kCols});
  const TensorSpec out = op.rfind("reduce", 0) == 0 ? TensorSpec::dense(DType::kF32, {kRows}) : x;
  return OpCall(op, {x}, {out}, std::move(attrs));
}

Rows rows_of(const OpCall& call, const testing::Images& images) {
  const auto v = testing::input_values(call, images)[0];
  Rows rows;
  for (int64_t r = 0; r < kRows; ++r)
    rows.emplace_back(v.begin() + r * kCols, v.begin() + (r + 1) * kCols);
  return rows;
}

// The output of applying `f` to every row (reductions give one value, softmax a row).
CaseStatus judge_rows(const std::string& op, uint64_t seed,
                      const std::function<std::vector<double>(std::vector<float>)>& f) {
  const OpCall call =
      op.rfind("reduce", 0) == 0 ? row_call(op, {{"axes", std::vector<int64_t>{1}}}) : row_call(op);
  const auto images = generate_inputs(call, InputTier::kRange, seed);
  std::vector<double> out;
  for (const auto& row : rows_of(call, images)) {
    for (double y : f(std::vector<float>(row.begin(), row.end()))) out.push_back(y);
  }
  return testing::judge_status(call, images, out, InputTier::kRange);
}

std::vector<double> max_propagating(std::vector<float> x) {
  float m = -std::numeric_limits<float>::infinity();
  for (float v : x)
    m = std::isnan(v) || std::isnan(m) ? std::numeric_limits<float>::quiet_NaN() : std::max(m, v);
  return {m};
}
std::vector<double> max_reversed(std::vector<float> x) {
  std::reverse(x.begin(), x.end());
  return max_propagating(x);
}
std::vector<double> max_dropping_nan(std::vector<float> x) {
  float m = -std::numeric_limits<float>::infinity();
  for (float v : x) m = std::fmax(m, v);
  return {m};
}
std::vector<double> sum_serial(std::vector<float> x) {
  float s = 0;
  for (float v : x) s += v;
  return {s};
}
std::vector<double> sum_pairwise(std::vector<float> x) {
  while (x.size() > 1) {
    std::vector<float> next;
    for (std::size_t i = 0; i < x.size(); i += 2)
      next.push_back(i + 1 < x.size() ? x[i] + x[i + 1] : x[i]);
    x = next;
  }
  return {x.empty() ? 0.0 : x[0]};
}
std::vector<double> sum_skipping_specials(std::vector<float> x) {
  float s = 0;
  for (float v : x) s += std::isfinite(v) ? v : 0.0f;
  return {s};
}
std::vector<double> softmax(std::vector<float> x) {
  const float m = max_propagating(x)[0];
  float sum = 0;
  for (float& v : x) sum += (v = std::exp(v - m));
  std::vector<double> y;
  for (float v : x) y.push_back(v / sum);
  return y;
}
std::vector<double> softmax_of_sanitised(std::vector<float> x) {
  for (float& v : x) {
    if (std::isnan(v)) v = 0;
    v = std::clamp(v, -std::numeric_limits<float>::max(), std::numeric_limits<float>::max());
  }
  return softmax(x);
}

TEST(RangeSpecials, OneSpecialInSomeRows) {
  const OpCall call = row_call("softmax");
  int with = 0, without = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    for (const auto& row : rows_of(call, generate_inputs(call, InputTier::kRange, seed))) {
      const auto specials =
          std::count_if(row.begin(), row.end(), [](double v) { return !std::isfinite(v); });
      EXPECT_LE(specials, 1);
      (specials == 1 ? with : without) += 1;
    }
  }
  EXPECT_GT(with, 4);
  EXPECT_GT(without, with);
}

TEST(RangeSpecials, PropagationIsJudgedElementByElement) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    EXPECT_EQ(judge_rows("reduce_max", seed, max_propagating), CaseStatus::kPass);
    EXPECT_EQ(judge_rows("reduce_max", seed, max_reversed), CaseStatus::kPass);
    EXPECT_EQ(judge_rows("reduce_max", seed, max_dropping_nan), CaseStatus::kFail);
    EXPECT_EQ(judge_rows("reduce_sum", seed, sum_serial), CaseStatus::kPass);
    EXPECT_EQ(judge_rows("reduce_sum", seed, sum_pairwise), CaseStatus::kPass);
    EXPECT_EQ(judge_rows("reduce_sum", seed, sum_skipping_specials), CaseStatus::kFail);
    EXPECT_EQ(judge_rows("softmax", seed, softmax), CaseStatus::kPass);
    EXPECT_EQ(judge_rows("softmax", seed, softmax_of_sanitised), CaseStatus::kFail);
  }
}

}  // namespace
}  // namespace hwcert::conformance
