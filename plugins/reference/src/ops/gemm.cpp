#include "ops/gemm.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "dtype.hpp"
#include "dtype_convert.hpp"
#include "error.hpp"
#include "isa.hpp"
#include "mutant.hpp"
#include "ops/scalar_io.hpp"

namespace hwcert::reference {
namespace {

// Cache blocking. KC: depth of one packed panel pass; MC x KC of A stays in L2; KC x NR of B
// in L1 while a task sweeps its rows; NC x KC of B in L2/L3. M_CHUNK bounds the C buffer.
constexpr int64_t kKc = 256;
constexpr int64_t kNc = 1024;
constexpr int64_t kMChunk = 1024;
constexpr int64_t kTaskRows = 96;   // rows of one compute task (rounded to MR)
constexpr int64_t kTaskCols = 256;  // columns of one compute task (rounded to NR)
// Below this many multiply-adds per batch, batches run in parallel instead.
constexpr int64_t kSmallProblem = int64_t{1} << 21;
// Up to this many rows, B is read in place when its layout allows (packing B would cost
// more memory traffic than the few row panels reuse it for).
constexpr int64_t kDirectBMaxRows = 64;

template <class T, int32_t DT, InputRounding R>
inline T load_element(const std::byte* p) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    if constexpr (DT == HWC_DTYPE_I8) {
      return static_cast<uint32_t>(static_cast<int32_t>(read_as<int8_t>(p)));
    } else {
      return static_cast<uint32_t>(read_as<uint8_t>(p));
    }
  } else if constexpr (DT == HWC_DTYPE_F64) {
    return static_cast<T>(read_as<double>(p));
  } else if constexpr (DT == HWC_DTYPE_F32) {
    const float v = read_as<float>(p);
    if constexpr (R == InputRounding::kTf32) return round_to_tf32(v);
    if constexpr (R == InputRounding::kHf32) return round_to_hf32(v);
    if constexpr (R == InputRounding::kBf16) return round_to_bf16(v);
    if constexpr (R == InputRounding::kF16) return round_to_f16(v);
    return static_cast<T>(v);
  } else if constexpr (DT == HWC_DTYPE_F16) {
    return static_cast<T>(f16_to_f32(read_as<uint16_t>(p)));
  } else if constexpr (DT == HWC_DTYPE_BF16) {
    return static_cast<T>(bf16_to_f32(read_as<uint16_t>(p)));
  } else if constexpr (DT == HWC_DTYPE_F8_E4M3) {
    return static_cast<T>(e4m3_to_f32(read_as<uint8_t>(p)));
  } else {
    static_assert(DT == HWC_DTYPE_F8_E5M2);
    return static_cast<T>(e5m2_to_f32(read_as<uint8_t>(p)));
  }
}

// Packs rows [i0, i0 + rows) x depth [k0, k0 + kc) of a [m, k] matrix into panels of `mr`
// rows: panel p holds kc groups of mr values; rows past the end are zero.
template <class T, int32_t DT, InputRounding R>
void pack_rows(const GemmOperand& src, int64_t i0, int64_t rows, int64_t k0, int64_t kc, int mr,
               T* out) {
  const int64_t es = static_cast<int64_t>(dtype_size(DT));
  const int64_t panels = (rows + mr - 1) / mr;
  for (int64_t p = 0; p < panels; ++p) {
    T* panel = out + p * mr * kc;
    const int64_t valid = std::min<int64_t>(mr, rows - p * mr);
    const std::byte* first = src.base + ((i0 + p * mr) * src.row_stride + k0 * src.col_stride) * es;
    const int64_t row_step = src.row_stride * es;
    const int64_t depth_step = src.col_stride * es;
    if (src.row_stride == 1 && valid == mr) {
      // The rows of one depth are adjacent in memory: copy them as a contiguous run.
      for (int64_t k = 0; k < kc; ++k) {
        const std::byte* run = first + k * depth_step;
        for (int r = 0; r < mr; ++r) panel[k * mr + r] = load_element<T, DT, R>(run + r * es);
      }
      continue;
    }
    for (int r = 0; r < mr; ++r) {
      if (r >= valid) {
        for (int64_t k = 0; k < kc; ++k) panel[k * mr + r] = T(0);
        continue;
      }
      const std::byte* row = first + r * row_step;
      for (int64_t k = 0; k < kc; ++k)
        panel[k * mr + r] = load_element<T, DT, R>(row + k * depth_step);
    }
  }
}

