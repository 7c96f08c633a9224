// conv2d (NCHW or NHWC, strides, pads, dilations, groups) as im2col + the packed GEMM core:
// per image and group, Y[C_out/g, H_out*W_out] = W[C_out/g, C/g*KH*KW] x col[C/g*KH*KW,
// H_out*W_out]. The weights are packed once per contents of their buffer; a 1x1 window at
// stride 1 without padding multiplies X in place (no im2col); the columns and the dense
// copy of X live in the plugin's scratch arena.
#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/gemm.hpp"
#include "ops/math_mode.hpp"
#include "ops/op_prepare.hpp"
#include "ops/scratch_budget.hpp"
#include "ops/strided.hpp"
#include "ops/window.hpp"
#include "runtime.hpp"

namespace hwcert::reference {
namespace {

struct ConvParams {
  Window2d window;
  int64_t groups = 1;
  int64_t c_out = 0;
  InputRounding rounding = InputRounding::kNone;
  int64_t scratch_budget = 0;
};

// ceil(a / b) for b > 0 and any a (integer division truncates toward zero).
int64_t ceil_div_nonneg(int64_t a, int64_t b) {
  return a <= 0 ? -((-a) / b) : (a + b - 1) / b;
}
// floor(a / b) for b > 0 and any a.
int64_t floor_div(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// The planted clamp-to-edge padding (mutation harness): one im2col row whose input row `ih`
// and columns ow * stride + shift are clamped into the image instead of reading zeros.
template <class T>
void clamped_row(const T* x, const Window2d& win, int64_t n, int64_t channel, int64_t ih,
                 int64_t shift, T* out_row) {
  const int64_t row = std::clamp<int64_t>(ih, 0, win.h - 1);
  for (int64_t ow = 0; ow < win.out_w; ++ow) {
    const int64_t iw = std::clamp<int64_t>(ow * win.stride_w + shift, 0, win.w - 1);
    out_row[ow] =
        x[static_cast<std::size_t>(win.dense_index(n, channel, row, iw, win.c, win.h, win.w))];
  }
}

// The window as used; the planted variant offsets it by the bottom/right pads instead.
Window2d used_window(Window2d w) {
  if (mutant(Mutant::kConvPadsSwapped)) {
    std::swap(w.pad_top, w.pad_bottom);
    std::swap(w.pad_left, w.pad_right);
  }
  return w;
}

// The weights as the GEMM's packed left operand, one [C_out/g, cg*KH*KW] matrix per group
// in (ci, kh, kw) order: made once per contents of the weight buffer (PackedCache).
template <class T>
struct PackedConvWeights {
  std::vector<PackedMatrix<T>> groups;
};

template <class T>
std::shared_ptr<const PackedConvWeights<T>> pack_conv_weights(const ConvParams& p,
                                                              const Window2d& win,
                                                              const Operand& w_op,
                                                              ThreadPool& pool) {
  const int64_t cg = win.c / p.groups;
  const int64_t cog = p.c_out / p.groups;
  const int64_t kdepth = cg * win.kh * win.kw;
  const std::vector<T> w = load_dense<T>(w_op, pool);
  std::vector<T> wmat(static_cast<std::size_t>(p.c_out * kdepth));
  for (int64_t co = 0; co < p.c_out; ++co) {
    for (int64_t ci = 0; ci < cg; ++ci) {
      for (int64_t a = 0; a < win.kh; ++a) {
        for (int64_t b = 0; b < win.kw; ++b) {
          wmat[static_cast<std::size_t>(co * kdepth + (ci * win.kh + a) * win.kw + b)] =
              w[static_cast<std::size_t>(win.dense_index(co, ci, a, b, cg, win.kh, win.kw))];
        }
      }
    }
  }
  auto packed = std::make_shared<PackedConvWeights<T>>();
  const int32_t dense_dtype = std::is_same_v<T, double> ? HWC_DTYPE_F64 : HWC_DTYPE_F32;
  for (int64_t g = 0; g < p.groups; ++g) {
    const GemmOperand a{reinterpret_cast<const std::byte*>(wmat.data() + g * cog * kdepth),
                        dense_dtype, kdepth, 1};
    packed->groups.push_back(pack_a_matrix<T>(pool, a, cog, kdepth, p.rounding));
  }
  return packed;
}

template <class T>
std::shared_ptr<const PackedConvWeights<T>> conv_weights(const ConvParams& p, const Window2d& win,
                                                         const Operand& w_op, ThreadPool& pool) {
  if (w_op.storage == nullptr) return pack_conv_weights<T>(p, win, w_op, pool);
  const TensorView& v = w_op.view;
  std::string key = "conv2d " + std::to_string(sizeof(T)) + " " + v.describe() + " @" +
                    std::to_string(v.byte_offset) + " groups " + std::to_string(p.groups) +
                    " rounding " + std::to_string(static_cast<int>(p.rounding)) +
                    (win.nchw ? " OIHW" : " OHWI") + " strides";
  for (uint32_t d = 0; d < v.rank; ++d) key += " " + std::to_string(v.strides[d]);
  return w_op.storage->packed().find_or_make<PackedConvWeights<T>>(
      key, w_op.storage->generation(), [&] { return pack_conv_weights<T>(p, win, w_op, pool); });
}

// A 1x1 window at stride 1 without padding reads X itself as the GEMM's right operand:
// [cg, H*W] per image and group, straight from the buffer when H and W merge into one
// stride.
bool reads_input_in_place(const Window2d& win, const TensorView& x) {
  if (win.kh != 1 || win.kw != 1 || win.stride_h != 1 || win.stride_w != 1) return false;
  if (win.pad_top != 0 || win.pad_left != 0 || win.pad_bottom != 0 || win.pad_right != 0)
    return false;
  int64_t xs[4];
  win.nchw_strides(x, xs);
  return xs[2] == win.w * xs[3];
}

// col[image] as [kdepth, spatial] for images [first, first + count): zero where the window
// reads padding.
template <class T>
void im2col(const ConvParams& p, const Window2d& win, const T* x, int64_t first, int64_t count,
            T* col, ThreadPool& pool) {
  const int64_t cg = win.c / p.groups;
  const int64_t kdepth = cg * win.kh * win.kw;
  const int64_t spatial = win.out_h * win.out_w;
  const bool clamp = mutant(Mutant::kConvPadClampsToEdge);
  pool.parallel_for(count * kdepth, 16, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t image = first + row / kdepth;
      const int64_t depth = row % kdepth;
      const int64_t n = image / p.groups;
      const int64_t channel = (image % p.groups) * cg + depth / (win.kh * win.kw);
      const int64_t a = (depth / win.kw) % win.kh;
      const int64_t b = depth % win.kw;
      T* out = col + row * spatial;
      // Columns ow whose input column iw = ow * stride - pad + b * dil lies inside [0, W).
      const int64_t shift = b * win.dil_w - win.pad_left;
      const int64_t ow_begin =
          std::clamp<int64_t>(ceil_div_nonneg(-shift, win.stride_w), 0, win.out_w);
      const int64_t ow_end =
          std::clamp<int64_t>(floor_div(win.w - 1 - shift, win.stride_w) + 1, ow_begin, win.out_w);
      const int64_t w_step = win.nchw ? 1 : win.c;  // dense element step between input columns
      for (int64_t oh = 0; oh < win.out_h; ++oh) {
        T* out_row = out + oh * win.out_w;
        const int64_t ih = oh * win.stride_h - win.pad_top + a * win.dil_h;
        if (clamp) {
          clamped_row(x, win, n, channel, ih, shift, out_row);
          continue;
        }
        if (ih < 0 || ih >= win.h) {
          std::fill(out_row, out_row + win.out_w, T(0));
          continue;
        }
        std::fill(out_row, out_row + ow_begin, T(0));
        if (ow_begin < ow_end) {
          const int64_t step = win.stride_w * w_step;
          const T* in = x + win.dense_index(n, channel, ih, ow_begin * win.stride_w + shift, win.c,
                                            win.h, win.w);
          for (int64_t ow = ow_begin; ow < ow_end; ++ow) out_row[ow] = in[(ow - ow_begin) * step];
        }
        std::fill(out_row + ow_end, out_row + win.out_w, T(0));
      }
    }
  });
}

// Adds the bias and stores a GEMM tile of image `image` (n, g): output channels
// g * cog + [i0, i0 + rows), positions [j0, j0 + cols) of H_out * W_out.
template <class T>
void store_conv_tile(const ConvParams& p, const Window2d& win, const Operand& y_op, const T* bias,
                     int64_t image, int64_t i0, int64_t j0, int64_t rows, int64_t cols, const T* c,
                     int64_t ldc) {
  const int64_t n = image / p.groups;
  const int64_t g = image % p.groups;
  const int64_t cog = p.c_out / p.groups;
  int64_t ys[4];
  win.nchw_strides(y_op.view, ys);
  std::vector<T> values(static_cast<std::size_t>(cols));
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t co = g * cog + i0 + r;
    const T add = bias ? bias[co] : T(0);
    for (int64_t j = 0; j < cols; ++j) values[static_cast<std::size_t>(j)] = c[r * ldc + j] + add;
    // Store runs of one output row (constant oh) at a time.
    for (int64_t j = 0; j < cols;) {
      const int64_t pos = j0 + j;
      const int64_t oh = pos / win.out_w;
      const int64_t ow = pos % win.out_w;
      const int64_t run = std::min(cols - j, win.out_w - ow);
      store_row<T>(y_op.view.dtype,
                   element_at(y_op, n * ys[0] + co * ys[1] + oh * ys[2] + ow * ys[3]), ys[3], run,
                   values.data() + j);
      j += run;
    }
  }
}

