// copy and cast.
#include "dtype.hpp"
#include "error.hpp"
#include "ops/element_copy.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

constexpr int64_t kCopyBlock = 2048;

void check_unary_shape(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  call.checked_attributes({});  // the op takes none
  expect_shape(call, call.outputs[0], call.inputs[0].dims(), "output");
}

// Copies `in` into `out` element by element (same dtype and shape; any strides).
void strided_copy(const Operand& in, const Operand& out, ThreadPool& pool) {
  const std::vector<int64_t> shape = out.view.dims();
  const StridedLoop loop(shape, {view_strides(out.view), view_strides(in.view)});
  const std::size_t size = out.view.element_size();
  loop.for_each_block(pool, kCopyBlock, [&](const int64_t* offsets, int64_t count) {
    copy_elements(element_at(out, offsets[0]), loop.inner_stride(0), element_at(in, offsets[1]),
                  loop.inner_stride(1), count, size);
  });
}

template <class C>
void convert(const Operand& in, const Operand& out, ThreadPool& pool) {
  const StridedLoop loop(out.view.dims(), {view_strides(out.view), view_strides(in.view)});
  loop.for_each_block(pool, kCopyBlock, [&](const int64_t* offsets, int64_t count) {
    C values[kCopyBlock];
    load_row<C>(in.view.dtype, element_at(in, offsets[1]), loop.inner_stride(1), count, values);
    store_row<C>(out.view.dtype, element_at(out, offsets[0]), loop.inner_stride(0), count, values);
  });
}

}  // namespace

OpRunner prepare_copy(const OpCall& call) {
  check_unary_shape(call);
  expect_dtype(call, call.outputs[0], call.inputs[0].dtype, "output");
  return
      [](const Operands& io, ThreadPool& pool) { strided_copy(io.inputs[0], io.outputs[0], pool); };
}

OpRunner prepare_cast(const OpCall& call) {
  check_unary_shape(call);
  return [](const Operands& io, ThreadPool& pool) {
    const int32_t from = io.inputs[0].view.dtype;
    const int32_t to = io.outputs[0].view.dtype;
    if (from == to) {
      strided_copy(io.inputs[0], io.outputs[0], pool);
    } else if (from != HWC_DTYPE_F64 && (is_float_dtype(from) || is_fp8_dtype(from)) &&
               (to == HWC_DTYPE_F32 || to == HWC_DTYPE_F16 || to == HWC_DTYPE_BF16)) {
      // Exact widening to f32, then the single rounding to the target.
      convert<float>(io.inputs[0], io.outputs[0], pool);
    } else if (is_float_dtype(from) || is_fp8_dtype(from)) {
      convert<double>(io.inputs[0], io.outputs[0], pool);  // exact widening, one rounding
    } else {
      convert<int64_t>(io.inputs[0], io.outputs[0], pool);
    }
  };
}

}  // namespace hwcert::reference