template <class T>
using PackFn = void (*)(const GemmOperand&, int64_t, int64_t, int64_t, int64_t, int, T*);

template <class T, InputRounding R>
PackFn<T> pack_for_dtype(int32_t dtype) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    if (dtype == HWC_DTYPE_I8) return &pack_rows<T, HWC_DTYPE_I8, R>;
    if (dtype == HWC_DTYPE_U8) return &pack_rows<T, HWC_DTYPE_U8, R>;
  } else if constexpr (std::is_same_v<T, double>) {
    if (dtype == HWC_DTYPE_F64) return &pack_rows<T, HWC_DTYPE_F64, R>;
  } else {
    switch (dtype) {
      case HWC_DTYPE_F32:
        return &pack_rows<T, HWC_DTYPE_F32, R>;
      case HWC_DTYPE_F16:
        return &pack_rows<T, HWC_DTYPE_F16, InputRounding::kNone>;
      case HWC_DTYPE_BF16:
        return &pack_rows<T, HWC_DTYPE_BF16, InputRounding::kNone>;
      case HWC_DTYPE_F8_E4M3:
        return &pack_rows<T, HWC_DTYPE_F8_E4M3, InputRounding::kNone>;
      case HWC_DTYPE_F8_E5M2:
        return &pack_rows<T, HWC_DTYPE_F8_E5M2, InputRounding::kNone>;
      default:
        break;
    }
  }
  fail(HWC_STATUS_INTERNAL, "gemm: no packing routine for dtype " + dtype_name(dtype));
}

template <class T>
PackFn<T> pack_fn(int32_t dtype, InputRounding rounding) {
  if constexpr (std::is_same_v<T, float>) {
    switch (rounding) {
      case InputRounding::kTf32:
        return pack_for_dtype<T, InputRounding::kTf32>(dtype);
      case InputRounding::kHf32:
        return pack_for_dtype<T, InputRounding::kHf32>(dtype);
      case InputRounding::kBf16:
        return pack_for_dtype<T, InputRounding::kBf16>(dtype);
      case InputRounding::kF16:
        return pack_for_dtype<T, InputRounding::kF16>(dtype);
      default:
        break;
    }
  }
  return pack_for_dtype<T, InputRounding::kNone>(dtype);
}

template <class T>
const MicroKernel<T>& kernel_for(const MicroKernelSet& set) {
  if constexpr (std::is_same_v<T, float>) return set.f32;
  if constexpr (std::is_same_v<T, double>) return set.f64;
  if constexpr (std::is_same_v<T, uint32_t>) return set.u32;
}

// The kernel for a panel with `valid` rows of data: the full one, or one that skips the
// padding rows of a short last panel.
template <class T>
typename MicroKernel<T>::Fn kernel_for_rows(const MicroKernel<T>& kernel, int64_t valid) {
  if (valid < kernel.mr && kernel.rows[valid] != nullptr) return kernel.rows[valid];
  return kernel.fn;
}