template <class T>
void run_conv(const ConvParams& p, const Operands& io, ThreadPool& pool) {
  const Window2d win = used_window(p.window);
  const Operand& x_op = io.inputs[0];
  const Operand* bias_op = io.inputs.size() > 2 ? &io.inputs[2] : nullptr;
  const int64_t cg = win.c / p.groups;
  const int64_t cog = p.c_out / p.groups;
  const int64_t kdepth = cg * win.kh * win.kw;
  const int64_t spatial = win.out_h * win.out_w;
  if (win.n == 0 || p.c_out == 0 || spatial == 0) return;

  ScratchArena own(0);
  ScratchArena& scratch = io.scratch ? *io.scratch : own;
  const auto weights = conv_weights<T>(p, win, io.inputs[1], pool);
  const std::vector<T> bias = bias_op ? load_dense<T>(*bias_op, pool) : std::vector<T>();
  const bool in_place = reads_input_in_place(win, x_op.view);
  // Images (n, g) are processed in chunks so that the im2col buffer stays within the
  // scratch budget; the chunking changes no result.
  const int64_t images = win.n * p.groups;
  const int64_t image_bytes =
      std::max<int64_t>(1, kdepth * spatial * static_cast<int64_t>(sizeof(T)));
  const int64_t per_chunk =
      in_place ? images : std::clamp<int64_t>(p.scratch_budget / image_bytes, 1, images);
  ScratchArray<T> x(scratch, in_place ? 0 : static_cast<std::size_t>(x_op.view.numel()));
  if (!in_place) load_dense_into<T>(x_op, pool, x.data());
  ScratchArray<T> col(scratch,
                      in_place ? 0 : static_cast<std::size_t>(per_chunk * kdepth * spatial));
  const int32_t dense_dtype = std::is_same_v<T, double> ? HWC_DTYPE_F64 : HWC_DTYPE_F32;
  int64_t xs[4];
  win.nchw_strides(x_op.view, xs);
  const int64_t x_es = static_cast<int64_t>(x_op.view.element_size());
  for (int64_t first = 0; first < images; first += per_chunk) {
    const int64_t count = std::min(per_chunk, images - first);
    if (!in_place) im2col<T>(p, win, x.data(), first, count, col.data(), pool);
    GemmProblem<T> problem;
    problem.shape = {count, cog, spatial, kdepth};
    problem.rounding = p.rounding;
    problem.scratch = &scratch;
    problem.packed_a = [&](int64_t local) {
      return &weights->groups[static_cast<std::size_t>((first + local) % p.groups)];
    };
    problem.b = [&](int64_t local) {
      if (in_place) {
        const int64_t image = first + local;
        const int64_t offset = (image / p.groups) * xs[0] + (image % p.groups) * cg * xs[1];
        return GemmOperand{x_op.origin() + offset * x_es, x_op.view.dtype, xs[1], xs[3]};
      }
      return GemmOperand{reinterpret_cast<const std::byte*>(col.data() + local * kdepth * spatial),
                         dense_dtype, spatial, 1};
    };
    problem.epilogue = [&](int64_t local, int64_t i0, int64_t j0, int64_t rows, int64_t cols,
                           const T* c, int64_t ldc) {
      store_conv_tile<T>(p, win, io.outputs[0], bias_op ? bias.data() : nullptr, first + local, i0,
                         j0, rows, cols, c, ldc);
    };
    gemm<T>(pool, problem);
  }
}

}  // namespace

