#include "ops/strided.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

#include "dtype.hpp"
#include "dtype_convert.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/element_copy.hpp"
#include "ops/scalar_io.hpp"

namespace hwcert::reference {
namespace {

// Calls f(i, byte_offset) for i in [0, n); the unit-stride case is a separate loop with a
// compile-time step so that conversions vectorise.
template <std::size_t kUnit, class F>
inline void for_each_element(int64_t n, int64_t stride, F&& f) {
  if (stride == 1) {
    for (int64_t i = 0; i < n; ++i) f(i, i * static_cast<int64_t>(kUnit));
  } else {
    const int64_t step = stride * static_cast<int64_t>(kUnit);
    for (int64_t i = 0; i < n; ++i) f(i, i * step);
  }
}

}  // namespace

StridedLoop::StridedLoop(const std::vector<int64_t>& shape,
                         const std::vector<std::vector<int64_t>>& strides)
    : strides_(strides) {
  numel_ = 1;
  for (int64_t extent : shape) numel_ *= extent;
  const std::size_t k_count = strides.size();
  inner_stride_.assign(k_count, 0);
  outer_strides_.assign(k_count, {});
  if (numel_ == 0) {
    rows_ = 0;
    row_length_ = 0;
    return;
  }
  // Keep dims of extent > 1, then merge neighbours that are contiguous for every operand.
  std::vector<int64_t> dims;
  std::vector<std::vector<int64_t>> dim_strides(k_count);
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    const bool mergeable = !dims.empty() && [&] {
      for (std::size_t k = 0; k < k_count; ++k) {
        if (dim_strides[k].back() != strides[k][d] * shape[d]) return false;
      }
      return true;
    }();
    if (mergeable) {
      dims.back() *= shape[d];
      for (std::size_t k = 0; k < k_count; ++k) dim_strides[k].back() = strides[k][d];
    } else {
      dims.push_back(shape[d]);
      for (std::size_t k = 0; k < k_count; ++k) dim_strides[k].push_back(strides[k][d]);
    }
  }
  if (dims.empty()) {  // a single element
    row_length_ = 1;
    rows_ = 1;
    return;
  }
  row_length_ = dims.back();
  for (std::size_t k = 0; k < k_count; ++k) {
    inner_stride_[k] = dim_strides[k].back();
    outer_strides_[k].assign(dim_strides[k].begin(), dim_strides[k].end() - 1);
  }
  outer_shape_.assign(dims.begin(), dims.end() - 1);
  rows_ = numel_ / row_length_;
}

void StridedLoop::row_offsets(int64_t row, int64_t* offsets) const {
  const std::size_t k_count = outer_strides_.size();
  for (std::size_t k = 0; k < k_count; ++k) offsets[k] = 0;
  for (std::size_t d = outer_shape_.size(); d-- > 0;) {
    const int64_t index = row % outer_shape_[d];
    row /= outer_shape_[d];
    for (std::size_t k = 0; k < k_count; ++k) offsets[k] += index * outer_strides_[k][d];
  }
}

void StridedLoop::for_each_block(
    ThreadPool& pool, int64_t block,
    const std::function<void(const int64_t* offsets, int64_t count)>& fn) const {
  if (numel_ == 0) return;
  block = std::max<int64_t>(1, std::min(block, row_length_));
  const int64_t blocks_per_row = (row_length_ + block - 1) / block;
  const int64_t units = rows_ * blocks_per_row;
  const int64_t units_per_task = std::max<int64_t>(1, (int64_t{1} << 15) / block);
  const std::size_t k_count = operands();
  pool.parallel_for(units, units_per_task, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> row_base(k_count);
    std::vector<int64_t> offsets(k_count);
    int64_t current_row = -1;
    for (int64_t unit = begin; unit < end; ++unit) {
      const int64_t row = unit / blocks_per_row;
      const int64_t part = unit % blocks_per_row;
      if (row != current_row) {
        row_offsets(row, row_base.data());
        current_row = row;
      }
      const int64_t start = part * block;
      for (std::size_t k = 0; k < k_count; ++k) offsets[k] = row_base[k] + start * inner_stride_[k];
      fn(offsets.data(), std::min(block, row_length_ - start));
    }
  });
}