int64_t round_up(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

int64_t depth_block_size() {
  return mutant(Mutant::kBenignGemmSplitK) ? 16 : kKc;
}

// Offset of the panels of rows [i0, ...) and depths [k0, ...) in a whole packed [m, k] A:
// row chunks one after the other, each as its depth blocks one after the other.
int64_t packed_block_offset(int64_t m, int64_t k, int mr, int64_t i0, int64_t k0) {
  const int64_t mc_pad = round_up(std::min(kMChunk, m - i0), mr);
  return (i0 / kMChunk) * round_up(kMChunk, mr) * k + mc_pad * k0;
}

// The elements of T a gemm call needs for packed panels and partial sums, taken from the
// problem's scratch arena (or a private one).
template <class T>
struct GemmBuffers {
  ScratchArena own{0};
  ScratchArray<T> packed_b, packed_a, c;
  GemmBuffers(ScratchArena* scratch, int64_t b_count, int64_t a_count, int64_t c_count)
      : packed_b(scratch ? *scratch : own, static_cast<std::size_t>(b_count)),
        packed_a(scratch ? *scratch : own, static_cast<std::size_t>(a_count)),
        c(scratch ? *scratch : own, static_cast<std::size_t>(c_count)) {}
};

// One batch: loops over column blocks (NC), row chunks and depth blocks (KC). Within a
// depth block: pack B and A in parallel, then compute task tiles in parallel.
template <class T>
void gemm_one_batch(ThreadPool& pool, const GemmProblem<T>& problem, int64_t batch,
                    const MicroKernel<T>& kernel, bool parallel) {
  const GemmShape& s = problem.shape;
  const GemmOperand b = problem.b(batch);
  const PackFn<T> pack_b = pack_fn<T>(b.dtype, problem.rounding);
  // B is packed as "rows" of B^T: swap its strides.
  const GemmOperand bt{b.base, b.dtype, b.col_stride, b.row_stride};
  const int mr = kernel.mr;
  const int nr = kernel.nr;
  const int64_t depth_block = depth_block_size();
  const PackedMatrix<T>* prepacked = problem.packed_a ? problem.packed_a(batch) : nullptr;
  if (prepacked != nullptr && (prepacked->mr != mr || prepacked->depth_block != depth_block))
    fail(HWC_STATUS_INTERNAL, "gemm: weights packed for another kernel or depth block");
  const int64_t task_rows = round_up(kTaskRows, mr);
  const int64_t task_cols = round_up(kTaskCols, nr);
  constexpr int32_t kNativeDtype = std::is_same_v<T, float>    ? HWC_DTYPE_F32
                                   : std::is_same_v<T, double> ? HWC_DTYPE_F64
                                                               : HWC_DTYPE_INVALID;
  const bool direct_b = b.dtype == kNativeDtype && problem.rounding == InputRounding::kNone &&
                        b.col_stride == 1 && s.m <= kDirectBMaxRows &&
                        reinterpret_cast<uintptr_t>(b.base) % alignof(T) == 0;

  auto run = [&](int64_t count, const std::function<void(int64_t)>& fn) {
    if (parallel) {
      pool.run(count, fn);
    } else {
      for (int64_t i = 0; i < count; ++i) fn(i);
    }
  };

  const int64_t nc_max = std::min(round_up(s.n, nr), round_up(kNc, nr));
  const int64_t mchunk_max = std::min(round_up(s.m, mr), round_up(kMChunk, mr));
  const int64_t kc_max = std::min<int64_t>(std::max<int64_t>(s.k, 1), depth_block);
  GemmBuffers<T> buffers(problem.scratch, nc_max * kc_max, prepacked ? 0 : mchunk_max * kc_max,
                         mchunk_max * nc_max);
  T* const packed_b = buffers.packed_b.data();
  T* const c = buffers.c.data();

  for (int64_t j0 = 0; j0 < s.n; j0 += kNc) {
    const int64_t nc = std::min(kNc, s.n - j0);
    const int64_t nc_pad = round_up(nc, nr);
    for (int64_t i0 = 0; i0 < s.m; i0 += kMChunk) {
      const int64_t mc = std::min(kMChunk, s.m - i0);
      const int64_t mc_pad = round_up(mc, mr);
      const int64_t row_tasks = (mc + task_rows - 1) / task_rows;
      const int64_t col_tasks = (nc + task_cols - 1) / task_cols;
      if (s.k == 0) std::fill(c, c + mchunk_max * nc_max, T(0));
      for (int64_t k0 = 0; k0 < s.k; k0 += depth_block) {
        const int64_t kc = std::min(depth_block, s.k - k0);
        const int64_t b_panels = nc_pad / nr;
        const int64_t a_panels = mc_pad / mr;
        constexpr int64_t kPanelsPerTask = 8;
        if (direct_b) {
          // Only a partial last panel needs a zero-padded copy.
          if (nc % nr != 0) {
            const int64_t p = b_panels - 1;
            pack_b(bt, j0 + p * nr, nc - p * nr, k0, kc, nr, packed_b + p * nr * kc);
          }
        } else {
          run((b_panels + kPanelsPerTask - 1) / kPanelsPerTask, [&](int64_t t) {
            const int64_t p0 = t * kPanelsPerTask;
            const int64_t p1 = std::min(b_panels, p0 + kPanelsPerTask);
            const int64_t cols = std::min(nc, p1 * nr) - p0 * nr;
            pack_b(bt, j0 + p0 * nr, cols, k0, kc, nr, packed_b + p0 * nr * kc);
          });
        }
        const T* packed_a = prepacked ? prepacked->block(i0, k0) : buffers.packed_a.data();
        if (prepacked == nullptr) {
          const GemmOperand a = problem.a(batch);
          const PackFn<T> pack_a = pack_fn<T>(a.dtype, problem.rounding);
          run((a_panels + kPanelsPerTask - 1) / kPanelsPerTask, [&](int64_t t) {
            const int64_t p0 = t * kPanelsPerTask;
            const int64_t p1 = std::min(a_panels, p0 + kPanelsPerTask);
            const int64_t rows = std::min(mc, p1 * mr) - p0 * mr;
            pack_a(a, i0 + p0 * mr, rows, k0, kc, mr, buffers.packed_a.data() + p0 * mr * kc);
          });
        }
        const bool last = k0 + kc >= s.k;
        const int accumulate = k0 > 0 ? 1 : 0;
        run(row_tasks * col_tasks, [&](int64_t t) {
          const int64_t r0 = (t / col_tasks) * task_rows;
          const int64_t c0 = (t % col_tasks) * task_cols;
          const int64_t r1 = std::min(mc_pad, r0 + task_rows);
          const int64_t c1 = std::min(nc_pad, c0 + task_cols);
          for (int64_t jr = c0; jr < c1; jr += nr) {
            const T* b_panel = packed_b + jr * kc;
            int64_t ldb = nr;
            if (direct_b && jr + nr <= nc) {
              b_panel = reinterpret_cast<const T*>(b.base) + k0 * b.row_stride + j0 + jr;
              ldb = b.row_stride;
            }
            for (int64_t ir = r0; ir < r1; ir += mr) {
              kernel_for_rows(kernel, mc - ir)(kc, packed_a + ir * kc, b_panel, ldb,
                                               c + ir * nc_pad + jr, nc_pad, accumulate);
            }
          }
          if (last) {
            problem.epilogue(batch, i0 + r0, j0 + c0, std::min(mc, r1) - r0, std::min(nc, c1) - c0,
                             c + r0 * nc_pad + c0, nc_pad);
          }
        });
      }
      if (s.k == 0) {
        run(row_tasks * col_tasks, [&](int64_t t) {
          const int64_t r0 = (t / col_tasks) * task_rows;
          const int64_t c0 = (t % col_tasks) * task_cols;
          problem.epilogue(batch, i0 + r0, j0 + c0, std::min(mc - r0, task_rows),
                           std::min(nc - c0, task_cols), c + r0 * nc_pad + c0, nc_pad);
        });
      }
    }
  }
}

}  // namespace

