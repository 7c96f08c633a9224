// reduce_sum, reduce_max, reduce_mean over a set of axes.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "dtype.hpp"
#include "errors.hpp"
#include "ops/accumulate.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcref {
namespace {

enum class Reduction { kSum, kMax, kMean };

struct ReduceParams {
  Reduction kind = Reduction::kSum;
  std::vector<bool> reduced;  // per input dim
};

template <class C>
C combine_max(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(a) || std::isnan(b)) return a + b;
  }
  return a > b ? a : b;
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
      C result;
      if (p.kind == Reduction::kMax) {
        result = std::is_floating_point_v<C> ? -std::numeric_limits<C>::infinity()
                                             : std::numeric_limits<C>::lowest();
      } else {
        result = C(0);
      }
      const std::byte* base = element_at(x, in_offset);
      const int64_t es = static_cast<int64_t>(x.view.element_size());
      inner.for_each_block_serial(static_cast<int64_t>(buffer.size()), [&](const int64_t* offsets,
                                                                           int64_t n) {
        load_row<C>(x.view.dtype, base + offsets[0] * es, inner.inner_stride(0), n, buffer.data());
        if (p.kind == Reduction::kMax) {
          for (int64_t i = 0; i < n; ++i)
            result = combine_max(result, buffer[static_cast<std::size_t>(i)]);
        } else if constexpr (std::is_same_v<C, int64_t>) {
          for (int64_t i = 0; i < n; ++i) {
            result =
                static_cast<int64_t>(static_cast<uint64_t>(result) +
                                     static_cast<uint64_t>(buffer[static_cast<std::size_t>(i)]));
          }
        } else {
          result += sum_values(buffer.data(), n);
        }
      });
      if constexpr (!std::is_same_v<C, int64_t>) {
        if (p.kind == Reduction::kMean) result = result / static_cast<C>(count);
      }
      store_row<C>(y.view.dtype, element_at(y, out_offset), 1, 1, &result);
    }
  });
}

}  // namespace

OpRunner prepare_reduce(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const AttributeReader attrs(call, {"axes", "keepdims"});
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

}  // namespace hwcref
