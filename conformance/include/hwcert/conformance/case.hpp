// A conformance case and its result: the unit the runner schedules, journals and reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/plugin.hpp"

namespace hwcert::conformance {

// How inputs are filled (DESIGN §3).
enum class InputTier {
  kExact,        // small integers within the safe accumulation length: bit-exact results
  kStatistical,  // seeded random reals, compared with the tolerance model
  kSpecial,      // ±0, ±Inf, NaN, subnormals, near-overflow values
  kRange,        // magnitudes where unstable algorithms break (softmax: large common offsets)
};
std::string_view to_string(InputTier tier);
std::optional<InputTier> parse_input_tier(std::string_view name);  // "exact", ...

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

enum class CaseStatus {
  kPass,
  kFail,
  kMistrusted,   // output degenerate (zero-trust check)
  kUnsupported,  // op_support said no (reason in message)
  kWaived,       // failed, covered by a waiver
  kXPass,        // waived but passed
  kCrash,        // worker died on a signal
  kTimeout,      // worker exceeded the per-case limit
  kError,        // plugin returned an error
};
std::string_view to_string(CaseStatus status);  // "pass", "fail", "mistrusted", ...
std::optional<CaseStatus> parse_case_status(std::string_view name);

// JSON field names (results files, journal) are the member names below.
struct CaseResult {
  std::string case_id;
  std::string op;
  std::string dtypes;     // e.g. "f32" or "f8e4m3*f8e4m3->bf16"
  std::string math_mode;  // "strict" unless the case sets another
  CaseStatus status = CaseStatus::kError;
  std::string message;  // failure summary, unsupported reason, error text, signal name
  double max_abs_error = 0;
  double max_rel_error = 0;
  double max_ulp_error = 0;
  int64_t worst_index = -1;  // flat output index of the worst element, -1 if none
  double expected_at_worst = 0;
  double actual_at_worst = 0;
  std::string tolerance;  // the bound applied, human-readable ("3 ulp", "abs 1.2e-5 (K=64)")
  uint64_t checked_elements = 0;
  uint64_t total_elements = 0;
  bool sampled = false;  // only a seeded sample of elements was checked
  double duration_ms = 0;
  std::string reproducer;
};

}  // namespace hwcert::conformance
