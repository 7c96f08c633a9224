// where and resize (opset 2).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/axis_gather.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

using Shape = std::vector<int64_t>;
constexpr int64_t kBlock = 2048;

void select(const Operands& io, ThreadPool& pool) {
  const Operand& out = io.outputs[0];
  const Shape shape = out.view.dims();
  std::vector<Shape> strides{view_strides(out.view)};
  for (const Operand& in : io.inputs) strides.push_back(broadcast_strides(in.view, shape));
  const StridedLoop loop(shape, strides);
  const std::size_t size = out.view.element_size();
  loop.for_each_block(pool, kBlock, [&](const int64_t* offsets, int64_t count) {
    for (int64_t i = 0; i < count; ++i) {
      const auto cond = *element_at(io.inputs[0], offsets[1] + i * loop.inner_stride(1));
      const std::size_t k = cond != std::byte{0} ? 1 : 2;
      std::memcpy(element_at(out, offsets[0] + i * loop.inner_stride(0)),
                  element_at(io.inputs[k], offsets[k + 1] + i * loop.inner_stride(k + 1)), size);
    }
  });
}

// The two source indices of one output coordinate and the weight of the second.
template <class C>
struct Tap {
  int64_t first = 0, second = 0;
  C weight = 0;
};

// Half-pixel centres (align_corners = false), computed in C as a device would.
template <class C>
std::vector<Tap<C>> bilinear_taps(int64_t in, int64_t out) {
  std::vector<Tap<C>> taps(static_cast<std::size_t>(out));
  const C scale = static_cast<C>(in) / static_cast<C>(out);
  for (int64_t dst = 0; dst < out; ++dst) {
    C src = std::max<C>(0, (static_cast<C>(dst) + C(0.5)) * scale - C(0.5));
    if (mutant(Mutant::kResizeAlignCorners)) {
      src = out > 1 ? static_cast<C>(dst) * static_cast<C>(in - 1) / static_cast<C>(out - 1) : 0;
    }
    const int64_t first = std::min<int64_t>(static_cast<int64_t>(std::floor(src)), in - 1);
    taps[static_cast<std::size_t>(dst)] = {first, std::min(first + 1, in - 1),
                                           src - static_cast<C>(first)};
  }
  return taps;
}

// (1 - w) a + w b; a alone where w = 0, so that an Inf or NaN at a zero weight is not read.
template <class C>
C lerp(C a, C b, C w) {
  return w == 0 ? a : (1 - w) * a + w * b;
}

template <class C>
void resize_bilinear(const Operand& in, const Operand& out, ThreadPool& pool) {
  const std::vector<C> x = load_dense<C>(in, pool);
  const int64_t planes = in.view.shape[0] * in.view.shape[1];
  const int64_t ih = in.view.shape[2], iw = in.view.shape[3];
  const int64_t oh = out.view.shape[2], ow = out.view.shape[3];
  const auto rows = bilinear_taps<C>(ih, oh);
  const auto cols = bilinear_taps<C>(iw, ow);
  std::vector<C> y(static_cast<std::size_t>(planes * oh * ow));
  pool.parallel_for(planes * oh, 8, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const Tap<C>& h = rows[static_cast<std::size_t>(r % oh)];
      const C* plane = x.data() + (r / oh) * ih * iw;
      const C* top = plane + h.first * iw;
      const C* bottom = plane + h.second * iw;
      C* dst = y.data() + r * ow;
      for (int64_t c = 0; c < ow; ++c) {
        const Tap<C>& w = cols[static_cast<std::size_t>(c)];
        dst[c] = lerp(lerp(top[w.first], top[w.second], w.weight),
                      lerp(bottom[w.first], bottom[w.second], w.weight), h.weight);
      }
    }
  });
  store_dense<C>(out, y.data(), pool);
}

// nearest: floor(dst * in / out), exact in integers.
AxisTables nearest_tables(const TensorView& x, int64_t oh, int64_t ow) {
  AxisTables tables(4);
  for (int d = 0; d < 2; ++d) {
    for (int64_t i = 0; i < x.shape[d]; ++i) tables[static_cast<std::size_t>(d)].push_back(i);
  }
  for (int64_t i = 0; i < oh; ++i)
    tables[2].push_back(std::min(i * x.shape[2] / oh, x.shape[2] - 1));
  for (int64_t i = 0; i < ow; ++i)
    tables[3].push_back(std::min(i * x.shape[3] / ow, x.shape[3] - 1));
  return tables;
}

}  // namespace

OpRunner prepare_where(const OpCall& call) {
  expect_counts(call, 3, 3, 1);
  call.checked_attributes({});  // the op takes none
  const TensorView &cond = call.inputs[0], &a = call.inputs[1], &b = call.inputs[2];
  expect_dtype(call, cond, HWC_DTYPE_U8, "cond");
  expect_dtype(call, b, a.dtype, "B");
  const Shape shape =
      broadcast_shapes(call, broadcast_shapes(call, cond.dims(), a.dims()), b.dims());
  expect_dtype(call, call.outputs[0], a.dtype, "output");
  expect_shape(call, call.outputs[0], shape, "output");
  return select;
}

OpRunner prepare_resize(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"sizes", "mode"});
  attrs.require("sizes");
  const TensorView& x = call.inputs[0];
  expect_dtype_in(call, x.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                  "X");
  if (x.rank != 4) fail_invalid("resize: X must be NCHW (rank 4)");
  const Shape sizes = attrs.get_ints("sizes", {});
  if (sizes.size() != 2 || sizes[0] < 1 || sizes[1] < 1)
    attrs.bad_value("sizes", "must be [out_h, out_w], each >= 1");
  const std::string mode = attrs.get_string("mode", "nearest");
  if (mode != "nearest" && mode != "bilinear")
    attrs.bad_value("mode", "must be nearest or bilinear");
  if (x.shape[2] == 0 || x.shape[3] == 0) fail_invalid("resize: X has an empty spatial extent");
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], {x.shape[0], x.shape[1], sizes[0], sizes[1]}, "output");
  if (mode == "nearest") {
    const AxisTables tables = nearest_tables(x, sizes[0], sizes[1]);
    return [tables](const Operands& io, ThreadPool& pool) {
      gather_by_axis(io.inputs[0], io.outputs[0], tables, nullptr, pool);
    };
  }
  return [](const Operands& io, ThreadPool& pool) {
    const bool wide =
        io.inputs[0].view.dtype == HWC_DTYPE_F64 || mutant(Mutant::kResizeBilinearInDouble);
    if (wide) {
      resize_bilinear<double>(io.inputs[0], io.outputs[0], pool);
    } else {
      resize_bilinear<float>(io.inputs[0], io.outputs[0], pool);
    }
  };
}

}  // namespace hwcert::reference
