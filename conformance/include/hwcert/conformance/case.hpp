// A conformance case: the unit the runner schedules, journals and reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/plugin.hpp"
#include "hwcert/results/case_result.hpp"

namespace hwcert::conformance {

// How inputs are filled (DESIGN §3).
enum class InputTier {
  kExact,        // small integers within the safe accumulation length: bit-exact results
  kStatistical,  // seeded random reals, compared with the tolerance model
  kSpecial,      // ±0, ±Inf, NaN, subnormals, near-overflow values
  kRange,        // magnitudes where unstable algorithms break (softmax: large common offsets)
  kOutOfRange,   // index inputs outside their range: the launch must report OUT_OF_RANGE
};
std::string_view to_string(InputTier tier);
std::optional<InputTier> parse_input_tier(std::string_view name);  // "exact", ...
// "exact, statistical, special, range, out_of_range": for messages listing the tiers.
std::string input_tier_list();

struct Case {
  // Unique in its suite, "<op>.<details>", e.g. "matmul.f32_m64_n32_k16_ta0_tb1_exact_s7".
  // gtest-style --filter globs match against it.
  std::string id;
  std::string suite;
  OpCall call;  // op name, tensor specs (shapes, strides, offsets), attributes
  InputTier tier = InputTier::kStatistical;
  uint64_t seed = 0;
  bool check_determinism = false;           // run twice, outputs must be bitwise equal
  std::optional<double> max_zero_fraction;  // zero-trust override (default 0.30)
  std::optional<uint64_t> sample_elements;  // verify a seeded sample of this many outputs
};

// One line that reproduces the case: `hwcert run-op --op ... --seed ...`.
std::string reproducer(const Case& c, std::string_view plugin, uint32_t device_index);

// A case's result and status are the result model's (results/): one definition for the
// runner, perfsuite, certify and reports.
using results::CaseResult;
using results::CaseStatus;
using results::parse_case_status;
using results::to_string;

}  // namespace hwcert::conformance