const MicroKernelSet& gemm_kernels() {
  static const MicroKernelSet set = [] {
    switch (detect_isa()) {
#if defined(HWCERT_REFERENCE_X86_KERNELS)
      case Isa::kAvx512:
        return gemm_kernels_avx512();
      case Isa::kAvx2:
        return gemm_kernels_avx2();
#endif
      default:
        return gemm_kernels_generic();
    }
  }();
  return set;
}

template <class T>
void gemm(ThreadPool& pool, const GemmProblem<T>& problem) {
  const GemmShape& s = problem.shape;
  if (s.batch == 0 || s.m == 0 || s.n == 0) return;
  const MicroKernel<T>& kernel = kernel_for<T>(gemm_kernels());
  const int64_t work = s.m * s.n * std::max<int64_t>(s.k, 1);
  if (s.batch > 1 && work < kSmallProblem) {
    pool.run(s.batch,
             [&](int64_t batch) { gemm_one_batch<T>(pool, problem, batch, kernel, false); });
    return;
  }
  for (int64_t batch = 0; batch < s.batch; ++batch) {
    gemm_one_batch<T>(pool, problem, batch, kernel, true);
  }
}

template <class T>
const T* PackedMatrix<T>::block(int64_t i0, int64_t k0) const {
  return values.data() + packed_block_offset(m, k, mr, i0, k0);
}

