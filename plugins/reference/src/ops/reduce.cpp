// reduce_sum, reduce_max, reduce_mean over a set of axes.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/accumulate.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

enum class Reduction { kSum, kMax, kMean };

struct ReduceParams {
  Reduction kind = Reduction::kSum;
  std::vector<bool> reduced;  // per input dim
};

template <class C>
C combine_max(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (mutant(Mutant::kReduceMaxDropsNan) && (std::isnan(a) || std::isnan(b)))
      return std::isnan(a) ? b : a;
    if (std::isnan(a) || std::isnan(b)) return a + b;
  }
  return a > b ? a : b;
}

// a + b for an integer sum of `dtype`: wraps (the catalogue), or a planted variant.
inline int64_t integer_sum(int64_t a, int64_t b, int32_t dtype) {
  const auto wrapped = static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  if (mutant(Mutant::kReduceSumIntSaturates)) {
    const int bits = static_cast<int>(8 * dtype_size(dtype));
    const int64_t max =
        bits == 64 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << (bits - 1)) - 1;
    const int64_t min = -max - 1;
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum)) return a < 0 ? min : max;
    return sum > max ? max : sum < min ? min : sum;
  }
  if (mutant(Mutant::kReduceSumI64ViaDouble) && dtype == HWC_DTYPE_I64) {
    const double d = static_cast<double>(a) + static_cast<double>(b);
    return d >= -0x1p63 && d < 0x1p63 ? static_cast<int64_t>(d) : wrapped;
  }
  return wrapped;
}

template <class C>
void run_reduce(const ReduceParams& p, const Operand& x, const Operand& y, ThreadPool& pool) {
  // Kept dims index the outputs (in order); reduced dims are walked per output element.
  std::vector<int64_t> kept_shape, kept_in, reduced_shape, reduced_in;
  for (uint32_t d = 0; d < x.view.rank; ++d) {
    if (p.reduced[d]) {
      reduced_shape.push_back(x.view.shape[d]);
      reduced_in.push_back(x.view.strides[d]);
    } else {
      kept_shape.push_back(x.view.shape[d]);
      kept_in.push_back(x.view.strides[d]);
    }
  }
  // Output strides for the kept dims (keepdims only adds size-1 dims, which never move).
  std::vector<int64_t> kept_out;
  if (y.view.rank == x.view.rank) {
    for (uint32_t d = 0; d < y.view.rank; ++d) {
      if (!p.reduced[d]) kept_out.push_back(y.view.strides[d]);
    }
  } else {
    kept_out = view_strides(y.view);
  }
  int64_t outputs = 1;
  for (int64_t e : kept_shape) outputs *= e;
  int64_t count = 1;
  for (int64_t e : reduced_shape) count *= e;
  if (outputs == 0) return;
  const StridedLoop inner(reduced_shape, {reduced_in});
  const int64_t es = static_cast<int64_t>(x.view.element_size());
  auto initial = [&] {
    if (p.kind == Reduction::kMax) {
      return std::is_floating_point_v<C> ? -std::numeric_limits<C>::infinity()
                                         : std::numeric_limits<C>::lowest();
    }
    return C(0);
  };
  auto accumulate = [&](C& acc, C value) {
    if (p.kind == Reduction::kMax) {
      acc = combine_max(acc, value);
    } else if constexpr (std::is_same_v<C, int64_t>) {
      acc = integer_sum(acc, value, x.view.dtype);
    } else {
      acc += value;
    }
  };
  auto finish = [&](C acc) {
    if constexpr (!std::is_same_v<C, int64_t>) {
      if (p.kind == Reduction::kMean) acc = acc / static_cast<C>(count);
    }
    return acc;
  };

  // Column mode: the innermost kept dim is closer together in memory than the reduced ones
  // (e.g. reducing axis 0 of a row-major matrix). Each task owns a run of outputs along that
  // dim and adds whole rows into it, one reduced element after the other.
  int64_t min_reduced_stride = std::numeric_limits<int64_t>::max();
  for (int64_t stride : reduced_in) min_reduced_stride = std::min(min_reduced_stride, stride);
  const bool column_mode = !kept_shape.empty() && !reduced_shape.empty() && kept_shape.back() > 1 &&
                           kept_in.back() < min_reduced_stride;
  if (column_mode) {
    constexpr int64_t kRun = 512;
    const int64_t last = kept_shape.back();
    const int64_t runs_per_row = (last + kRun - 1) / kRun;
    const int64_t rows = outputs / last;
    pool.parallel_for(rows * runs_per_row, 1, [&](int64_t begin, int64_t end) {
      std::vector<C> acc(kRun), values(kRun);
      for (int64_t task = begin; task < end; ++task) {
        const int64_t row = task / runs_per_row;
        const int64_t start = (task % runs_per_row) * kRun;
        const int64_t n = std::min(kRun, last - start);
        int64_t in_offset = start * kept_in.back();
        int64_t out_offset = start * kept_out.back();
        int64_t rest = row;
        for (std::size_t d = kept_shape.size() - 1; d-- > 0;) {
          const int64_t index = rest % kept_shape[d];
          rest /= kept_shape[d];
          in_offset += index * kept_in[d];
          out_offset += index * kept_out[d];
        }
        std::fill(acc.begin(), acc.end(), initial());
        const std::byte* base = element_at(x, in_offset);
        inner.for_each_block_serial(int64_t{1} << 30, [&](const int64_t* offsets, int64_t length) {
          for (int64_t t = 0; t < length; ++t) {
            const int64_t reduced_offset = offsets[0] + t * inner.inner_stride(0);
            load_row<C>(x.view.dtype, base + reduced_offset * es, kept_in.back(), n, values.data());
            for (int64_t j = 0; j < n; ++j)
              accumulate(acc[static_cast<std::size_t>(j)], values[static_cast<std::size_t>(j)]);
          }
        });
        for (int64_t j = 0; j < n; ++j)
          acc[static_cast<std::size_t>(j)] = finish(acc[static_cast<std::size_t>(j)]);
        store_row<C>(y.view.dtype, element_at(y, out_offset), kept_out.back(), n, acc.data());
      }
    });
    return;
  }

  // Row mode: each output walks its reduced elements in blocks (8-lane partial sums).
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(count, 1));
  pool.parallel_for(outputs, grain, [&](int64_t begin, int64_t end) {
    std::vector<C> buffer(
        static_cast<std::size_t>(std::min<int64_t>(std::max<int64_t>(count, 1), 4096)));
    for (int64_t o = begin; o < end; ++o) {
      int64_t in_offset = 0;
      int64_t out_offset = 0;
      int64_t rest = o;
      for (std::size_t d = kept_shape.size(); d-- > 0;) {
        const int64_t index = rest % kept_shape[d];
        rest /= kept_shape[d];
        in_offset += index * kept_in[d];
        out_offset += index * kept_out[d];
      }
      C result = initial();
      const std::byte* base = element_at(x, in_offset);
      inner.for_each_block_serial(static_cast<int64_t>(buffer.size()), [&](const int64_t* offsets,
                                                                           int64_t n) {
        load_row<C>(x.view.dtype, base + offsets[0] * es, inner.inner_stride(0), n, buffer.data());
        if (p.kind == Reduction::kSum || p.kind == Reduction::kMean) {
          if constexpr (!std::is_same_v<C, int64_t>) {
            result += sum_values(buffer.data(), n);
            return;
          }
        }
        for (int64_t i = 0; i < n; ++i) accumulate(result, buffer[static_cast<std::size_t>(i)]);
      });
      result = finish(result);
      store_row<C>(y.view.dtype, element_at(y, out_offset), 1, 1, &result);
    }
  });
}

}  // namespace

