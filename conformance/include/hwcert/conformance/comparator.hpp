// Output checks of one case: every element written (poisoned before launch), NaN/Inf class
// and sign, the tolerance model (bit-exact in the exact tier), and the zero-trust check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/tolerance.hpp"

namespace hwcert::conformance {

// Bytes of one element that outputs are filled with before launch: a negative quiet NaN
// with the payload 0xA5... for float dtypes (f8e4m3: its only NaN, 0xFF), 0xA5 bytes for
// integers and bool (0xA5 is not a valid bool).
std::vector<std::byte> poison_pattern(DType dtype);
uint64_t poison_bits(DType dtype);

// Zero trust: a case is MISTRUSTED when more than the limit of its checked outputs are zero
// and the device wrote clearly more zeros than the right answer has: zeros where the oracle's
// rounded result is not zero (they passed only because a zero is within the tolerance) on more
// than 1/kZeroTrustExcessDivisor of the checked elements. Zeros that the oracle produces too
// are right answers (relu of negative inputs, exact sums that cancel), whatever their number.
inline constexpr double kDefaultMaxZeroFraction = 0.30;
inline constexpr uint64_t kZeroTrustExcessDivisor = 100;
// Outputs smaller than this, and special-tier outputs (zeros are part of their data), are not
// judged by the zero-trust check.
inline constexpr uint64_t kZeroTrustMinElements = 16;

struct Comparison {
  CaseStatus status = CaseStatus::kPass;  // kPass, kFail or kMistrusted
  std::string message;
  double max_abs_error = 0;
  double max_rel_error = 0;
  double max_ulp_error = 0;
  int64_t worst_index = -1;
  double expected_at_worst = 0;
  double actual_at_worst = 0;
  uint64_t checked_elements = 0;
  uint64_t failed_elements = 0;
  uint64_t unwritten_elements = 0;
  double zero_fraction = 0;
  std::string tolerance;
};

// Streams elements through the checks; finish() gives the verdict.
class Comparator {
 public:
  Comparator(ToleranceRule rule, ToleranceContext ctx, InputTier tier,
             double max_zero_fraction = kDefaultMaxZeroFraction);

  // spread < 0: the same as magnitude.
  void check(int64_t flat_index, uint64_t expected_bits, double magnitude, uint64_t actual_bits,
             double spread = -1);
  // `shape` names multi-indices in messages.
  Comparison finish(std::span<const int64_t> shape) const;

 private:
  struct Failure {
    int64_t index;
    uint64_t expected, actual;
    std::string why;
  };
  void record_failure(int64_t index, uint64_t expected, uint64_t actual, std::string why);

  ToleranceRule rule_;
  ToleranceContext ctx_;
  InputTier tier_;
  double max_zero_fraction_;
  uint64_t poison_;
  Comparison result_;
  double worst_ratio_ = -1;
  uint64_t zeros_ = 0;
  uint64_t zeros_not_expected_ = 0;  // actual zero where the expected value is not
  std::vector<Failure> failures_;    // the first few, for the message
};

}  // namespace hwcert::conformance
