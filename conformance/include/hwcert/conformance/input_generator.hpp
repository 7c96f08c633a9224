// Seeded input data. Every stored element of input tensor t at storage slot s (its element
// position in the buffer) gets value f(seed, t, s) from a counter-based hash (splitmix64):
// the data depends only on the seed and the case, never on threads or visiting order, and a
// broadcast view (stride 0) reads one consistent value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/op_call.hpp"

namespace hwcert::conformance {

uint64_t splitmix64(uint64_t x);
// Hash of (seed, stream, counter): independent uniform 64-bit values.
uint64_t counter_hash(uint64_t seed, uint64_t stream, uint64_t counter);

// The buffer image of every input of `call` (call.inputs()[i].required_bytes() bytes each):
// exact tier: small integers within the safe accumulation length of the op and dtype;
// statistical tier: reals in a range suited to the op and operand (positive for log, sqrt,
// rsqrt, pow's base; divisors away from 0; random bit patterns for data movement);
// special tier: ±0, ±Inf, NaN, subnormals, extremes, rounding ties (casts) mixed with reals.
// range tier: softmax and log_softmax rows share one large offset per tensor (1.5 to 3
// times exp's f32 overflow threshold, f64's for f64, either sign) with a spread of ±8; other
// ops draw statistical values.
// gather indices are in range, except in the out_of_range tier: there about half of them
// (and always at least one) lie outside [0, extent), the other inputs are statistical.
std::vector<std::vector<std::byte>> generate_inputs(const OpCall& call, InputTier tier,
                                                    uint64_t seed);

// Why `tier` cannot fill the inputs of `call` (empty when it can): the out_of_range tier needs
// an index input with at least one element (gather).
std::string tier_mismatch(const OpCall& call, InputTier tier);

// Largest magnitude r of exact-tier integers for a call: all partial sums of K products of
// values in [-r, r] stay exactly representable in the accumulation/output precision.
// Returns 0 when even r = 1 is too large and the data must be sparse (see exact_density).
int64_t exact_tier_range(const OpCall& call);
// Fraction of non-zero exact-tier values (1 unless K exceeds the output precision).
double exact_tier_density(const OpCall& call);

}  // namespace hwcert::conformance