OpRunner prepare_reduce(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"axes", "keepdims"});
  ReduceParams p;
  p.kind = call.name == "reduce_sum"   ? Reduction::kSum
           : call.name == "reduce_max" ? Reduction::kMax
                                       : Reduction::kMean;
  const TensorView& x = call.inputs[0];
  if (p.kind == Reduction::kMean) {
    expect_dtype_in(call, x.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                    "input");
  } else {
    expect_dtype_in(
        call, x.dtype,
        {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_I32, HWC_DTYPE_I64},
        "input");
  }
  const bool keepdims = attrs.get_flag("keepdims", false);
  const std::vector<int64_t> axes = attrs.get_ints("axes", {});
  p.reduced.assign(x.rank, axes.empty());
  for (int64_t axis : axes) {
    const int64_t a = normalize_axis(call, "axes", axis, x.rank);
    if (p.reduced[static_cast<std::size_t>(a)])
      attrs.bad_value("axes", "names axis " + std::to_string(a) + " twice");
    p.reduced[static_cast<std::size_t>(a)] = true;
  }
  std::vector<int64_t> out_shape;
  for (uint32_t d = 0; d < x.rank; ++d) {
    if (!p.reduced[d]) {
      out_shape.push_back(x.shape[d]);
    } else if (keepdims) {
      out_shape.push_back(1);
    }
  }
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], out_shape, "output");
  const int32_t dtype = x.dtype;
  return [p, dtype](const Operands& io, ThreadPool& pool) {
    if (dtype == HWC_DTYPE_F64) {
      run_reduce<double>(p, io.inputs[0], io.outputs[0], pool);
    } else if (is_int_dtype(dtype)) {
      run_reduce<int64_t>(p, io.inputs[0], io.outputs[0], pool);
    } else {
      run_reduce<float>(p, io.inputs[0], io.outputs[0], pool);
    }
  };
}

}  // namespace hwcert::reference
