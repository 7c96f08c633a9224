// scaled_dot_product_attention on CUDA cores, flash-attention style: a block owns
// kQueryTile query rows of one (batch, head) in shared memory, streams K and V through
// shared memory in tiles of kKeyTile keys and keeps, per query row, an online softmax
// (running max and sum) and the output accumulator in registers. Nothing of size Sq x Sk
// is stored. With the causal mask, key tiles past the block's last query are never loaded.
// Computation is in f32 (f64 for f64 inputs); plan and support rules in attention_plan.hpp.
// f16 and bf16 problems with head dims that are multiples of 16 take the tensor-core kernel
// (attention_tc.cu) on compute capability 8.0+; this kernel runs everything else.
#include <cuda_runtime.h>

#include <cstdint>
#include <optional>

#include "attention_launch.hpp"
#include "attention_plan.hpp"
#include "attention_tc.hpp"
#include "cuda_errors.hpp"
#include "library_ops.hpp"
#include "row_ops_device.hpp"

namespace hwcert::cuda::library {
namespace {

using namespace device;
using attention::kKeyTile;
using attention::kQueryTile;
using attention::kRowsPerWarp;
using attention::kWarps;

constexpr int kThreads = kWarps * 32;

struct AttentionParams {
  const void* q = nullptr;
  const void* k = nullptr;
  const void* v = nullptr;
  void* y = nullptr;
  attention::Geometry g;
  int64_t q_tiles = 0;
  int64_t key_stride = 0;  // row stride of the shared K tile
  double scale = 0.0;
};

// DVC: output columns per lane (lane + 32 * c for c < DVC).
template <typename T, int DVC>
__global__ void __launch_bounds__(kThreads) attention_kernel(const AttentionParams p) {
  using Acc = typename T::Acc;
  using Bits = typename T::Bits;
  constexpr int VS = DVC * 32;  // row stride of the shared V tile, zero-padded past Dv
  extern __shared__ __align__(16) unsigned char shared_raw[];
  Acc* q_tile = reinterpret_cast<Acc*>(shared_raw);
  Acc* k_tile = q_tile + kQueryTile * p.g.d;
  Acc* v_tile = k_tile + kKeyTile * p.key_stride;

  const int64_t block = blockIdx.x;
  const int64_t bh = block / p.q_tiles;
  const int64_t q0 = (p.q_tiles - 1 - block % p.q_tiles) * kQueryTile;  // longest rows first
  const int64_t b = bh / p.g.heads, h = bh % p.g.heads;
  const Bits* q = static_cast<const Bits*>(p.q) + b * p.g.qs[0] + h * p.g.qs[1];
  const Bits* k = static_cast<const Bits*>(p.k) + b * p.g.ks[0] + h * p.g.ks[1];
  const Bits* v = static_cast<const Bits*>(p.v) + b * p.g.vs[0] + h * p.g.vs[1];
  Bits* y = static_cast<Bits*>(p.y) + b * p.g.ys[0] + h * p.g.ys[1];
  const int warp = static_cast<int>(threadIdx.x) / 32, lane = static_cast<int>(threadIdx.x) % 32;
  const Acc zero = 0;
  const Acc minus_inf = negative_infinity(zero);
  const Acc scale = static_cast<Acc>(p.scale);

  for (int64_t idx = threadIdx.x; idx < kQueryTile * p.g.d; idx += kThreads) {
    const int64_t i = q0 + idx / p.g.d, c = idx % p.g.d;
    q_tile[idx] = i < p.g.sq ? T::load(q[i * p.g.qs[2] + c * p.g.qs[3]]) : zero;
  }

  Acc m[kRowsPerWarp], l[kRowsPerWarp], o[kRowsPerWarp][DVC];
#pragma unroll
  for (int r = 0; r < kRowsPerWarp; ++r) {
    m[r] = minus_inf;
    l[r] = zero;
#pragma unroll
    for (int c = 0; c < DVC; ++c) o[r][c] = zero;
  }
  const Acc* my_q = q_tile + static_cast<int64_t>(warp) * kRowsPerWarp * p.g.d;

  // Causal: keys past the block's last query row are masked for every row of the block.
  const int64_t key_end = p.g.causal && q0 + kQueryTile < p.g.sk ? q0 + kQueryTile : p.g.sk;
  for (int64_t j0 = 0; j0 < key_end; j0 += kKeyTile) {
    __syncthreads();  // the previous tiles are consumed (and the Q tile is complete)
    for (int64_t idx = threadIdx.x; idx < kKeyTile * p.g.d; idx += kThreads) {
      const int64_t j = idx / p.g.d, c = idx % p.g.d, key = j0 + j;
      k_tile[j * p.key_stride + c] =
          key < p.g.sk ? T::load(k[key * p.g.ks[2] + c * p.g.ks[3]]) : zero;
    }
    for (int idx = static_cast<int>(threadIdx.x); idx < kKeyTile * VS; idx += kThreads) {
      const int64_t j = idx / VS, c = idx % VS, key = j0 + j;
      v_tile[idx] = key < p.g.sk && c < p.g.dv ? T::load(v[key * p.g.vs[2] + c * p.g.vs[3]]) : zero;
    }
    __syncthreads();

    // Lane j scores key j0 + j against the warp's rows.
    Acc s[kRowsPerWarp];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) s[r] = zero;
    const Acc* my_k = k_tile + static_cast<int64_t>(lane) * p.key_stride;
    for (int64_t c = 0; c < p.g.d; ++c) {
      const Acc kc = my_k[c];
#pragma unroll
      for (int r = 0; r < kRowsPerWarp; ++r) s[r] += my_q[r * p.g.d + c] * kc;
    }
    const int64_t key = j0 + lane;
    Acc prob[kRowsPerWarp];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
      const int64_t i = q0 + warp * kRowsPerWarp + r;
      const bool unmasked = key < p.g.sk && (!p.g.causal || key <= i);
      const Acc score = unmasked ? s[r] * scale : minus_inf;
      const Acc tile_max = warp_reduce(score, Max{});
      const Acc new_max = math_max(m[r], tile_max);
      // Both guards keep a row whose keys are all masked so far at l = 0, o = 0.
      const Acc rescale = m[r] == minus_inf ? zero : m_exp(m[r] - new_max);
      prob[r] = unmasked ? m_exp(score - new_max) : zero;
      l[r] = l[r] * rescale + warp_reduce(prob[r], Sum{});
      m[r] = new_max;
#pragma unroll
      for (int c = 0; c < DVC; ++c) o[r][c] *= rescale;
    }
#pragma unroll 4
    for (int j = 0; j < kKeyTile; ++j) {
      Acc pj[kRowsPerWarp];
#pragma unroll
      for (int r = 0; r < kRowsPerWarp; ++r) pj[r] = __shfl_sync(0xffffffffu, prob[r], j);
#pragma unroll
      for (int c = 0; c < DVC; ++c) {
        const Acc vc = v_tile[j * VS + c * 32 + lane];
#pragma unroll
        for (int r = 0; r < kRowsPerWarp; ++r) o[r][c] += pj[r] * vc;
      }
    }
  }

#pragma unroll
  for (int r = 0; r < kRowsPerWarp; ++r) {
    const int64_t i = q0 + warp * kRowsPerWarp + r;
    if (i >= p.g.sq) continue;
#pragma unroll
    for (int c = 0; c < DVC; ++c) {
      const int64_t col = c * 32 + lane;
      // l = 0 only without keys (Sk = 0): the output is the empty sum, 0.
      if (col < p.g.dv)
        y[i * p.g.ys[2] + col * p.g.ys[3]] = T::store(l[r] > zero ? o[r][c] / l[r] : zero);
    }
  }
}

