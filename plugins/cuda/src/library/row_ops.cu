// Kernels and launch of softmax, log_softmax, layer_norm and rms_norm (plan: row_ops_plan.hpp).
//
// registers kernel: a group of threads (a warp, or a whole block for rows over 1024
// elements) owns one row at a time. The row is read once into registers (16-byte vectors
// when the plan allows), its statistics are reduced with warp shuffles and, for a block,
// shared memory, and the result is written once.
// looped kernel (rows over row::kMaxRegisterRow elements): one block per row reads the row
// again for each statistic: softmax twice (online max and sum, then the write), rms_norm
// twice (sum of squares, then the write), layer_norm three times (mean, variance, write).
#include <cuda_runtime.h>

#include <climits>
#include <cstdint>
#include <cstring>

#include "cuda_errors.hpp"
#include "library_ops.hpp"
#include "row_ops_device.hpp"
#include "row_ops_plan.hpp"

namespace hwcert::cuda::library {
namespace {

using namespace device;

constexpr int kMaxDims = HWC_MAX_RANK;
constexpr int kWarpRowsBlock = 128;  // threads per block of the warp-per-row variants

struct KernelDims {
  int32_t count = 0;
  int64_t extent[kMaxDims] = {};
  int64_t x[kMaxDims] = {}, y[kMaxDims] = {}, gamma[kMaxDims] = {}, beta[kMaxDims] = {};
};

struct RowParams {
  const void* x = nullptr;
  void* y = nullptr;
  const void* gamma = nullptr;  // null: 1
  const void* beta = nullptr;   // null: 0
  KernelDims outer, inner;
  int64_t rows = 0, length = 0;
  int32_t op = 0;
  double epsilon = 0.0;
};

constexpr int32_t kSoftmax = static_cast<int32_t>(RowOp::softmax);
constexpr int32_t kLogSoftmax = static_cast<int32_t>(RowOp::log_softmax);
constexpr int32_t kLayerNorm = static_cast<int32_t>(RowOp::layer_norm);

struct Offsets {
  int64_t x = 0, y = 0, gamma = 0, beta = 0;
};

// Element offsets of a linear index over folded dims (outermost first). The outermost dim
// needs no modulo: the index is below the product of the extents.
__device__ inline Offsets offsets_of(const KernelDims& d, int64_t index) {
  Offsets o;
#pragma unroll
  for (int k = kMaxDims - 1; k >= 0; --k) {
    if (k < d.count) {
      int64_t i = index;
      if (k > 0) {
        i = index % d.extent[k];
        index /= d.extent[k];
      }
      o.x += i * d.x[k];
      o.y += i * d.y[k];
      o.gamma += i * d.gamma[k];
      o.beta += i * d.beta[k];
    }
  }
  return o;
}

// offsets_of for the strided path, out of line: inlined into every unrolled register slot
// the 64-bit divisions made the kernels enormous (and the build slow).
__device__ __noinline__ Offsets element_offsets(const KernelDims& d, int64_t index) {
  return offsets_of(d, index);
}

// y for one element once the row statistics are known.
template <typename Acc>
struct RowResult {
  int32_t op;
  Acc center;  // softmax: unused; log_softmax: row max; layer_norm: mean
  Acc factor;  // softmax: 1/sum; log_softmax: log(sum); norms: 1/sqrt(...)
  // softmax / log_softmax from the row max and the sum of exp(x - max).
  __device__ static RowResult of_softmax(int32_t op, Acc max, Acc sum) {
    return {op, max, op == kSoftmax ? Acc(1) / sum : m_log(sum)};
  }
  // layer_norm / rms_norm from the mean (0 for rms_norm) and the sum of squares around it.
  __device__ static RowResult of_norm(int32_t op, Acc mean, Acc squares, Acc n, double epsilon) {
    return {op, mean, Acc(1) / m_sqrt(squares / n + static_cast<Acc>(epsilon))};
  }
  __device__ Acc operator()(Acc v, Acc gamma, Acc beta) const {
    switch (op) {
      case kSoftmax:
        return v * factor;  // v holds exp(x - max)
      case kLogSoftmax:
        return (v - center) - factor;
      case kLayerNorm:
        return (v - center) * factor * gamma + beta;
      default:  // rms_norm
        return v * factor * gamma;
    }
  }
};

template <typename T, int THREADS, int ITEMS, bool VEC>
__global__ void __launch_bounds__(THREADS == 32 ? kWarpRowsBlock : THREADS)
    row_registers_kernel(const __grid_constant__ RowParams p) {
  using Acc = typename T::Acc;
  using Bits = typename T::Bits;
  constexpr int W = VEC ? static_cast<int>(16 / sizeof(Bits)) : 1;
  constexpr int CHUNKS = ITEMS / W;
  constexpr int ROWS_PER_BLOCK = THREADS == 32 ? kWarpRowsBlock / 32 : 1;
  static_assert(ITEMS % W == 0, "whole vectors per thread");
  __shared__ Acc scratch[32];

  const Bits* x = static_cast<const Bits*>(p.x);
  Bits* y = static_cast<Bits*>(p.y);
  const Bits* gamma = static_cast<const Bits*>(p.gamma);
  const Bits* beta = static_cast<const Bits*>(p.beta);
  const int t = static_cast<int>(threadIdx.x) % THREADS;
  const int64_t length = p.length;
  const Acc n = static_cast<Acc>(length);
  const Acc zero = 0;

  for (int64_t row = static_cast<int64_t>(blockIdx.x) * ROWS_PER_BLOCK + threadIdx.x / THREADS;
       row < p.rows; row += static_cast<int64_t>(gridDim.x) * ROWS_PER_BLOCK) {
    const Offsets base = offsets_of(p.outer, row);
    Acc v[ITEMS];
#pragma unroll
    for (int c = 0; c < CHUNKS; ++c) {
      const int64_t e = (static_cast<int64_t>(c) * THREADS + t) * W;
      if (e < length) {
        if constexpr (VEC) {
          const uint4 raw = *reinterpret_cast<const uint4*>(x + base.x + e);
          Bits bits[W];
          memcpy(bits, &raw, sizeof(raw));
#pragma unroll
          for (int k = 0; k < W; ++k) v[c * W + k] = T::load(bits[k]);
        } else {
          v[c] = T::load(x[base.x + element_offsets(p.inner, e).x]);
        }
      } else {
#pragma unroll
        for (int k = 0; k < W; ++k) v[c * W + k] = zero;
      }
    }
    auto valid = [&](int c) { return (static_cast<int64_t>(c) * THREADS + t) * W < length; };

    RowResult<Acc> result{p.op, zero, zero};
    if (p.op == kSoftmax || p.op == kLogSoftmax) {
      Acc m = negative_infinity(zero);
#pragma unroll
      for (int c = 0; c < CHUNKS; ++c) {
        if (valid(c)) {
#pragma unroll
          for (int k = 0; k < W; ++k) m = math_max(m, v[c * W + k]);
        }
      }
      m = group_reduce<THREADS>(m, Max{}, scratch);
      Acc s = zero;
#pragma unroll
      for (int c = 0; c < CHUNKS; ++c) {
        if (valid(c)) {
#pragma unroll
          for (int k = 0; k < W; ++k) {
            const Acc e = m_exp(v[c * W + k] - m);
            if (p.op == kSoftmax) v[c * W + k] = e;
            s += e;
          }
        }
      }
      result = RowResult<Acc>::of_softmax(p.op, m, group_reduce<THREADS>(s, Sum{}, scratch));
    } else {
      Acc mean = zero;
      if (p.op == kLayerNorm) {
        Acc s = zero;
#pragma unroll
        for (int c = 0; c < CHUNKS; ++c) {
          if (valid(c)) {
#pragma unroll
            for (int k = 0; k < W; ++k) s += v[c * W + k];
          }
        }
        mean = group_reduce<THREADS>(s, Sum{}, scratch) / n;
      }
      Acc q = zero;  // sum of squares around the mean (0 for rms_norm)
#pragma unroll
      for (int c = 0; c < CHUNKS; ++c) {
        if (valid(c)) {
#pragma unroll
          for (int k = 0; k < W; ++k) {
            const Acc d = v[c * W + k] - mean;
            q += d * d;
          }
        }
      }
      result = RowResult<Acc>::of_norm(p.op, mean, group_reduce<THREADS>(q, Sum{}, scratch), n,
                                       p.epsilon);
    }

#pragma unroll
    for (int c = 0; c < CHUNKS; ++c) {
      if (!valid(c)) continue;
      const int64_t e = (static_cast<int64_t>(c) * THREADS + t) * W;
      if constexpr (VEC) {
        Bits g[W], b[W], out[W];
        if (gamma != nullptr) {
          const uint4 raw = *reinterpret_cast<const uint4*>(gamma + e);
          memcpy(g, &raw, sizeof(raw));
        }
        if (beta != nullptr) {
          const uint4 raw = *reinterpret_cast<const uint4*>(beta + e);
          memcpy(b, &raw, sizeof(raw));
        }
#pragma unroll
        for (int k = 0; k < W; ++k) {
          const Acc gk = gamma != nullptr ? T::load(g[k]) : Acc(1);
          const Acc bk = beta != nullptr ? T::load(b[k]) : zero;
          out[k] = T::store(result(v[c * W + k], gk, bk));
        }
        uint4 raw;
        memcpy(&raw, out, sizeof(raw));
        *reinterpret_cast<uint4*>(y + base.y + e) = raw;
      } else {
        const Offsets o = element_offsets(p.inner, e);
        const Acc g = gamma != nullptr ? T::load(gamma[o.gamma]) : Acc(1);
        const Acc b = beta != nullptr ? T::load(beta[o.beta]) : zero;
        y[base.y + o.y] = T::store(result(v[c], g, b));
      }
    }
  }
}

template <typename T>
__global__ void __launch_bounds__(row::kLoopedThreads)
    row_looped_kernel(const __grid_constant__ RowParams p) {
  using Acc = typename T::Acc;
  using Bits = typename T::Bits;
  constexpr int THREADS = row::kLoopedThreads;
  __shared__ Acc scratch[32];
  const Bits* x = static_cast<const Bits*>(p.x);
  Bits* y = static_cast<Bits*>(p.y);
  const Bits* gamma = static_cast<const Bits*>(p.gamma);
  const Bits* beta = static_cast<const Bits*>(p.beta);
  const int64_t length = p.length;
  const Acc n = static_cast<Acc>(length);
  const Acc zero = 0;
  const Acc minus_inf = negative_infinity(zero);

  for (int64_t row = blockIdx.x; row < p.rows; row += gridDim.x) {
    const Offsets base = offsets_of(p.outer, row);
    auto at = [&](int64_t e) { return T::load(x[base.x + element_offsets(p.inner, e).x]); };
    RowResult<Acc> result{p.op, zero, zero};
    if (p.op == kSoftmax || p.op == kLogSoftmax) {
      // Online max and sum per thread, then merged: sum_t s_t * exp(m_t - max).
      Acc m = minus_inf, s = zero;
      for (int64_t e = threadIdx.x; e < length; e += THREADS) {
        const Acc v = at(e);
        if (v > m) {
          s = s * m_exp(m - v) + Acc(1);
          m = v;
        } else if (!(v == minus_inf)) {
          s += m_exp(v - m);  // a NaN v makes s NaN, as in the register kernel
        }
      }
      const Acc row_max = group_reduce<THREADS>(m, Max{}, scratch);
      const Acc scaled = m == minus_inf ? zero : s * m_exp(m - row_max);
      result =
          RowResult<Acc>::of_softmax(p.op, row_max, group_reduce<THREADS>(scaled, Sum{}, scratch));
    } else {
      Acc mean = zero;
      if (p.op == kLayerNorm) {
        Acc s = zero;
        for (int64_t e = threadIdx.x; e < length; e += THREADS) s += at(e);
        mean = group_reduce<THREADS>(s, Sum{}, scratch) / n;
      }
      Acc q = zero;
      for (int64_t e = threadIdx.x; e < length; e += THREADS) {
        const Acc d = at(e) - mean;
        q += d * d;
      }
      result = RowResult<Acc>::of_norm(p.op, mean, group_reduce<THREADS>(q, Sum{}, scratch), n,
                                       p.epsilon);
    }
    for (int64_t e = threadIdx.x; e < length; e += THREADS) {
      const Offsets o = element_offsets(p.inner, e);
      Acc v = T::load(x[base.x + o.x]);
      if (p.op == kSoftmax) v = m_exp(v - result.center);
      const Acc g = gamma != nullptr ? T::load(gamma[o.gamma]) : Acc(1);
      const Acc b = beta != nullptr ? T::load(beta[o.beta]) : zero;
      y[base.y + o.y] = T::store(result(v, g, b));
    }
  }
}

unsigned grid_for(int64_t blocks) {
  return static_cast<unsigned>(blocks < INT_MAX ? blocks : INT_MAX);
}

template <typename T, int THREADS, int ITEMS, bool VEC>
void launch_registers(const RowParams& p, cudaStream_t stream) {
  constexpr int64_t rows_per_block = THREADS == 32 ? kWarpRowsBlock / 32 : 1;
  const int64_t blocks = (p.rows + rows_per_block - 1) / rows_per_block;
  const unsigned block = THREADS == 32 ? kWarpRowsBlock : THREADS;
  row_registers_kernel<T, THREADS, ITEMS, VEC><<<grid_for(blocks), block, 0, stream>>>(p);
}

// Returns false for a variant that has no instantiation (a planning bug).
template <typename T, bool VEC>
bool launch_registers(const RowParams& p, const row::RowVariant& v, cudaStream_t stream) {
  const int threads = v.threads_per_row, items = v.items_per_thread;
  if (threads == 32 && items == 32) return launch_registers<T, 32, 32, VEC>(p, stream), true;
  if constexpr (VEC) {
    if (threads == 128 && items == 32) return launch_registers<T, 128, 32, VEC>(p, stream), true;
    if (threads == 256 && items == 32) return launch_registers<T, 256, 32, VEC>(p, stream), true;
  }
  if (threads == 512 && items == 32) return launch_registers<T, 512, 32, VEC>(p, stream), true;
  return false;
}

template <typename T>
bool launch_typed(const RowParams& p, const row::RowVariant& v, cudaStream_t stream) {
  if (v.kernel == row::RowKernel::looped) {
    row_looped_kernel<T><<<grid_for(p.rows), row::kLoopedThreads, 0, stream>>>(p);
    return true;
  }
  return v.vectorized ? launch_registers<T, true>(p, v, stream)
                      : launch_registers<T, false>(p, v, stream);
}

KernelDims kernel_dims(const row::FoldedDims& f) {
  KernelDims d;
  d.count = f.count;
  for (int k = 0; k < f.count; ++k) {
    const auto i = static_cast<std::size_t>(k);
    d.extent[k] = f.extent[i];
    d.x[k] = f.x[i];
    d.y[k] = f.y[i];
    d.gamma[k] = f.gamma[i];
    d.beta[k] = f.beta[i];
  }
  return d;
}

}  // namespace

OpStatus launch(const RowProblem& problem, DeviceLibraries& /*libraries*/, Workspace /*workspace*/,
                cudaStream_t stream) {
  const row::RowPlan plan = row::make_row_plan(problem);
  if (plan.rows == 0 || plan.length == 0) return {};
  RowParams p;
  p.x = problem.x.data;
  p.y = problem.y.data;
  p.gamma = problem.gamma ? problem.gamma->data : nullptr;
  p.beta = problem.beta ? problem.beta->data : nullptr;
  p.outer = kernel_dims(plan.outer);
  p.inner = kernel_dims(plan.inner);
  p.rows = plan.rows;
  p.length = plan.length;
  p.op = static_cast<int32_t>(problem.op);
  p.epsilon = problem.epsilon;

  const bool launched = with_element_type(problem.x.dtype, false, [&](auto element) {
    return launch_typed<decltype(element)>(p, plan.variant, stream);
  });
  if (!launched) {
    return {HWC_STATUS_INTERNAL, "row kernels: no kernel for this dtype and row length"};
  }
  const cudaError_t error = cudaGetLastError();
  if (error != cudaSuccess) return {status_of(error), describe("row kernel launch", error)};
  return {};
}

}  // namespace hwcert::cuda::library
