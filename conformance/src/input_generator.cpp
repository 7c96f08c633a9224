#include "hwcert/conformance/input_generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/tensor_view.hpp"

namespace hwcert::conformance {
namespace {

// Uniform double in [0, 1).
double unit(uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1p-53;
}

// One generator per (input tensor, element slot).
class Draw {
 public:
  Draw(uint64_t seed, uint64_t tensor, uint64_t slot)
      : seed_(seed), stream_(tensor * 16), slot_(slot) {}
  uint64_t bits() { return counter_hash(seed_, stream_ + draws_++, slot_); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(bits()); }
  int64_t integer(int64_t lo, int64_t hi) {  // inclusive
    const auto span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(bits() % span);
  }
  double sign() { return (bits() & 1) != 0 ? -1.0 : 1.0; }
  // `magnitude` (drawn first, as the argument) with a random sign drawn after it. The operands
  // of one `*` are evaluated in an unspecified order, so `sign() * uniform(..)` would make the
  // draw order, and the inputs of a seed, depend on the compiler.
  double signed_value(double magnitude) { return sign() * magnitude; }

 private:
  uint64_t seed_, stream_, slot_;
  uint64_t draws_ = 0;
};

bool is_float_io(DType d) {
  return is_floating(d);
}

// Random bit pattern valid for the dtype (bool: 0 or 1).
uint64_t random_bits(DType dtype, Draw& draw) {
  if (dtype == DType::kBool) return draw.integer(0, 15) != 0 ? 1 : 0;
  const std::size_t size = dtype_size(dtype);
  const uint64_t b = draw.bits();
  return size == 8 ? b : b & ((uint64_t{1} << (8 * size)) - 1);
}

double special_float(DType dtype, Draw& draw) {
  const double inf = std::numeric_limits<double>::infinity();
  const double max = max_finite(dtype);
  const int m = mantissa_bits(dtype);
  const double min_normal = dtype == DType::kF64      ? std::numeric_limits<double>::min()
                            : dtype == DType::kF32    ? std::numeric_limits<float>::min()
                            : dtype == DType::kF16    ? 0x1p-14
                            : dtype == DType::kBF16   ? 0x1p-126
                            : dtype == DType::kF8E4M3 ? 0x1p-6
                                                      : 0x1p-14;
  const double min_subnormal = std::ldexp(min_normal, -m);
  const double exp_overflow = std::log(max);  // exp(x) overflows just above this
  switch (draw.integer(0, 17)) {
    case 0:
      return 0.0;
    case 1:
      return -0.0;
    case 2:
      return inf;
    case 3:
      return -inf;
    case 4:
      return std::numeric_limits<double>::quiet_NaN();
    case 5:
      return -std::numeric_limits<double>::quiet_NaN();
    case 6:
      return draw.signed_value(min_subnormal);
    case 7:
      return draw.signed_value(min_normal - min_subnormal);  // largest subnormal
    case 8:
      return draw.signed_value(min_normal);
    case 9:
      return draw.signed_value(max);
    case 10:
      return draw.signed_value(max * draw.uniform(0.5, 1.0));
    case 11:
      return draw.signed_value(1.0);
    case 12:
      return draw.signed_value(exp_overflow * draw.uniform(0.98, 1.02));
    case 13:
      return draw.signed_value(min_normal * draw.uniform(0.0, 4.0));
    default:
      return draw.uniform(-10.0, 10.0);
  }
}

uint64_t special_integer(DType dtype, Draw& draw) {
  switch (draw.integer(0, 6)) {
    case 0:
      return encode_integer(dtype, dtype == DType::kU8
                                       ? 0
                                       : static_cast<int64_t>(-std::ldexp(
                                             1.0, static_cast<int>(8 * dtype_size(dtype)) - 1)));
    case 1:
      return encode_integer(dtype, static_cast<int64_t>(max_finite(dtype)));
    case 2:
      return encode_integer(dtype, 0);
    case 3:
      return encode_integer(dtype, -1);
    case 4:
      return encode_integer(dtype, 1);
    default:
      return random_bits(dtype, draw);
  }
}

// A value exactly halfway between two neighbours of `to` (a rounding tie for a cast).
double rounding_tie(DType to, Draw& draw) {
  const double significand = draw.uniform(1.0, 2.0);
  const double v =
      draw.signed_value(std::ldexp(significand, static_cast<int>(draw.integer(-6, 6))));
  const double grid = round_to_dtype(v, to);
  return grid + 0.5 * ulp_of(grid, to);
}

struct Context {
  const OpCall& call;
  std::string op;
  catalogue::OpFamily family;
  InputTier tier;
  int64_t exact_range;
  double exact_density;
  double range_offset = 0;  // range tier: the offset every element of the tensor shares
};

bool is_norm(const std::string& op) {
  return op == "layer_norm" || op == "rms_norm" || op == "batch_norm";
}

// Range tier: one offset per tensor. The softmax family: beyond exp's overflow threshold in f32
// (or f64), either sign, so every row holds large logits with a small spread: exp without
// max-subtraction overflows (positive offset) or underflows to 0/0 (negative); x - max stays
// exact. Norms (their input x): a large common offset, 2^12..2^16 in f32 (scaled to the
// dtype's precision), so E[x^2] - E[x]^2 cancels while a two-pass variance stays accurate.
double range_offset(const std::string& op, DType dtype, uint64_t seed, uint64_t tensor) {
  Draw draw(seed, tensor, ~uint64_t{0});  // a slot no element uses
  if (is_norm(op)) {
    const double lo = dtype == DType::kF64 ? 26 : dtype == DType::kF32 ? 12 : 8;
    return draw.signed_value(std::exp2(draw.uniform(lo, lo + 4)));
  }
  const double overflow = std::log(max_finite(dtype == DType::kF64 ? DType::kF64 : DType::kF32));
  return draw.signed_value(overflow * draw.uniform(1.5, 3.0));
}

// The epsilon attribute of a normalisation call (its default when absent).
double call_epsilon(const OpCall& call) {
  return catalogue::Attrs(call, *catalogue::find_op_schema(call.op_name())).get_float("epsilon");
}

// batch_norm's range tier: X and mean share one large offset (tensor 0's) with a spread of
// offset * 2^-(mantissa/2), so x - mean keeps few bits against x and a device that rounds
// x * s' in the input dtype is far off; var in [0, 2*epsilon] (a few exact zeros), where
// epsilon decides 1/sqrt(var + epsilon): eps outside the sqrt or left out is off by 30%..Inf.
std::optional<double> batch_norm_range(const Context& ctx, std::size_t input, DType dtype,
                                       Draw& draw) {
  const double spread = std::fabs(ctx.range_offset) * std::exp2(-mantissa_bits(dtype) / 2.0);
  if (input == 0) return ctx.range_offset + spread * draw.uniform(-1, 1);
  if (input == 3) return ctx.range_offset + spread * draw.uniform(-0.25, 0.25);
  if (input == 4)
    return draw.integer(0, 7) == 0 ? 0.0 : call_epsilon(ctx.call) * draw.uniform(0, 2);
  return std::nullopt;
}

// The kinks of the hard_* family (where alpha*x + beta crosses 0 and 1; hard_swish: -3 and 3)
// and a few ulps of the dtype either side; a quarter of the elements in [-8, 8].
double near_kink(const Context& ctx, DType dtype, Draw& draw) {
  double alpha = 1.0 / 6.0, beta = 0.5;
  if (ctx.op == "hard_sigmoid") {
    const catalogue::Attrs attrs(ctx.call, *catalogue::find_op_schema(ctx.op));
    alpha = attrs.get_float("alpha");
    beta = attrs.get_float("beta");
  }
  if (draw.integer(0, 3) == 0 || alpha == 0) return draw.uniform(-8, 8);
  const double kink = ((draw.bits() & 1) != 0 ? 1.0 - beta : -beta) / alpha;
  const double grid = round_to_dtype(kink, dtype);
  return grid + static_cast<double>(draw.integer(-3, 3)) * ulp_of(grid, dtype);
}

// clip: the bounds themselves, an ulp of the dtype either side, NaN and +-Inf; the rest in
// [-8, 8].
double near_bounds(const Context& ctx, DType dtype, Draw& draw) {
  const catalogue::Attrs attrs(ctx.call, *catalogue::find_op_schema("clip"));
  const double inf = std::numeric_limits<double>::infinity();
  switch (draw.integer(0, 5)) {
    case 0:
      return std::numeric_limits<double>::quiet_NaN();
    case 1:
      return draw.signed_value(inf);
    case 2:
    case 3: {
      const double bound = round_to_dtype(
          (draw.bits() & 1) != 0 ? attrs.get_float("min") : attrs.get_float("max"), dtype);
      if (!std::isfinite(bound)) return draw.signed_value(max_finite(dtype));
      return bound + static_cast<double>(draw.integer(-1, 1)) * ulp_of(bound, dtype);
    }
    default:
      return draw.uniform(-8, 8);
  }
}

// erf: half in the tails 2 <= |x| <= 6 (1 - erf from 5e-3 down to 2e-17: what a
// low-order approximation or a clamp to +-1 loses), a quarter tiny (2^-40..2^-8, subnormal
// included for f16: 1 - erfc(x) cancels there), a quarter in [-2, 2].
double erf_range(DType dtype, Draw& draw) {
  switch (draw.integer(0, 3)) {
    case 0:
    case 1:
      return draw.signed_value(draw.uniform(2, 6));
    case 2: {
      const double lowest = dtype == DType::kF16 ? -24 : -40;
      return draw.signed_value(std::exp2(draw.uniform(lowest, -8)));
    }
    default:
      return draw.uniform(-2, 2);
  }
}

// exp's overflow threshold of the compute type (f64 for f64, f32 otherwise).
double exp_overflow(DType dtype) {
  return std::log(max_finite(dtype == DType::kF64 ? DType::kF64 : DType::kF32));
}

// The argument t of exp(t), or of the logistic sigmoid(t), in the range tier: half in the band
// below -threshold, where exp(-t) overflows but exp(t) and the result are subnormal, a
// quarter around the threshold itself, either sign, a quarter in [-10, 10].
double exponential_argument(double threshold, Draw& draw) {
  switch (draw.integer(0, 3)) {
    case 0:
    case 1:
      return -threshold * draw.uniform(1.0, 1.17);
    case 2:
      return draw.signed_value(threshold * draw.uniform(0.98, 1.02));
    default:
      return draw.uniform(-10, 10);
  }
}

// The x whose gelu tanh-form argument sqrt(2/pi)(x + 0.044715x^3) is z: the real root of the
// cubic x^3 + p x + q (p = 1/0.044715, q = -z/(0.044715 sqrt(2/pi))) by Cardano's formula,
// with the cube root taken on the side that does not cancel.
double gelu_tanh_x(double z) {
  const double c = 0.044715;
  const double p = 1 / c, q = -z / (c * std::sqrt(2 / M_PI));
  const double a = -q / 2;
  const double w = std::cbrt(a + std::copysign(std::sqrt(a * a + p * p * p / 27), a));
  return w - p / (3 * w);
}

// Range tier values of the float ops that have them; nullopt: statistical values.
// - softmax family: the tensor's offset plus a spread of ±8, and one element in eight a
//   further 120 below, where exp(x - max) underflows (log(softmax) gives -Inf there);
// - norms (x only): the tensor's offset with a spread of offset * 2^-(mantissa/2);
// - exp and the logistic family (sigmoid, silu, tanh, and gelu's tanh form x*sigmoid(2z)):
//   the argument of exp or of the logistic by exponential_argument, so that x/(1 + exp(-2z))
//   gives -0 where x*sigmoid(2z) is still a normal or subnormal number;
// - gelu's erf form: three elements in four in [-12, -5.5], where 1 + erf(x/sqrt2) rounds to
//   0 in f32 (to 0 in f64 below about -8.3) while x * Phi(x) is a normal number;
// - batch_norm, the hard_* kinks, clip's bounds and erf's tails: the functions above.
std::optional<double> range_real(const Context& ctx, std::size_t input, DType dtype, Draw& draw) {
  const std::string& op = ctx.op;
  if (op == "softmax" || op == "log_softmax") {
    const double below = draw.integer(0, 7) == 0 ? 120.0 : 0.0;
    return ctx.range_offset - below + draw.uniform(-8, 8);
  }
  if (op == "batch_norm") return batch_norm_range(ctx, input, dtype, draw);
  if (op == "hard_sigmoid" || op == "hard_swish") return near_kink(ctx, dtype, draw);
  if (op == "clip") return near_bounds(ctx, dtype, draw);
  if (op == "erf") return erf_range(dtype, draw);
  if (is_norm(op) && input == 0) {
    const double spread = std::fabs(ctx.range_offset) * std::exp2(-mantissa_bits(dtype) / 2.0);
    return ctx.range_offset + spread * draw.uniform(-1, 1);
  }
  const bool gelu = op == "gelu";
  const bool erf_form =
      gelu &&
      catalogue::Attrs(ctx.call, *catalogue::find_op_schema("gelu")).get_string("approximate") ==
          "none";
  if (erf_form) return draw.integer(0, 3) != 0 ? draw.uniform(-12, -5.5) : draw.uniform(-5, 5);
  if (op == "resize") {
    // Neighbours of opposite signs near the top of the range: b - a overflows, so the
    // interpolation a + w (b - a) breaks where (1 - w) a + w b does not.
    return draw.signed_value(max_finite(dtype) * draw.uniform(0.3, 0.9));
  }
  if (op == "exp" || op == "sigmoid" || op == "silu" || op == "tanh" || gelu) {
    const double t = exponential_argument(exp_overflow(dtype), draw);
    return gelu ? gelu_tanh_x(t / 2) : t;
  }
  return std::nullopt;
}

// --- Range tier: one special value per row (NaN/Inf propagation) ---
// Every fourth row (last axis) of the inputs below gets one NaN, +Inf or -Inf at a random
// column; the other rows keep their range or statistical values, so each case checks that
// specials land exactly where IEEE arithmetic on the op's definition puts them and nowhere
// else (conformance/README.md, "Special values in the range tier").
bool takes_row_specials(const OpCall& call, std::size_t input) {
  static constexpr std::string_view kFirstInput[] = {
      "reduce_sum", "reduce_mean", "reduce_max", "softmax", "log_softmax",
      "layer_norm", "rms_norm",    "batch_norm", "matmul",  "conv2d"};
  const std::string& op = call.op_name();
  for (std::string_view name : kFirstInput) {
    if (op == name) return input == 0;
  }
  if (op != "scaled_dot_product_attention") return false;
  // Q, and V where every key takes part (a masked key has weight 0, and 0 * Inf is NaN in a
  // kernel that multiplies the whole P by V: not defined by the catalogue).
  const bool causal = catalogue::Attrs(call, *catalogue::find_op_schema(op)).get_int("causal") != 0;
  return input == 0 || (input == 2 && !causal);
}

// Softmax rows get NaN and -Inf only: a row holding +Inf is NaN throughout in a two-pass
// softmax (exp(Inf - Inf)) but NaN only at the +Inf in an online one (the rescaling never
// forms Inf - Inf), and the catalogue does not choose between two correct algorithms.
void plant_row_specials(const TensorSpec& spec, std::size_t input, uint64_t seed,
                        bool positive_infinity, std::vector<std::byte>& image) {
  const int64_t elements = spec.element_count().value_or(0);
  if (!is_floating(spec.dtype) || spec.rank() == 0 || elements == 0) return;
  const int64_t extent = spec.shape.back();
  const std::vector<int64_t> row_shape(spec.shape.begin(), spec.shape.end() - 1);
  const TensorReader positions(spec, image);
  std::vector<int64_t> index;
  // Every fourth row from a seeded start; the kinds cycle, so any three consecutive planted
  // rows hold a NaN, a -Inf and a +Inf.
  Draw start(seed, input, ~uint64_t{1});  // a slot no element uses
  const int64_t first = start.integer(0, 3);
  const int64_t first_kind = start.integer(0, 2);  // drawn from 3 either way (same draws)
  const double inf = std::numeric_limits<double>::infinity();
  const std::array kinds{std::numeric_limits<double>::quiet_NaN(), -inf, inf};
  const int64_t kind_count = positive_infinity ? 3 : 2;
  for (int64_t row = first; row < elements / extent; row += 4) {
    Draw draw(seed, input, ~uint64_t{2} - static_cast<uint64_t>(row));
    const int64_t column = draw.integer(0, extent - 1);
    double value = kinds[static_cast<std::size_t>((first_kind + row / 4) % kind_count)];
    // fp8 e4m3 has no infinity (it saturates): its specials are NaN.
    if (std::isinf(value) && !std::isinf(decode_value(spec.dtype, encode_value(spec.dtype, value))))
      value = std::numeric_limits<double>::quiet_NaN();
    unravel_index(row, row_shape, index);
    index.push_back(column);
    store_element_bits(image, positions.byte_position(index), spec.dtype,
                       encode_value(spec.dtype, value));
  }
}

// batch_norm: X, scale of either sign, bias, mean, var > 0 (var + epsilon near 1 or
// smaller, where epsilon still counts in f32).
double batch_norm_statistical(std::size_t input, Draw& draw) {
  switch (input) {
    case 0:
      return draw.uniform(-2, 2) + 0.5;
    case 1:
      return draw.signed_value(draw.uniform(0.5, 1.5));
    case 4:
      return std::exp2(draw.uniform(-10, 1));
    default:
      return draw.uniform(-1, 1);
  }
}

double statistical_real(const Context& ctx, std::size_t input, Draw& draw) {
  const std::string& op = ctx.op;
  if (op == "exp") return draw.uniform(-8, 8);
  if (op == "log" || op == "sqrt" || op == "rsqrt") return std::exp2(draw.uniform(-8, 8));
  if (op == "tanh" || op == "sigmoid") return draw.uniform(-6, 6);
  if (op == "gelu" || op == "silu") return draw.uniform(-5, 5);
  if (op == "erf") return draw.uniform(-3, 3);
  if (op == "batch_norm") return batch_norm_statistical(input, draw);
  if (op == "pow") return input == 0 ? std::exp2(draw.uniform(-2, 2)) : draw.uniform(-3, 3);
  if (op == "div" && input == 1) return draw.signed_value(draw.uniform(0.5, 4));
  switch (ctx.family) {
    case catalogue::OpFamily::kReduction:
    case catalogue::OpFamily::kMatmul:
    case catalogue::OpFamily::kConvolution:
    case catalogue::OpFamily::kAttention:
      return draw.uniform(-1, 1);
    case catalogue::OpFamily::kNormalization:
      if (op == "softmax" || op == "log_softmax") return draw.uniform(-4, 4);
      if (input == 0) return draw.uniform(-2, 2) + 0.5;
      if (input == 1) return draw.uniform(0.5, 1.5);  // gamma
      return draw.uniform(-0.5, 0.5);                 // beta
    default:
      return draw.uniform(-4, 4);
  }
}

// Cast sources: magnitudes spread over the range where the target's rounding and overflow
// rules matter.
double cast_source(DType to, Draw& draw) {
  if (to == DType::kBool) return static_cast<double>(draw.integer(-2, 2));
  if (to == DType::kU8) return draw.uniform(-20, 300);
  if (to == DType::kI8) return draw.uniform(-200, 200);
  if (to == DType::kI32) return draw.uniform(-3e9, 3e9);
  if (to == DType::kI64) return draw.uniform(-1.2e19, 1.2e19);
  return draw.signed_value(std::exp2(draw.uniform(-12, 12)));
}

// Range tier cast sources, where conversions go wrong; nullopt: statistical values.
// - float -> narrower float (precision or range): around the target's largest finite value
//   and its round-to-Inf threshold (max + half an ulp), both sides, and one source ulp off a
//   rounding tie of the target (a value that rounds to the tie in an intermediate type:
//   double rounding);
// - integer -> float: integers one off a rounding tie of the target above 2^(mantissa+1)
//   (for i64 above 2^53: through f64 they round twice);
// - float -> integer: the integer extremes and half a unit around them.
std::optional<uint64_t> range_cast_source(DType from, DType to, Draw& draw) {
  if (is_floating(from) && is_floating(to) &&
      (mantissa_bits(to) < mantissa_bits(from) || max_finite(to) < max_finite(from))) {
    const double max = max_finite(to);
    const double threshold = max + 0.5 * ulp_of(max, to);
    double v = 0;
    switch (draw.integer(0, 2)) {
      case 0:
        v = max + (threshold - max) * draw.uniform(-1, 3);
        break;
      case 1:
        v = threshold + static_cast<double>(draw.integer(-1, 1)) * ulp_of(threshold, from);
        break;
      default: {
        const double tie = rounding_tie(to, draw);
        v = tie + static_cast<double>(draw.integer(-1, 1)) * ulp_of(tie, from);
      }
    }
    return encode_value(from, draw.signed_value(std::fabs(v)));
  }
  const int bits = static_cast<int>(8 * dtype_size(from));
  if (!is_floating(from) && from != DType::kBool && is_floating(to) && bits >= 32) {
    const int lo = mantissa_bits(to) + 2;
    const int hi = std::min(bits - 2, static_cast<int>(std::log2(max_finite(to))) - 1);
    if (lo > hi) return std::nullopt;
    const int e = static_cast<int>(draw.integer(lo, hi));
    const auto spacing = int64_t{1} << (e - mantissa_bits(to));
    const int64_t base =
        (int64_t{1} << e) + draw.integer(0, (int64_t{1} << mantissa_bits(to)) - 1) * spacing;
    const int64_t v = base + spacing / 2 + draw.integer(-1, 1);
    return encode_integer(from, (draw.bits() & 1) != 0 ? -v : v);
  }
  if (is_floating(from) && !is_floating(to) && to != DType::kBool) {
    const double extreme = (draw.bits() & 1) != 0 || to == DType::kU8
                               ? max_finite(to)
                               : -std::ldexp(1.0, static_cast<int>(8 * dtype_size(to)) - 1);
    return encode_value(from, extreme + 0.5 * static_cast<double>(draw.integer(-2, 2)));
  }
  return std::nullopt;
}

// The number of valid gather indices: data's extent along `axis`.
int64_t gather_extent(const OpCall& call) {
  const int64_t axis =
      catalogue::normalize_axis(
          catalogue::Attrs(call, *catalogue::find_op_schema("gather")).get_int("axis"),
          call.inputs()[0].rank())
          .value_or(0);
  return call.inputs()[0].shape[axis];
}

// --- out_of_range tier: gather indices outside [0, extent) ---
// Each lies where a wrong bounds check maps it back inside the range: negative (Python-style
// wrap-around, clamping), at or past the extent (modulo, clamping), and 2^32 past a valid
// index in i64 or an i32 extreme (truncation to 32 bits). The catalogue makes each of them
// OUT_OF_RANGE.
int64_t out_of_range_index(int64_t extent, DType dtype, Draw& draw) {
  const int64_t span = std::max<int64_t>(extent, 1);
  const int64_t valid = draw.integer(0, span - 1);
  switch (draw.integer(0, 2)) {
    case 0:
      return valid - span;  // in [-extent, -1]
    case 1:
      return valid + span;  // in [extent, 2 extent - 1]
    default:
      if (dtype == DType::kI64) return valid + (int64_t{1} << 32);
      return (draw.bits() & 1) != 0 ? std::numeric_limits<int32_t>::max()
                                    : std::numeric_limits<int32_t>::min();
  }
}

// Replaces about half the indices, and always the one at a seeded element, by indices out of
// range.
void plant_out_of_range_indices(const TensorSpec& spec, int64_t extent, uint64_t seed,
                                std::vector<std::byte>& image) {
  const int64_t count = spec.element_count().value_or(0);
  if (count == 0) return;
  const TensorReader positions(spec, image);
  Draw pick(seed, 1, ~uint64_t{3});  // a slot no element uses
  const int64_t always = pick.integer(0, count - 1);
  std::vector<int64_t> index;
  for (int64_t e = 0; e < count; ++e) {
    Draw draw(seed, 1, ~uint64_t{4} - static_cast<uint64_t>(e));
    if (e != always && draw.integer(0, 1) == 0) continue;
    unravel_index(e, spec.shape, index);
    store_element_bits(image, positions.byte_position(index), spec.dtype,
                       encode_integer(spec.dtype, out_of_range_index(extent, spec.dtype, draw)));
  }
}

uint64_t generate_element(const Context& ctx, std::size_t input, DType dtype, Draw& draw) {
  const OpCall& call = ctx.call;
  if (ctx.op == "gather" && input == 1) {
    const int64_t extent = gather_extent(call);
    return encode_integer(dtype, extent > 0 ? draw.integer(0, extent - 1) : 0);
  }
  // where's cond: a third false, the rest any non-zero byte (every one of them is true).
  if (ctx.op == "where" && input == 0) return draw.integer(0, 2) == 0 ? 0 : draw.integer(1, 255);
  // bool: mostly true, so copies of bool data are not judged degenerate by zero-trust.
  if (dtype == DType::kBool) return draw.integer(0, 15) != 0 ? 1 : 0;
  if (ctx.tier == InputTier::kExact) {
    if (draw.uniform(0, 1) >= ctx.exact_density) return encode_value(dtype, 0.0);
    const int64_t r = std::max<int64_t>(ctx.exact_range, 1);
    int64_t v = draw.integer(1, r);  // non-zero keeps outputs from degenerating to zeros
    if (dtype != DType::kU8 && (draw.bits() & 1) != 0) v = -v;
    return is_float_io(dtype) ? encode_value(dtype, static_cast<double>(v))
                              : encode_integer(dtype, v);
  }
  const DType out = call.outputs().empty() ? dtype : call.outputs()[0].dtype;
  if (ctx.tier == InputTier::kSpecial) {
    if (ctx.op == "cast" && is_floating(out) && is_floating(dtype) &&
        mantissa_bits(dtype) > mantissa_bits(out) && draw.integer(0, 2) == 0) {
      return encode_value(dtype, rounding_tie(out, draw));
    }
    return is_float_io(dtype) ? encode_value(dtype, special_float(dtype, draw))
                              : special_integer(dtype, draw);
  }
  if (ctx.tier == InputTier::kRange && ctx.op == "cast") {
    if (const std::optional<uint64_t> bits = range_cast_source(dtype, out, draw)) return *bits;
  }
  if (ctx.tier == InputTier::kRange && is_float_io(dtype)) {
    if (const std::optional<double> v = range_real(ctx, input, dtype, draw))
      return encode_value(dtype, *v);
  }
  // Statistical tier (and range-tier ops without range inputs). resize interpolates: reals.
  if (ctx.family == catalogue::OpFamily::kDataMovement && ctx.op != "cast" && ctx.op != "resize")
    return random_bits(dtype, draw);
  // Integers take their full range: elementwise ops and sums wrap by definition, and i8
  // matmul accumulates exactly in i32 for any K below 2^17.
  if (!is_float_io(dtype)) return random_bits(dtype, draw);
  if (ctx.op == "cast") return encode_value(dtype, cast_source(out, draw));
  return encode_value(dtype, statistical_real(ctx, input, draw));
}

int output_precision_bits(const OpCall& call) {
  const DType out = call.outputs().empty() ? DType::kF32 : call.outputs()[0].dtype;
  if (!is_floating(out)) return 31;
  return mantissa_bits(out) + 1;
}

bool is_product(const OpCall& call) {
  const catalogue::OpSchema* schema = catalogue::find_op_schema(call.op_name());
  return schema != nullptr &&
         (schema->family == catalogue::OpFamily::kMatmul ||
          schema->family == catalogue::OpFamily::kConvolution ||
          schema->family == catalogue::OpFamily::kAttention || call.op_name() == "mul");
}

}  // namespace

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t counter_hash(uint64_t seed, uint64_t stream, uint64_t counter) {
  return splitmix64(splitmix64(seed ^ splitmix64(stream)) + counter);
}

int64_t exact_tier_range(const OpCall& call) {
  const double limit = std::ldexp(1.0, output_precision_bits(call));
  const auto k = static_cast<double>(std::max<int64_t>(catalogue::accumulation_length(call), 1));
  // Integers up to 2^(mantissa bits + 1) are exact in every input dtype (fp8 e5m2: 8).
  double input_limit = 16;
  for (const TensorSpec& in : call.inputs()) {
    if (is_floating(in.dtype))
      input_limit = std::min(input_limit, std::ldexp(1.0, mantissa_bits(in.dtype) + 1));
  }
  const bool two_operand_sum = call.op_name() == "add" || call.op_name() == "sub";
  for (int64_t r : {16, 8, 4, 2, 1}) {
    const auto v = static_cast<double>(r);
    if (v > input_limit) continue;
    const double worst = is_product(call) ? k * v * v : (two_operand_sum ? 2 : 1) * k * v;
    if (worst <= limit) return r;
  }
  return 0;
}

double exact_tier_density(const OpCall& call) {
  if (exact_tier_range(call) > 0) return 1.0;
  const double limit = std::ldexp(1.0, output_precision_bits(call));
  const auto k = static_cast<double>(std::max<int64_t>(catalogue::accumulation_length(call), 1));
  // Expected non-zero terms well inside the limit; a sum of n terms of ±1 stays below n.
  return std::max(limit / k / 4.0, 1.0 / k);
}

std::vector<std::vector<std::byte>> generate_inputs(const OpCall& call, InputTier tier,
                                                    uint64_t seed) {
  const catalogue::OpSchema* schema = catalogue::find_op_schema(call.op_name());
  const Context ctx{call,
                    call.op_name(),
                    schema != nullptr ? schema->family : catalogue::OpFamily::kUnary,
                    tier,
                    tier == InputTier::kExact ? exact_tier_range(call) : 0,
                    tier == InputTier::kExact ? exact_tier_density(call) : 1.0,
                    0.0};
  std::vector<std::vector<std::byte>> images;
  for (std::size_t t = 0; t < call.inputs().size(); ++t) {
    const TensorSpec& spec = call.inputs()[t];
    const std::size_t size = dtype_size(spec.dtype);
    Context tensor_ctx = ctx;
    if (tier == InputTier::kRange) {  // batch_norm's mean shares X's offset
      const std::size_t offset_tensor = ctx.op == "batch_norm" && t == 3 ? 0 : t;
      tensor_ctx.range_offset = range_offset(ctx.op, spec.dtype, seed, offset_tensor);
    }
    std::vector<std::byte> image(spec.required_bytes().value_or(0));
    for (std::size_t slot = 0; slot * size < image.size(); ++slot) {
      Draw draw(seed, t, slot);
      store_element_bits(image, slot * size, spec.dtype,
                         generate_element(tensor_ctx, t, spec.dtype, draw));
    }
    if (tier == InputTier::kRange && takes_row_specials(call, t)) {
      const bool softmax = ctx.op == "softmax" || ctx.op == "log_softmax";
      plant_row_specials(spec, t, seed, !softmax, image);
    }
    if (tier == InputTier::kOutOfRange && ctx.op == "gather" && t == 1)
      plant_out_of_range_indices(spec, gather_extent(call), seed, image);
    images.push_back(std::move(image));
  }
  return images;
}

std::string tier_mismatch(const OpCall& call, InputTier tier) {
  if (tier != InputTier::kOutOfRange) return {};
  if (call.op_name() != "gather" || call.inputs().size() < 2)
    return "the out_of_range tier needs an op with index inputs (gather)";
  if (call.inputs()[1].element_count().value_or(0) == 0)
    return "the out_of_range tier needs at least one index";
  return {};
}

}  // namespace hwcert::conformance