OpRunner prepare_conv2d(const OpCall& call) {
  expect_counts(call, 2, 3, 1);
  const OpAttributes& attrs =
      call.checked_attributes({"layout", "strides", "pads", "dilations", "groups", "math_mode"});
  const TensorView& x = call.inputs[0];
  const TensorView& w = call.inputs[1];
  expect_dtype_in(call, x.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                  "X");
  expect_dtype(call, w, x.dtype, "W");
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  ConvParams p;
  p.rounding = parse_math_mode(call, attrs, x.dtype);
  if (mutant(Mutant::kConvStrictTf32) && x.dtype == HWC_DTYPE_F32 &&
      p.rounding == InputRounding::kNone) {
    p.rounding = InputRounding::kTf32;
  }
  p.scratch_budget = scratch_budget();
  p.groups = attrs.get_int("groups", 1);
  if (p.groups < 1) attrs.bad_value("groups", "must be >= 1, got " + std::to_string(p.groups));
  if (w.rank != 4) fail_invalid("conv2d: W must have rank 4, got " + w.describe());
  const std::string layout = attrs.get_string("layout", "NCHW");
  const bool nchw = layout != "NHWC";
  p.c_out = w.shape[0];
  p.window.kh = nchw ? w.shape[2] : w.shape[1];
  p.window.kw = nchw ? w.shape[3] : w.shape[2];
  parse_window(call, attrs, x, p.window, {1, 1}, true);
  const int64_t w_channels = nchw ? w.shape[1] : w.shape[3];
  if (p.window.c % p.groups != 0 || p.c_out % p.groups != 0) {
    fail_invalid("conv2d: groups = " + std::to_string(p.groups) + " must divide C = " +
                 std::to_string(p.window.c) + " and C_out = " + std::to_string(p.c_out));
  }
  if (w_channels != p.window.c / p.groups) {
    fail_invalid("conv2d: W " + w.describe() + " has " + std::to_string(w_channels) +
                 " input channels, expected C/groups = " + std::to_string(p.window.c / p.groups));
  }
  if (call.inputs.size() == 3) {
    expect_dtype(call, call.inputs[2], x.dtype, "bias");
    expect_shape(call, call.inputs[2], {p.c_out}, "bias");
  }
  expect_shape(call, call.outputs[0],
               p.window.shape(p.window.n, p.c_out, p.window.out_h, p.window.out_w), "output");
  const int32_t dtype = x.dtype;
  return [p, dtype](const Operands& io, ThreadPool& pool) {
    if (dtype == HWC_DTYPE_F64) {
      run_conv<double>(p, io, pool);
    } else {
      run_conv<float>(p, io, pool);
    }
  };
}

}  // namespace hwcert::reference
