// Judging an emulated device result with the shipped tolerance rules, as execute_case does:
// the oracle's reference, the rule for (op, output dtype, math mode), the comparator. Tests of
// the tolerance model compute outputs the way a device would (another summation order, inputs
// rounded to a narrower format, a shortcut) and ask whether the suite passes or fails them.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/conformance/comparator.hpp"
#include "hwcert/conformance/oracle.hpp"

namespace hwcert::conformance::testing {

using Images = std::vector<std::vector<std::byte>>;

// Element `flat` (row-major, dense) of input `tensor`, decoded to double.
inline double input_value(const OpCall& call, const Images& images, std::size_t tensor,
                          int64_t flat) {
  const DType dtype = call.inputs()[tensor].dtype;
  const auto offset = static_cast<std::size_t>(flat) * dtype_size(dtype);
  return decode_value(dtype, load_element_bits(images[tensor], offset, dtype));
}

// Every input of a dense call decoded, tensor by tensor.
inline std::vector<std::vector<double>> input_values(const OpCall& call, const Images& images) {
  std::vector<std::vector<double>> out(call.inputs().size());
  for (std::size_t t = 0; t < out.size(); ++t) {
    const int64_t n = call.inputs()[t].element_count().value_or(0);
    for (int64_t i = 0; i < n; ++i) out[t].push_back(input_value(call, images, t, i));
  }
  return out;
}

// `computed` (row-major values, rounded once to the output dtype here) judged by the shipped
// rule for the call, in `tier`.
inline Comparison judge_values(const OpCall& call, const Images& images,
                               const std::vector<double>& computed,
                               InputTier tier = InputTier::kStatistical) {
  const std::vector<std::span<const std::byte>> spans(images.begin(), images.end());
  auto oracle = Oracle::create(call, spans);
  EXPECT_TRUE(oracle.ok()) << oracle.status().to_string();
  if (!oracle.ok()) return {};
  const DType out = call.outputs()[0].dtype;
  const ToleranceTable& table = ToleranceTable::builtin();
  const ToleranceRule* rule =
      table.find(call.op_name(), out, std::string(catalogue::math_mode_name(call)));
  EXPECT_NE(rule, nullptr) << call.op_name();
  if (rule == nullptr) return {};
  ToleranceContext ctx;
  ctx.output = out;
  ctx.accumulation = oracle->accumulation_dtype();
  ctx.accumulation_length = oracle->accumulation_length();
  ctx.mode = oracle->math_mode();
  Comparator comparator(*rule, ctx, tier,
                        rule->max_zero_fraction.value_or(table.default_max_zero_fraction()));
  EXPECT_EQ(static_cast<int64_t>(computed.size()), oracle->output_elements());
  for (int64_t i = 0; i < oracle->output_elements(); ++i) {
    const Reference want = oracle->at_flat(i);
    comparator.check(i, want.bits, want.magnitude,
                     encode_value(out, computed[static_cast<std::size_t>(i)]), want.spread);
  }
  return comparator.finish(call.outputs()[0].shape);
}

inline CaseStatus judge_status(const OpCall& call, const Images& images,
                               const std::vector<double>& computed,
                               InputTier tier = InputTier::kStatistical) {
  return judge_values(call, images, computed, tier).status;
}

}  // namespace hwcert::conformance::testing