template <class T>
PackedMatrix<T> pack_a_matrix(ThreadPool& pool, const GemmOperand& a, int64_t m, int64_t k,
                              InputRounding rounding) {
  PackedMatrix<T> packed;
  packed.m = m;
  packed.k = k;
  packed.mr = kernel_for<T>(gemm_kernels()).mr;
  packed.depth_block = depth_block_size();
  const int mr = packed.mr;
  if (m == 0 || k == 0) return packed;
  const int64_t last_chunk = (m - 1) / kMChunk * kMChunk;
  packed.values.resize(static_cast<std::size_t>(packed_block_offset(m, k, mr, last_chunk, k)));
  const PackFn<T> pack = pack_fn<T>(a.dtype, rounding);
  // One task per (row chunk, depth block, group of 8 panels).
  struct Task {
    int64_t i0, k0, rows;
  };
  std::vector<Task> tasks;
  constexpr int64_t kPanelRows = 8;
  for (int64_t i0 = 0; i0 < m; i0 += kMChunk) {
    const int64_t mc = std::min(kMChunk, m - i0);
    for (int64_t k0 = 0; k0 < k; k0 += packed.depth_block) {
      for (int64_t r0 = 0; r0 < mc; r0 += kPanelRows * mr)
        tasks.push_back({i0 + r0, k0, std::min<int64_t>(kPanelRows * mr, mc - r0)});
    }
  }
  pool.run(static_cast<int64_t>(tasks.size()), [&](int64_t t) {
    const Task& task = tasks[static_cast<std::size_t>(t)];
    const int64_t chunk = task.i0 / kMChunk * kMChunk;
    const int64_t kc = std::min(packed.depth_block, k - task.k0);
    T* out = packed.values.data() + packed_block_offset(m, k, mr, chunk, task.k0) +
             (task.i0 - chunk) * kc;
    pack(a, task.i0, task.rows, task.k0, kc, mr, out);
  });
  return packed;
}

template struct PackedMatrix<float>;
template struct PackedMatrix<double>;
template PackedMatrix<float> pack_a_matrix<float>(ThreadPool&, const GemmOperand&, int64_t, int64_t,
                                                  InputRounding);
template PackedMatrix<double> pack_a_matrix<double>(ThreadPool&, const GemmOperand&, int64_t,
                                                    int64_t, InputRounding);
template void gemm<float>(ThreadPool&, const GemmProblem<float>&);
template void gemm<double>(ThreadPool&, const GemmProblem<double>&);
template void gemm<uint32_t>(ThreadPool&, const GemmProblem<uint32_t>&);

}  // namespace hwcert::reference
