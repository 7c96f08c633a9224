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

// Bytes of one element that outputs are filled with before launch. First pattern: a negative
// quiet NaN with the payload 0xA5... for float dtypes (fp8: 0xFF, -NaN), 0xA5 bytes for
// integers and bool (0xA5 is not a valid bool). Second pattern, differing from the first in
// every element: the same NaN with a positive sign (fp8: 0x7F), 0xC3 bytes for integers and
// bool. Every bit pattern of fp8, i8 and u8 is a value a kernel may write (a -NaN among them),
// so an element still holding the first pattern after launch is launched again over the
// second: it was never written only if it holds the poison both times.
enum class Poison { kFirst, kSecond };
std::vector<std::byte> poison_pattern(DType dtype, Poison which = Poison::kFirst);
uint64_t poison_bits(DType dtype, Poison which = Poison::kFirst);

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

  // A written element (spread < 0: the same as magnitude).
  void check(int64_t flat_index, uint64_t expected_bits, double magnitude, uint64_t actual_bits,
             double spread = -1);
  // An element that held the poison after both launches (see poison_pattern).
  void unwritten(int64_t flat_index, uint64_t expected_bits, uint64_t actual_bits);
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
  Comparison result_;
  double worst_ratio_ = -1;
  uint64_t zeros_ = 0;
  uint64_t zeros_not_expected_ = 0;  // actual zero where the expected value is not
  std::vector<Failure> failures_;    // the first few, for the message
};

}  // namespace hwcert::conformance
