// Host-side plan of scaled_dot_product_attention: tile sizes, the shared memory a launch
// needs and the support query's rules. No device code, so it is testable without a GPU.
#pragma once

#include <cstdint>
#include <string>

#include "library_ops.hpp"

namespace hwcert::cuda::library::attention {

inline constexpr int32_t kWarps = 4;                          ///< warps per block
inline constexpr int32_t kRowsPerWarp = 4;                    ///< query rows each warp owns
inline constexpr int32_t kQueryTile = kWarps * kRowsPerWarp;  ///< query rows per block
inline constexpr int32_t kKeyTile = 32;                       ///< keys per shared-memory tile
inline constexpr int64_t kMaxHeadDim = 256;                   ///< largest D and Dv
/// Shared memory any launch may use without opting in.
inline constexpr uint64_t kDefaultSharedMemory = 48 * 1024;

/// Which kernel runs a problem.
enum class AttentionKernel {
  none,          ///< unsupported
  cuda_cores,    ///< every float dtype and head dim up to kMaxHeadDim (attention.cu)
  tensor_cores,  ///< f16/bf16 with D, Dv multiples of 16, compute capability 8.0+ (attention_tc.cu)
};

inline constexpr int32_t kTcWarps = 4;                  ///< warps per block, 16 rows each
inline constexpr int32_t kTcQueryTile = kTcWarps * 16;  ///< query rows per block
inline constexpr int32_t kTcKeyTile = 64;               ///< keys per shared-memory tile
inline constexpr int32_t kTcPad = 8;       ///< 16-bit elements padding each Q, K, V, P row
inline constexpr int32_t kTcFloatPad = 4;  ///< floats padding each S and O row

/// Dynamic shared memory of one tensor-core block: Q, K, V tiles (16-bit), and per warp
/// its scores S (f32), probabilities P (16-bit) and output accumulator O (f32).
uint64_t tensor_core_shared_memory_bytes(int64_t d, int64_t dv) noexcept;

/// Blocks of a tensor-core launch: one per (batch, head, tile of kTcQueryTile queries).
int64_t tensor_core_block_count(int64_t batch, int64_t heads, int64_t sq) noexcept;

/// The kernel for a problem on a device of compute capability `cc_major` allowing
/// `shared_memory_limit` bytes per block (0: the default 48 KiB). Tensor cores when they
/// apply and fit, else CUDA cores when they fit, else none. Dtype, math mode and rank
/// rules are the support query's (supports_attention); this only chooses.
AttentionKernel choose_kernel(const AttentionProblem& problem, int cc_major,
                              uint64_t shared_memory_limit) noexcept;

/// Accumulation element size: 8 for f64, 4 for f32, f16 and bf16, 0 for other dtypes.
int32_t accumulator_bytes(int32_t dtype) noexcept;

/// Row stride of the shared K tile: D padded to an odd number so that lanes reading one
/// key each hit different banks.
int64_t key_tile_stride(int64_t d) noexcept;

/// Output columns each lane holds: 2, 4 or 8 (Dv up to 64, 128, 256); 0 beyond.
int32_t value_chunks(int64_t dv) noexcept;

/// Dynamic shared memory of one block: the Q tile, the K tile and the V tile, in the
/// accumulation type.
uint64_t shared_memory_bytes(int32_t dtype, int64_t d, int64_t dv) noexcept;

/// Blocks of a launch: one per (batch, head, tile of kQueryTile queries).
int64_t block_count(int64_t batch, int64_t heads, int64_t sq) noexcept;

/// The support rule, for a device of compute capability `cc_major` with a shared memory
/// limit per block (0: the default 48 KiB).
bool supports_attention(const AttentionProblem& problem, int cc_major, uint64_t shared_memory_limit,
                        std::string& reason);

}  // namespace hwcert::cuda::library::attention
