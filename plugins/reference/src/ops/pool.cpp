// max_pool2d and avg_pool2d (NCHW or NHWC). Padding never wins a max; avg divides by the
// window positions inside the input unless count_include_pad.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"
#include "ops/window.hpp"

namespace hwcert::reference {
namespace {

struct PoolParams {
  Window2d window;
  bool is_max = true;
  bool count_include_pad = false;
};

template <class C>
void run_pool(const PoolParams& p, const Operand& x_op, const Operand& y_op, ThreadPool& pool) {
  const Window2d& win = p.window;
  const std::vector<C> x = load_dense<C>(x_op, pool);
  std::vector<C> y(static_cast<std::size_t>(win.n * win.c * win.out_h * win.out_w));
  pool.parallel_for(win.n * win.c, 4, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const int64_t n = plane / win.c;
      const int64_t ch = plane % win.c;
      for (int64_t oh = 0; oh < win.out_h; ++oh) {
        for (int64_t ow = 0; ow < win.out_w; ++ow) {
          C acc = p.is_max ? -std::numeric_limits<C>::infinity() : C(0);
          bool nan = false;
          int64_t inside = 0;
          for (int64_t a = 0; a < win.kh; ++a) {
            const int64_t ih = oh * win.stride_h - win.pad_top + a;
            if (ih < 0 || ih >= win.h) continue;
            for (int64_t b = 0; b < win.kw; ++b) {
              const int64_t iw = ow * win.stride_w - win.pad_left + b;
              if (iw < 0 || iw >= win.w) continue;
              const C v =
                  x[static_cast<std::size_t>(win.dense_index(n, ch, ih, iw, win.c, win.h, win.w))];
              ++inside;
              if (p.is_max) {
                nan = nan || std::isnan(v);
                acc = v > acc ? v : acc;
              } else {
                acc += v;
              }
            }
          }
          C result = acc;
          if (mutant(Mutant::kMaxPoolDropsNan)) nan = false;
          if (p.is_max && nan) result = std::numeric_limits<C>::quiet_NaN();
          if (!p.is_max) {
            // Window positions overlapping the padded input (the window may end past it).
            int64_t padded = 0;
            for (int64_t a = 0; a < win.kh; ++a) {
              const int64_t ih = oh * win.stride_h - win.pad_top + a;
              if (ih >= win.h + win.pad_bottom) continue;
              for (int64_t b = 0; b < win.kw; ++b) {
                const int64_t iw = ow * win.stride_w - win.pad_left + b;
                if (iw < win.w + win.pad_right) ++padded;
              }
            }
            const bool include_pad =
                p.count_include_pad && !mutant(Mutant::kAvgPoolIgnoresIncludePad);
            const int64_t divisor = include_pad ? padded : inside;
            result = acc / static_cast<C>(divisor);
          }
          y[static_cast<std::size_t>(win.dense_index(n, ch, oh, ow, win.c, win.out_h, win.out_w))] =
              result;
        }
      }
    }
  });
  store_dense<C>(y_op, y.data(), pool);
}

}  // namespace

OpRunner prepare_pool2d(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  PoolParams p;
  p.is_max = call.name == "max_pool2d";
  const OpAttributes& attrs =
      p.is_max
          ? call.checked_attributes({"layout", "kernel", "strides", "pads"})
          : call.checked_attributes({"layout", "kernel", "strides", "pads", "count_include_pad"});
  const TensorView& x = call.inputs[0];
  expect_dtype_in(call, x.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                  "input");
  if (!attrs.has("kernel")) fail_invalid(call.name + ": attribute 'kernel' is required");
  const std::vector<int64_t> kernel = attrs.get_ints("kernel", {});
  if (kernel.size() != 2 || kernel[0] < 1 || kernel[1] < 1) {
    attrs.bad_value("kernel", "must be two values >= 1, got " + shape_text(kernel));
  }
  p.window.kh = kernel[0];
  p.window.kw = kernel[1];
  parse_window(call, attrs, x, p.window, kernel, false);
  if (!p.is_max) p.count_include_pad = attrs.get_flag("count_include_pad", false);
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0],
               p.window.shape(p.window.n, p.window.c, p.window.out_h, p.window.out_w), "output");
  const int32_t dtype = x.dtype;
  return [p, dtype](const Operands& io, ThreadPool& pool) {
    if (io.outputs[0].view.empty()) return;
    if (dtype == HWC_DTYPE_F64) {
      run_pool<double>(p, io.inputs[0], io.outputs[0], pool);
    } else {
      run_pool<float>(p, io.inputs[0], io.outputs[0], pool);
    }
  };
}

}  // namespace hwcert::reference
