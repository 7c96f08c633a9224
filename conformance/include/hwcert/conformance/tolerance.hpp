// The tolerance model as data (conformance/tolerances.toml): rules keyed by op, optionally
// narrowed by output dtype and math mode. An element passes when
//   ulp_distance(actual, ref) <= ulp
//   or |actual - ref| <= ulp * ulp_of(ref) + (magnitude_eps * eps(out)
//                                              + k_eps * K * eps(acc)) * magnitude
//                         + sqrt_k_eps * sqrt(K) * eps(acc) * (|ref| + spread)
//                         + mode_eps * eps(mode) * (|ref| + spread)
//                         + compute_eps * eps(compute) * magnitude
// where ref is the oracle's value rounded to the output dtype, magnitude the oracle's
// per-element scale (sum |a_i*b_i| for sums and products, the modelled error of gelu in units
// of eps(compute), ...), K the accumulation length, acc the accumulation dtype, compute the
// dtype an op computes in (f64 for f64 outputs, f32 otherwise), eps(mode) the input rounding
// unit of the declared math mode and spread the root-sum-square of the product terms (plus
// |bias|): rounding errors that are independent per term add up like a random walk, so the
// sqrt(K) term is a probabilistic bound (Higham & Mary 2019) where k_eps is the worst case.
// docs/numerics.md derives each term.
// `bitwise` rules demand identical bits. `value_sign` rules also fail a nonzero result whose
// sign differs from a nonzero reference, whatever the bound (for ops whose sign follows the
// input, such as gelu and silu, where the magnitude term is wider than a tiny result).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance {

struct ToleranceRule {
  std::string op;
  std::optional<DType> dtype;            // output dtype this rule is narrowed to
  std::optional<std::string> math_mode;  // math mode this rule is narrowed to
  bool bitwise = false;                  // identical bits (data movement)
  double ulp = 0;
  double magnitude_eps = 0;
  double k_eps = 0;
  double mode_eps = 0;
  double sqrt_k_eps = 0;    // probabilistic accumulation bound (products)
  double compute_eps = 0;   // the oracle's modelled error, in units of eps(compute dtype)
  bool nan_sign = false;    // a NaN result must carry the expected sign
  bool zero_sign = false;   // ±0 must match
  bool value_sign = false;  // a nonzero result keeps the reference's sign
  std::optional<double> max_zero_fraction;  // zero-trust override
  std::string origin;                       // "file:line" of the rule
};

// What a rule is applied to (from the oracle).
struct ToleranceContext {
  DType output = DType::kF32;
  DType accumulation = DType::kF32;
  int64_t accumulation_length = 1;
  MathMode mode = MathMode::kStrict;
};

// The dtype an op with this output computes in: f64 for f64, f32 for every other float.
DType compute_dtype(DType output);

// Absolute bound for one element (the ulp term with ulp_of(reference)).
double tolerance_bound(const ToleranceRule& rule, const ToleranceContext& ctx, double reference,
                       double magnitude, double spread);
// Human-readable bound, e.g. "3 ulp", "1 ulp + 1*K*eps(f32)*sum|a*b| (K=64)", "bit-exact".
std::string describe(const ToleranceRule& rule, const ToleranceContext& ctx);

class ToleranceTable {
 public:
  // Errors: "<name>:<line>:<column>: <what was expected>".
  static Expected<ToleranceTable> parse(std::string_view toml_text, std::string_view name);
  static Expected<ToleranceTable> load(const std::filesystem::path& file);
  // The table shipped in conformance/tolerances.toml (compiled in).
  static const ToleranceTable& builtin();

  // Most specific rule for (op, dtype, math_mode): dtype and mode match beat dtype match beat
  // mode match beat op only; a later rule of equal rank wins. nullptr when none.
  const ToleranceRule* find(std::string_view op, DType dtype, std::string_view math_mode) const;
  double default_max_zero_fraction() const { return default_max_zero_fraction_; }
  const std::vector<ToleranceRule>& rules() const { return rules_; }
  // Appends the rules of `other` (so they take precedence at equal rank).
  void merge(const ToleranceTable& other);

 private:
  std::vector<ToleranceRule> rules_;
  double default_max_zero_fraction_ = 0.30;
};

}  // namespace hwcert::conformance