template <typename T>
cudaError_t launch_typed(const AttentionParams& p, unsigned blocks, uint64_t shared,
                         cudaStream_t stream) {
  switch (attention::value_chunks(p.g.dv)) {
    case 2:
      return attention::launch_with_shared_memory(attention_kernel<T, 2>, blocks, kThreads, shared,
                                                  stream, p);
    case 4:
      return attention::launch_with_shared_memory(attention_kernel<T, 4>, blocks, kThreads, shared,
                                                  stream, p);
    default:
      return attention::launch_with_shared_memory(attention_kernel<T, 8>, blocks, kThreads, shared,
                                                  stream, p);
  }
}

}  // namespace

OpStatus launch(const AttentionProblem& problem, DeviceLibraries& /*libraries*/,
                Workspace /*workspace*/, cudaStream_t stream) {
  const DeviceTensor& yt = problem.y;
  for (uint32_t d = 0; d < 4; ++d) {
    if (yt.shape[d] == 0) return {};  // nothing to write
  }
  int device = 0, cc_major = 0, shared_limit = 0;
  cudaError_t error = cudaGetDevice(&device);
  if (error == cudaSuccess) {
    error = cudaDeviceGetAttribute(&cc_major, cudaDevAttrComputeCapabilityMajor, device);
  }
  if (error == cudaSuccess) {
    error = cudaDeviceGetAttribute(&shared_limit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device);
  }
  if (error != cudaSuccess) return {status_of(error), describe("attention: device query", error)};
  // A build without sm_80+ code has no tensor-core kernel: run it as a pre-8.0 device.
  if (cc_major >= 8 && !attention::tensor_cores_built_for_device()) cc_major = 7;
  const attention::AttentionKernel kernel =
      attention::choose_kernel(problem, cc_major, static_cast<uint64_t>(shared_limit));
  if (kernel == attention::AttentionKernel::tensor_cores) {
    error = attention::launch_tensor_cores(problem, stream);
    if (error != cudaSuccess) {
      return {status_of(error), describe("attention kernel launch (tensor cores)", error)};
    }
    return {};
  }
  if (kernel == attention::AttentionKernel::none) {
    return {HWC_STATUS_UNSUPPORTED,
            "attention: the problem does not fit this device's shared memory"};
  }
  AttentionParams p;
  p.q = problem.q.data;
  p.k = problem.k.data;
  p.v = problem.v.data;
  p.y = yt.data;
  p.g = attention::geometry_of(problem);
  p.q_tiles = (p.g.sq + kQueryTile - 1) / kQueryTile;
  p.key_stride = attention::key_tile_stride(p.g.d);
  p.scale = problem.scale;
  const auto blocks =
      static_cast<unsigned>(attention::block_count(problem.q.shape[0], problem.q.shape[1], p.g.sq));
  const uint64_t shared = attention::shared_memory_bytes(problem.q.dtype, p.g.d, p.g.dv);

  const std::optional<cudaError_t> launched =
      with_element_type(problem.q.dtype, std::optional<cudaError_t>{}, [&](auto element) {
        return std::optional<cudaError_t>(
            launch_typed<decltype(element)>(p, blocks, shared, stream));
      });
  if (!launched) return {HWC_STATUS_INTERNAL, "attention: launch called with an unsupported dtype"};
  error = *launched;
  if (error != cudaSuccess) return {status_of(error), describe("attention kernel launch", error)};
  return {};
}

}  // namespace hwcert::cuda::library