void StridedLoop::for_each_block_serial(
    int64_t block, const std::function<void(const int64_t* offsets, int64_t count)>& fn) const {
  if (numel_ == 0) return;
  block = std::max<int64_t>(1, std::min(block, row_length_));
  const std::size_t k_count = operands();
  std::vector<int64_t> row_base(k_count);
  std::vector<int64_t> offsets(k_count);
  for (int64_t row = 0; row < rows_; ++row) {
    row_offsets(row, row_base.data());
    for (int64_t start = 0; start < row_length_; start += block) {
      for (std::size_t k = 0; k < k_count; ++k) offsets[k] = row_base[k] + start * inner_stride_[k];
      fn(offsets.data(), std::min(block, row_length_ - start));
    }
  }
}

void copy_strided(ThreadPool* pool, const std::vector<int64_t>& shape, std::byte* dst,
                  const std::vector<int64_t>& dst_strides, const std::byte* src,
                  const std::vector<int64_t>& src_strides, std::size_t elem_size) {
  const StridedLoop loop(shape, {dst_strides, src_strides});
  const int64_t es = static_cast<int64_t>(elem_size);
  auto body = [&](const int64_t* offsets, int64_t count) {
    copy_elements(dst + offsets[0] * es, loop.inner_stride(0), src + offsets[1] * es,
                  loop.inner_stride(1), count, elem_size);
  };
  if (pool != nullptr) {
    loop.for_each_block(*pool, 4096, body);
  } else {
    loop.for_each_block_serial(1 << 20, body);
  }
}

std::vector<int64_t> view_strides(const TensorView& view) {
  return {view.strides, view.strides + view.rank};
}

std::vector<int64_t> broadcast_strides(const TensorView& view, const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 0);
  const std::size_t offset = shape.size() - view.rank;
  for (uint32_t d = 0; d < view.rank; ++d) {
    strides[offset + d] = view.shape[d] == 1 ? 0 : view.strides[d];
  }
  return strides;
}

std::vector<int64_t> broadcast_shapes(const OpCall& call, const std::vector<int64_t>& a,
                                      const std::vector<int64_t>& b) {
  const std::size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank, 1);
  for (std::size_t i = 0; i < rank; ++i) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      fail_invalid(call.name + ": shapes " + shape_text(a) + " and " + shape_text(b) +
                   " do not broadcast");
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

/// out[i] = C(decode(element i of the row, stored as Stored)).
template <class Stored, class C, class Decode = std::identity>
void load_decoded(const std::byte* p, int64_t stride, int64_t n, C* out, Decode decode = {}) {
  for_each_element<sizeof(Stored)>(n, stride, [&](int64_t i, int64_t offset) {
    out[i] = static_cast<C>(decode(read_as<Stored>(p + offset)));
  });
}

template <class C>
void load_row(int32_t dtype, const std::byte* p, int64_t stride, int64_t n, C* out) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return load_decoded<double>(p, stride, n, out);
    case HWC_DTYPE_F32:
      if (stride == 1 && std::is_same_v<C, float>) {
        std::memcpy(out, p, static_cast<std::size_t>(n) * sizeof(float));
        return;
      }
      return load_decoded<float>(p, stride, n, out);
    case HWC_DTYPE_F16:
      return load_decoded<uint16_t>(p, stride, n, out, f16_to_f32);
    case HWC_DTYPE_BF16:
      return load_decoded<uint16_t>(p, stride, n, out, bf16_to_f32);
    case HWC_DTYPE_F8_E4M3:
      return load_decoded<uint8_t>(p, stride, n, out, e4m3_to_f32);
    case HWC_DTYPE_F8_E5M2:
      return load_decoded<uint8_t>(p, stride, n, out, e5m2_to_f32);
    case HWC_DTYPE_I8:
      return load_decoded<int8_t>(p, stride, n, out);
    case HWC_DTYPE_U8:
      return load_decoded<uint8_t>(p, stride, n, out);
    case HWC_DTYPE_I32:
      return load_decoded<int32_t>(p, stride, n, out);
    case HWC_DTYPE_I64:
      return load_decoded<int64_t>(p, stride, n, out);
    case HWC_DTYPE_BOOL:
      return load_decoded<uint8_t>(p, stride, n, out, [](uint8_t v) { return v != 0 ? 1 : 0; });
    default:
      fail(HWC_STATUS_INTERNAL, "load_row: bad dtype");
  }
}

