#include "hwcert/conformance/comparator.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "hwcert/conformance/tensor_view.hpp"

namespace hwcert::conformance {
namespace {

constexpr std::size_t kFailuresKept = 3;

std::string value_text(DType dtype, uint64_t bits) {
  if (!is_floating(dtype)) return fmt::format("{}", decode_integer(dtype, bits));
  const double v = decode_value(dtype, bits);
  if (std::isnan(v)) {
    return fmt::format("{}NaN (0x{:0{}x})", std::signbit(v) ? "-" : "", bits,
                       2 * dtype_size(dtype));
  }
  return fmt::format("{:.9g}", v);
}

std::string index_text(int64_t flat, std::span<const int64_t> shape) {
  std::vector<int64_t> index;
  unravel_index(flat, shape, index);
  return fmt::format("{} [{}]", flat, fmt::join(index, ", "));
}

}  // namespace

std::vector<std::byte> poison_pattern(DType dtype, Poison which) {
  const uint64_t bits = poison_bits(dtype, which);
  std::vector<std::byte> bytes(dtype_size(dtype));
  std::memcpy(bytes.data(), &bits, bytes.size());
  return bytes;
}

uint64_t poison_bits(DType dtype, Poison which) {
  if (which == Poison::kSecond) {
    if (!is_floating(dtype)) return 0xC3C3C3C3C3C3C3C3ull >> (64 - 8 * dtype_size(dtype));
    return poison_bits(dtype) ^ (uint64_t{1} << (8 * dtype_size(dtype) - 1));  // +NaN
  }
  switch (dtype) {
    case DType::kF64:
      return 0xFFFDA5A5A5A5A5A5ull;
    case DType::kF32:
      return 0xFFE5A5A5u;
    case DType::kF16:
      return 0xFEA5u;
    case DType::kBF16:
      return 0xFFE5u;
    case DType::kF8E4M3:
      return 0xFFu;
    case DType::kF8E5M2:
      return 0xFFu;
    case DType::kI64:
      return 0xA5A5A5A5A5A5A5A5ull;
    case DType::kI32:
      return 0xA5A5A5A5u;
    default:
      return 0xA5u;
  }
}

Comparator::Comparator(ToleranceRule rule, ToleranceContext ctx, InputTier tier,
                       double max_zero_fraction)
    : rule_(std::move(rule)), ctx_(ctx), tier_(tier), max_zero_fraction_(max_zero_fraction) {
  result_.tolerance = !is_floating(ctx.output)                       ? "exact (integer result)"
                      : tier_ == InputTier::kExact && !rule_.bitwise ? "bit-exact (exact tier)"
                                                                     : describe(rule_, ctx_);
}

void Comparator::record_failure(int64_t index, uint64_t expected, uint64_t actual,
                                std::string why) {
  ++result_.failed_elements;
  if (failures_.size() < kFailuresKept)
    failures_.push_back({index, expected, actual, std::move(why)});
}

void Comparator::check(int64_t flat_index, uint64_t expected_bits, double magnitude,
                       uint64_t actual_bits, double spread) {
  if (spread < 0) spread = magnitude;
  const DType dtype = ctx_.output;
  ++result_.checked_elements;
  const double expected = decode_value(dtype, expected_bits);
  const double actual = decode_value(dtype, actual_bits);
  if (actual == 0) {
    ++zeros_;
    if (expected != 0) ++zeros_not_expected_;
  }
  const double ulps = ulp_distance(dtype, actual_bits, expected_bits);
  // Integers: the exact distance (a double difference of two i64 values above 2^53 is not).
  const double abs_error = is_floating(dtype) ? std::fabs(actual - expected) : ulps;
  bool ok = true;
  std::string why;
  if (rule_.bitwise) {
    ok = actual_bits == expected_bits;
    why = "differs in its bits";
  } else if (!is_floating(dtype)) {
    // Every integer op of the catalogue has one right answer (wrapping, saturating or exact
    // accumulation): compared as integers, never through a double, whatever the rule says.
    ok = decode_integer(dtype, actual_bits) == decode_integer(dtype, expected_bits);
    why = "differs (integer results must be exact)";
  } else if (std::isnan(expected) || std::isnan(actual)) {
    ok = std::isnan(expected) && std::isnan(actual) &&
         (!rule_.nan_sign || std::signbit(expected) == std::signbit(actual));
    why = std::isnan(expected) && std::isnan(actual) ? "NaN of the wrong sign"
                                                     : "NaN where a number was expected";
    if (!std::isnan(actual)) why = "a number where NaN was expected";
  } else if (std::isinf(expected) || std::isinf(actual)) {
    ok = expected == actual;
    why = "infinity mismatch";
  } else if (expected == 0 && actual == 0) {
    ok = !rule_.zero_sign || std::signbit(expected) == std::signbit(actual);
    why = "zero of the wrong sign";
  } else if (tier_ == InputTier::kExact) {
    ok = expected == actual;
    why = "differs (the exact tier demands bit-exact results)";
  } else if (rule_.value_sign && expected != 0 && actual != 0 &&
             std::signbit(expected) != std::signbit(actual)) {
    ok = false;
    why = "has the wrong sign";
  } else {
    const double bound = tolerance_bound(rule_, ctx_, expected, magnitude, spread);
    ok = ulps <= rule_.ulp || abs_error <= bound;
    why = fmt::format("is out of tolerance (error {:.3g}, {} ulp, bound {:.3g})", abs_error, ulps,
                      bound);
  }
  if (!ok) record_failure(flat_index, expected_bits, actual_bits, std::move(why));

  // Metrics over finite pairs; the worst element is the largest error relative to its bound
  // (a failing element always ranks above passing ones).
  if (std::isfinite(expected) && std::isfinite(actual)) {
    result_.max_abs_error = std::max(result_.max_abs_error, abs_error);
    if (expected != 0)
      result_.max_rel_error = std::max(result_.max_rel_error, abs_error / std::fabs(expected));
    result_.max_ulp_error = std::max(result_.max_ulp_error, ulps);
  }
  double ratio = 0;
  if (!ok) {
    ratio = std::numeric_limits<double>::infinity();
  } else if (abs_error > 0) {
    const double bound = tolerance_bound(rule_, ctx_, expected, magnitude, spread);
    ratio = bound > 0 ? abs_error / bound : std::numeric_limits<double>::max();
  }
  if (ratio > worst_ratio_) {
    worst_ratio_ = ratio;
    result_.worst_index = flat_index;
    result_.expected_at_worst = expected;
    result_.actual_at_worst = actual;
  }
}

void Comparator::unwritten(int64_t flat_index, uint64_t expected_bits, uint64_t actual_bits) {
  ++result_.checked_elements;
  ++result_.unwritten_elements;
  record_failure(flat_index, expected_bits, actual_bits, "was not written (still poison)");
  if (worst_ratio_ < std::numeric_limits<double>::infinity()) {
    worst_ratio_ = std::numeric_limits<double>::infinity();
    result_.worst_index = flat_index;
    result_.expected_at_worst = decode_value(ctx_.output, expected_bits);
    result_.actual_at_worst = decode_value(ctx_.output, actual_bits);
  }
}

Comparison Comparator::finish(std::span<const int64_t> shape) const {
  Comparison out = result_;
  const DType dtype = ctx_.output;
  out.zero_fraction = out.checked_elements > 0
                          ? static_cast<double>(zeros_) / static_cast<double>(out.checked_elements)
                          : 0.0;
  if (out.failed_elements > 0) {
    out.status = CaseStatus::kFail;
    std::vector<std::string> lines;
    for (const Failure& f : failures_) {
      lines.push_back(fmt::format("element {} {}: expected {}, got {}", index_text(f.index, shape),
                                  f.why, value_text(dtype, f.expected),
                                  value_text(dtype, f.actual)));
    }
    std::string summary =
        out.unwritten_elements > 0
            ? fmt::format("{} of {} elements wrong ({} never written); ", out.failed_elements,
                          out.checked_elements, out.unwritten_elements)
            : fmt::format("{} of {} elements wrong; ", out.failed_elements, out.checked_elements);
    out.message = summary + fmt::format("{}", fmt::join(lines, "; ")) +
                  fmt::format(" [tolerance: {}]", out.tolerance);
    return out;
  }
  // The special tier feeds zeros, infinities and extremes on purpose: zeros there are data.
  // Zeros the right answer holds as well are evidence, not a sign of a degenerate kernel: only
  // zeros where the oracle's rounded answer is not zero count against the device.
  if (tier_ != InputTier::kSpecial && out.checked_elements >= kZeroTrustMinElements &&
      out.zero_fraction > max_zero_fraction_ &&
      zeros_not_expected_ * kZeroTrustExcessDivisor > out.checked_elements) {
    out.status = CaseStatus::kMistrusted;
    out.message = fmt::format(
        "{:.0f}% of the checked outputs are zero (limit {:.0f}%), {} of them where the right "
        "answer is not zero: the zeros pass only because they are within the tolerance, so a pass "
        "proves little",
        100 * out.zero_fraction, 100 * max_zero_fraction_, zeros_not_expected_);
    return out;
  }
  out.status = CaseStatus::kPass;
  return out;
}

}  // namespace hwcert::conformance
