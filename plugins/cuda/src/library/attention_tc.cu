// scaled_dot_product_attention for f16 and bf16 on tensor cores (WMMA, compute capability
// 8.0+), flash-attention style. A block of kTcWarps warps owns kTcQueryTile query rows of
// one (batch, head); each warp owns 16 of them. K and V stream through shared memory in
// tiles of kTcKeyTile keys. Per tile a warp computes its 16 x 64 scores S = Q K^T with
// f32 accumulation into shared memory, updates each row's running max and sum in f32,
// writes the probabilities P (rounded to the input dtype, as tensor cores take them) and
// rescales its f32 output accumulator O in shared memory, then adds P V on tensor cores.
// O lives in shared memory because a WMMA accumulator's element-to-row mapping is opaque,
// and the per-row rescale needs it. With the causal mask, key tiles past the block's last
// query are never loaded.
#include <cuda_runtime.h>
#include <mma.h>

#include <cstdint>

#include "attention_launch.hpp"
#include "attention_plan.hpp"
#include "attention_tc.hpp"
#include "row_ops_device.hpp"

namespace hwcert::cuda::library::attention {
namespace {

using namespace device;
namespace wmma = nvcuda::wmma;

constexpr int kThreads = kTcWarps * 32;

struct TcParams {
  const unsigned short* q = nullptr;
  const unsigned short* k = nullptr;
  const unsigned short* v = nullptr;
  unsigned short* y = nullptr;
  Geometry g;
  int64_t q_tiles = 0;
  float scale = 0.0f;
  int32_t vector_q = 0, vector_k = 0, vector_v = 0;  // rows copied in 16-byte pieces
};

#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800  // only the tensor-core kernel uses it
// Copies rows row0 .. row0 + rows - 1 (cols elements each) of a 16-bit matrix with element
// strides (row_stride, col_stride) into shared memory rows dst_stride apart; rows at or
// past `limit` are zero. vectorized: col_stride is 1 and every row starts on 16 bytes.
__device__ inline void load_tile(unsigned short* dst, int64_t dst_stride, const unsigned short* src,
                                 int64_t row_stride, int64_t col_stride, int64_t row0, int rows,
                                 int cols, int64_t limit, bool vectorized) {
  if (vectorized) {
    const int chunks = cols / 8;
    for (int idx = static_cast<int>(threadIdx.x); idx < rows * chunks; idx += kThreads) {
      const int r = idx / chunks, c = idx % chunks * 8;
      uint4 value = make_uint4(0, 0, 0, 0);
      if (row0 + r < limit) {
        value = *reinterpret_cast<const uint4*>(src + (row0 + r) * row_stride + c);
      }
      *reinterpret_cast<uint4*>(dst + r * dst_stride + c) = value;
    }
    return;
  }
  for (int idx = static_cast<int>(threadIdx.x); idx < rows * cols; idx += kThreads) {
    const int r = idx / cols, c = idx % cols;
    dst[r * dst_stride + c] =
        row0 + r < limit ? src[(row0 + r) * row_stride + c * col_stride] : 0;  // +0.0
  }
}
#endif

// T: F16 or BF16 (row_ops_device.hpp); Element: the WMMA element type.
template <typename T, typename Element>
__global__ void __launch_bounds__(kThreads) attention_tc_kernel(const TcParams p) {
#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800
  using Bits = unsigned short;
  extern __shared__ __align__(128) unsigned char shared_raw[];
  const int64_t qk_stride = p.g.d + kTcPad, v_stride = p.g.dv + kTcPad;
  constexpr int s_stride = kTcKeyTile + kTcFloatPad, p_stride = kTcKeyTile + kTcPad;
  const int64_t o_stride = p.g.dv + kTcFloatPad;
  Bits* q_tile = reinterpret_cast<Bits*>(shared_raw);
  Bits* k_tile = q_tile + kTcQueryTile * qk_stride;
  Bits* v_tile = k_tile + kTcKeyTile * qk_stride;
  Bits* p_all = v_tile + kTcKeyTile * v_stride;
  float* s_all = reinterpret_cast<float*>(p_all + kTcWarps * 16 * p_stride);
  float* o_all = s_all + kTcWarps * 16 * s_stride;

  const int warp = static_cast<int>(threadIdx.x) / 32, lane = static_cast<int>(threadIdx.x) % 32;
  Bits* p_warp = p_all + warp * 16 * p_stride;
  float* s_warp = s_all + warp * 16 * s_stride;
  float* o_warp = o_all + warp * 16 * o_stride;

  const int64_t block = blockIdx.x;
  const int64_t bh = block / p.q_tiles;
  const int64_t q0 = (p.q_tiles - 1 - block % p.q_tiles) * kTcQueryTile;  // longest first
  const int64_t b = bh / p.g.heads, h = bh % p.g.heads;
  const Bits* q = p.q + b * p.g.qs[0] + h * p.g.qs[1];
  const Bits* k = p.k + b * p.g.ks[0] + h * p.g.ks[1];
  const Bits* v = p.v + b * p.g.vs[0] + h * p.g.vs[1];
  Bits* y = p.y + b * p.g.ys[0] + h * p.g.ys[1];
  const float minus_inf = negative_infinity(0.0f);

  const int d = static_cast<int>(p.g.d), dv = static_cast<int>(p.g.dv);
  load_tile(q_tile, qk_stride, q, p.g.qs[2], p.g.qs[3], q0, kTcQueryTile, d, p.g.sq,
            p.vector_q != 0);
  for (int64_t idx = lane; idx < 16 * o_stride; idx += 32) o_warp[idx] = 0.0f;
  __syncwarp();

  // Two lanes per row: row = lane / 2, columns half * 32 .. half * 32 + 31 of a tile.
  const int row = lane / 2, half = lane % 2;
  const int64_t i = q0 + warp * 16 + row;
  float m = minus_inf, l = 0.0f;

  const int64_t key_end = p.g.causal && q0 + kTcQueryTile < p.g.sk ? q0 + kTcQueryTile : p.g.sk;
  for (int64_t j0 = 0; j0 < key_end; j0 += kTcKeyTile) {
    __syncthreads();  // the previous K and V tiles are consumed (and Q is complete)
    load_tile(k_tile, qk_stride, k, p.g.ks[2], p.g.ks[3], j0, kTcKeyTile, d, p.g.sk,
              p.vector_k != 0);
    load_tile(v_tile, v_stride, v, p.g.vs[2], p.g.vs[3], j0, kTcKeyTile, dv, p.g.sk,
              p.vector_v != 0);
    __syncthreads();

    // S = Q K^T for the warp's 16 rows and the tile's 64 keys.
    {
      wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[kTcKeyTile / 16];
#pragma unroll
      for (int n = 0; n < kTcKeyTile / 16; ++n) wmma::fill_fragment(acc[n], 0.0f);
      for (int64_t kk = 0; kk < p.g.d; kk += 16) {
        wmma::fragment<wmma::matrix_a, 16, 16, 16, Element, wmma::row_major> a;
        wmma::load_matrix_sync(
            a, reinterpret_cast<const Element*>(q_tile + warp * 16 * qk_stride + kk),
            static_cast<unsigned>(qk_stride));
#pragma unroll
        for (int n = 0; n < kTcKeyTile / 16; ++n) {
          // K^T as a col-major 16 x 16 block: element (d, key) at k_tile[key * stride + d].
          wmma::fragment<wmma::matrix_b, 16, 16, 16, Element, wmma::col_major> bk;
          wmma::load_matrix_sync(bk,
                                 reinterpret_cast<const Element*>(k_tile + n * 16 * qk_stride + kk),
                                 static_cast<unsigned>(qk_stride));
          wmma::mma_sync(acc[n], a, bk, acc[n]);
        }
      }
#pragma unroll
      for (int n = 0; n < kTcKeyTile / 16; ++n) {
        wmma::store_matrix_sync(s_warp + n * 16, acc[n], s_stride, wmma::mem_row_major);
      }
    }
    __syncwarp();

    // Online softmax over the row's 64 scores, split between two lanes.
    float tile_max = minus_inf;
    for (int c = half * 32; c < half * 32 + 32; ++c) {
      const int64_t key = j0 + c;
      const bool unmasked = key < p.g.sk && (!p.g.causal || key <= i);
      const float score = unmasked ? s_warp[row * s_stride + c] * p.scale : minus_inf;
      s_warp[row * s_stride + c] = score;
      tile_max = fmaxf(tile_max, score);
    }
    tile_max = fmaxf(tile_max, __shfl_xor_sync(0xffffffffu, tile_max, 1));
    const float new_max = fmaxf(m, tile_max);
    const float rescale = m == minus_inf ? 0.0f : expf(m - new_max);
    float sum = 0.0f;
    for (int c = half * 32; c < half * 32 + 32; ++c) {
      const float score = s_warp[row * s_stride + c];
      const float prob = score == minus_inf ? 0.0f : expf(score - new_max);
      sum += prob;
      p_warp[row * p_stride + c] = T::store(prob);
    }
    sum += __shfl_xor_sync(0xffffffffu, sum, 1);
    l = l * rescale + sum;
    m = new_max;
    for (int64_t c = half; c < p.g.dv; c += 2) o_warp[row * o_stride + c] *= rescale;
    __syncwarp();

    // O += P V.
    for (int64_t nb = 0; nb < p.g.dv; nb += 16) {
      wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
      wmma::load_matrix_sync(acc, o_warp + nb, static_cast<unsigned>(o_stride),
                             wmma::mem_row_major);
#pragma unroll
      for (int kk = 0; kk < kTcKeyTile; kk += 16) {
        wmma::fragment<wmma::matrix_a, 16, 16, 16, Element, wmma::row_major> a;
        wmma::load_matrix_sync(a, reinterpret_cast<const Element*>(p_warp + kk), p_stride);
        wmma::fragment<wmma::matrix_b, 16, 16, 16, Element, wmma::row_major> bv;
        wmma::load_matrix_sync(bv, reinterpret_cast<const Element*>(v_tile + kk * v_stride + nb),
                               static_cast<unsigned>(v_stride));
        wmma::mma_sync(acc, a, bv, acc);
      }
      wmma::store_matrix_sync(o_warp + nb, acc, static_cast<unsigned>(o_stride),
                              wmma::mem_row_major);
    }
    __syncwarp();
  }

  if (i < p.g.sq) {
    for (int64_t c = half; c < p.g.dv; c += 2) {
      // l = 0 only without keys (Sk = 0): the output is the empty sum, 0.
      const float out = l > 0.0f ? o_warp[row * o_stride + c] / l : 0.0f;
      y[i * p.g.ys[2] + c * p.g.ys[3]] = T::store(out);
    }
  }
#endif
}

// Rows of 16-bit elements that start on 16 bytes and are contiguous.
bool rows_in_16_bytes(const DeviceTensor& t) {
  const bool aligned = reinterpret_cast<std::uintptr_t>(t.data) % 16 == 0;
  return aligned && t.strides[3] == 1 && t.strides[0] % 8 == 0 && t.strides[1] % 8 == 0 &&
         t.strides[2] % 8 == 0;
}

}  // namespace

bool tensor_cores_built_for_device() noexcept {
  cudaFuncAttributes attributes{};
  if (cudaFuncGetAttributes(&attributes, attention_tc_kernel<BF16, __nv_bfloat16>) != cudaSuccess) {
    cudaGetLastError();  // clear the error; the CUDA-core kernel runs instead
    return false;
  }
  return attributes.ptxVersion >= 80;
}

cudaError_t launch_tensor_cores(const AttentionProblem& problem, cudaStream_t stream) {
  TcParams p;
  p.q = reinterpret_cast<const unsigned short*>(problem.q.data);
  p.k = reinterpret_cast<const unsigned short*>(problem.k.data);
  p.v = reinterpret_cast<const unsigned short*>(problem.v.data);
  p.y = reinterpret_cast<unsigned short*>(problem.y.data);
  p.g = geometry_of(problem);
  p.q_tiles = (p.g.sq + kTcQueryTile - 1) / kTcQueryTile;
  p.scale = static_cast<float>(problem.scale);
  p.vector_q = rows_in_16_bytes(problem.q) ? 1 : 0;
  p.vector_k = rows_in_16_bytes(problem.k) ? 1 : 0;
  p.vector_v = rows_in_16_bytes(problem.v) ? 1 : 0;
  const auto blocks = static_cast<unsigned>(
      tensor_core_block_count(problem.q.shape[0], problem.q.shape[1], p.g.sq));
  const uint64_t shared = tensor_core_shared_memory_bytes(p.g.d, p.g.dv);
  if (problem.q.dtype == HWC_DTYPE_F16) {
    return launch_with_shared_memory(attention_tc_kernel<F16, __half>, blocks, kThreads, shared,
                                     stream, p);
  }
  return launch_with_shared_memory(attention_tc_kernel<BF16, __nv_bfloat16>, blocks, kThreads,
                                   shared, stream, p);
}

}  // namespace hwcert::cuda::library::attention