namespace {

// The conversions of store_row with a planted variant of the mutation harness (mutant.hpp).
// i64 -> f32 in one rounding (round to odd at 53 bits first).
float f32_from_integer(int64_t v) {
  if (mutant(Mutant::kCastI64F32ViaF64)) return static_cast<float>(static_cast<double>(v));
  return static_cast<float>(i64_to_f64_round_odd(v));
}
// integer -> bf16 in one rounding.
uint16_t bf16_from_integer(int64_t v) {
  if (mutant(Mutant::kCastIntBf16Truncates)) {  // to f32, then its upper 16 bits
    return static_cast<uint16_t>(std::bit_cast<uint32_t>(static_cast<float>(v)) >> 16);
  }
  return f64_to_bf16(i64_to_f64_round_odd(v));
}
// f64 -> f16 or bf16 in one rounding.
uint16_t narrow_from_double(double v, bool bf16) {
  if (mutant(bf16 ? Mutant::kCastF64Bf16ViaF32 : Mutant::kCastF64F16ViaF32))
    return bf16 ? f32_to_bf16(f64_to_f32(v)) : f32_to_f16(f64_to_f32(v));
  return bf16 ? f64_to_bf16(v) : f64_to_f16(v);
}
// float -> integer: truncate toward zero and saturate.
template <class I>
I int_from_float(double v) {
  if (std::is_same_v<I, int32_t> && mutant(Mutant::kCastFloatIntWraps)) {
    const double t = std::trunc(v);  // modulo 2^32, NaN as 0
    return wrap_to<I>(static_cast<int64_t>(std::isfinite(t) ? std::fmod(t, 0x1p32) : 0.0));
  }
  return float_to_int_saturating<I>(v);
}

}  // namespace

/// Element i of the row, stored as Stored, = encode(in[i]).
template <class Stored, class C, class Encode>
void store_encoded(std::byte* p, int64_t stride, int64_t n, const C* in, Encode encode) {
  for_each_element<sizeof(Stored)>(n, stride, [&](int64_t i, int64_t offset) {
    write_as<Stored>(p + offset, static_cast<Stored>(encode(in[i])));
  });
}

// Integer targets: wrap from integers, saturate-truncate from floats.
template <class I, class C>
I int_from(C v) {
  if constexpr (std::is_same_v<C, int64_t>) {
    return wrap_to<I>(v);
  } else {
    return int_from_float<I>(static_cast<double>(v));
  }
}

