#include "hwcert/conformance/output_check.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/oracle.hpp"

namespace hwcert::conformance {

Expected<OutputCheck> check_dense_output(const OpCall& call,
                                         std::vector<std::span<const std::byte>> inputs,
                                         std::size_t output_index,
                                         std::span<const std::byte> output,
                                         const OutputCheckOptions& options) {
  const TensorSpec& spec = call.outputs().at(output_index);
  const ToleranceTable& table =
      options.tolerances != nullptr ? *options.tolerances : ToleranceTable::builtin();
  const std::string mode = catalogue::math_mode_name(call);
  const ToleranceRule* rule = table.find(call.op_name(), spec.dtype, mode);
  if (rule == nullptr) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("no tolerance rule for {} ({})", call.op_name(), mode));
  }
  auto oracle = Oracle::create(call, std::move(inputs), output_index);
  if (!oracle) return Status(oracle.status().code(), "oracle: " + oracle.status().message());
  const int64_t total = oracle->output_elements();
  const uint64_t element_bytes = dtype_size(spec.dtype);
  if (output.size() < static_cast<uint64_t>(total) * element_bytes) {
    return Status(
        StatusCode::kInvalidArgument,
        fmt::format("output image of {} bytes, {} elements expected", output.size(), total));
  }
  ToleranceContext ctx;
  ctx.output = spec.dtype;
  ctx.accumulation = oracle->accumulation_dtype();
  ctx.accumulation_length = oracle->accumulation_length();
  ctx.mode = oracle->math_mode();
  const double zero_limit = rule->max_zero_fraction.value_or(table.default_max_zero_fraction());
  Comparator comparator(*rule, ctx, options.tier, zero_limit);
  OutputCheck result;
  // Evenly spread: every step-th element and the last one.
  const auto wanted = static_cast<int64_t>(std::max<uint64_t>(1, options.max_elements));
  const int64_t step = std::max<int64_t>(1, total / wanted);
  const auto check = [&](int64_t e) {
    const Reference ref = oracle->at_flat(e);
    const uint64_t actual =
        load_element_bits(output, static_cast<std::size_t>(e) * element_bytes, spec.dtype);
    if (is_nan_bits(spec.dtype, actual) && !is_nan_bits(spec.dtype, ref.bits)) {
      ++result.nan_elements;
    }
    comparator.check(e, ref.bits, ref.magnitude, actual, ref.spread);
  };
  int64_t last = -1;
  for (int64_t e = 0; e < total; e += step) check(last = e);
  if (total > 0 && last != total - 1) check(total - 1);
  result.comparison = comparator.finish(spec.shape);
  return result;
}

}  // namespace hwcert::conformance