template <class C>
void store_row(int32_t dtype, std::byte* p, int64_t stride, int64_t n, const C* in) {
  const int64_t step = stride * static_cast<int64_t>(dtype_size(dtype));
  const auto to_double = [](C v) { return static_cast<double>(v); };
  switch (dtype) {
    case HWC_DTYPE_F64:
      return store_encoded<double>(p, stride, n, in, to_double);
    case HWC_DTYPE_F32:
      if constexpr (std::is_same_v<C, int64_t>) {
        for (int64_t i = 0; i < n; ++i) write_as<float>(p + i * step, f32_from_integer(in[i]));
      } else {
        if (stride == 1 && std::is_same_v<C, float>) {
          std::memcpy(p, in, static_cast<std::size_t>(n) * sizeof(float));
          return;
        }
        for (int64_t i = 0; i < n; ++i) {
          write_as<float>(p + i * step, f64_to_f32(static_cast<double>(in[i])));
        }
      }
      return;
    case HWC_DTYPE_F16:
      return store_encoded<uint16_t>(p, stride, n, in, [](C v) {
        if constexpr (std::is_same_v<C, float>) {
          return f32_to_f16(v);
        } else {
          return narrow_from_double(static_cast<double>(v), false);
        }
      });
    case HWC_DTYPE_BF16:
      return store_encoded<uint16_t>(p, stride, n, in, [](C v) {
        if constexpr (std::is_same_v<C, float>) {
          return f32_to_bf16(v);
        } else if constexpr (std::is_same_v<C, int64_t>) {
          return bf16_from_integer(v);
        } else {
          return narrow_from_double(static_cast<double>(v), true);
        }
      });
    case HWC_DTYPE_F8_E4M3:
      return store_encoded<uint8_t>(p, stride, n, in,
                                    [](C v) { return f64_to_e4m3(static_cast<double>(v)); });
    case HWC_DTYPE_F8_E5M2:
      return store_encoded<uint8_t>(p, stride, n, in,
                                    [](C v) { return f64_to_e5m2(static_cast<double>(v)); });
    case HWC_DTYPE_BOOL:
      return store_encoded<uint8_t>(p, stride, n, in, [](C v) { return v != 0 ? 1 : 0; });
    case HWC_DTYPE_I8:
      return store_encoded<int8_t>(p, stride, n, in, int_from<int8_t, C>);
    case HWC_DTYPE_U8:
      return store_encoded<uint8_t>(p, stride, n, in, int_from<uint8_t, C>);
    case HWC_DTYPE_I32:
      return store_encoded<int32_t>(p, stride, n, in, int_from<int32_t, C>);
    case HWC_DTYPE_I64:
      return store_encoded<int64_t>(p, stride, n, in, int_from<int64_t, C>);
    default:
      fail(HWC_STATUS_INTERNAL, "store_row: bad dtype");
  }
}

template void load_row<float>(int32_t, const std::byte*, int64_t, int64_t, float*);
template void load_row<double>(int32_t, const std::byte*, int64_t, int64_t, double*);
template void load_row<int64_t>(int32_t, const std::byte*, int64_t, int64_t, int64_t*);
template void store_row<float>(int32_t, std::byte*, int64_t, int64_t, const float*);
template void store_row<double>(int32_t, std::byte*, int64_t, int64_t, const double*);
template void store_row<int64_t>(int32_t, std::byte*, int64_t, int64_t, const int64_t*);

std::vector<int64_t> dense_strides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
  return strides;
}

template <class C>
void load_dense_into(const Operand& op, ThreadPool& pool, C* out) {
  const std::vector<int64_t> shape = op.view.dims();
  const StridedLoop loop(shape, {view_strides(op.view), dense_strides(shape)});
  loop.for_each_block(pool, 4096, [&](const int64_t* offsets, int64_t count) {
    load_row<C>(op.view.dtype, element_at(op, offsets[0]), loop.inner_stride(0), count,
                out + offsets[1]);
  });
}

template <class C>
std::vector<C> load_dense(const Operand& op, ThreadPool& pool) {
  std::vector<C> values(static_cast<std::size_t>(op.view.numel()));
  load_dense_into(op, pool, values.data());
  return values;
}

template <class C>
void store_dense(const Operand& op, const C* values, ThreadPool& pool) {
  const std::vector<int64_t> shape = op.view.dims();
  const StridedLoop loop(shape, {view_strides(op.view), dense_strides(shape)});
  loop.for_each_block(pool, 4096, [&](const int64_t* offsets, int64_t count) {
    store_row<C>(op.view.dtype, element_at(op, offsets[0]), loop.inner_stride(0), count,
                 values + offsets[1]);
  });
}

template void load_dense_into<float>(const Operand&, ThreadPool&, float*);
template void load_dense_into<double>(const Operand&, ThreadPool&, double*);
template std::vector<float> load_dense<float>(const Operand&, ThreadPool&);
template std::vector<double> load_dense<double>(const Operand&, ThreadPool&);
template std::vector<int64_t> load_dense<int64_t>(const Operand&, ThreadPool&);
template void store_dense<float>(const Operand&, const float*, ThreadPool&);
template void store_dense<double>(const Operand&, const double*, ThreadPool&);
template void store_dense<int64_t>(const Operand&, const int64_t*, ThreadPool&);

}  // namespace hwcert::reference
