// Walking N-d strided tensors: dimension collapsing, row-wise iteration split into blocks
// for the thread pool, and row loads/stores that convert between a storage dtype and a
// compute type (float for f32/f16/bf16/fp8, double for f64, int64_t for integers and bool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "ops/op.hpp"

namespace hwcert::reference {

// An iteration space (a shape) shared by several operands, each with its own element
// strides (0 for broadcast dimensions). Adjacent dimensions are merged where every operand
// allows it, and size-1 dimensions are dropped.
class StridedLoop {
 public:
  StridedLoop(const std::vector<int64_t>& shape, const std::vector<std::vector<int64_t>>& strides);

  int64_t numel() const { return numel_; }
  int64_t row_length() const { return row_length_; }
  int64_t rows() const { return rows_; }
  std::size_t operands() const { return strides_.size(); }
  // Stride of operand k along the row.
  int64_t inner_stride(std::size_t k) const { return inner_stride_[k]; }
  // Element offsets (per operand) of the first element of `row`.
  void row_offsets(int64_t row, int64_t* offsets) const;

  // Calls block(offsets, count) for every run of at most `block` consecutive row elements,
  // offsets being the element offsets of the run's first element per operand. Runs are
  // grouped into tasks for `pool` by size alone.
  void for_each_block(ThreadPool& pool, int64_t block,
                      const std::function<void(const int64_t* offsets, int64_t count)>& fn) const;
  // The same on the calling thread only.
  void for_each_block_serial(
      int64_t block, const std::function<void(const int64_t* offsets, int64_t count)>& fn) const;

 private:
  int64_t numel_ = 0;
  int64_t rows_ = 0;
  int64_t row_length_ = 1;
  std::vector<int64_t> outer_shape_;                 // dims above the row, outermost first
  std::vector<std::vector<int64_t>> outer_strides_;  // [operand][dim]
  std::vector<int64_t> inner_stride_;
  std::vector<std::vector<int64_t>> strides_;
};

// Strides of `view` broadcast to `shape` (numpy rules: aligned at the right; size-1 or
// missing dimensions get stride 0). The caller has checked that the shapes broadcast.
std::vector<int64_t> broadcast_strides(const TensorView& view, const std::vector<int64_t>& shape);
std::vector<int64_t> view_strides(const TensorView& view);
// Row-major strides of a dense tensor of `shape`.
std::vector<int64_t> dense_strides(const std::vector<int64_t>& shape);
// numpy broadcast of two shapes; INVALID_ARGUMENT naming `call` when they do not broadcast.
std::vector<int64_t> broadcast_shapes(const OpCall& call, const std::vector<int64_t>& a,
                                      const std::vector<int64_t>& b);

// Loads n elements of `dtype` starting at `p` with element stride `stride` into `out`.
template <class C>
void load_row(int32_t dtype, const std::byte* p, int64_t stride, int64_t n, C* out);
// Stores n compute values into `dtype` elements (f16/bf16 round to nearest even, integers
// wrap, bool stores x != 0).
template <class C>
void store_row(int32_t dtype, std::byte* p, int64_t stride, int64_t n, const C* in);

extern template void load_row<float>(int32_t, const std::byte*, int64_t, int64_t, float*);
extern template void load_row<double>(int32_t, const std::byte*, int64_t, int64_t, double*);
extern template void load_row<int64_t>(int32_t, const std::byte*, int64_t, int64_t, int64_t*);
extern template void store_row<float>(int32_t, std::byte*, int64_t, int64_t, const float*);
extern template void store_row<double>(int32_t, std::byte*, int64_t, int64_t, const double*);
extern template void store_row<int64_t>(int32_t, std::byte*, int64_t, int64_t, const int64_t*);

// Copies a strided view of `shape` element by element (elements of elem_size bytes; strides
// in elements). With pool == nullptr the copy runs on the calling thread.
void copy_strided(ThreadPool* pool, const std::vector<int64_t>& shape, std::byte* dst,
                  const std::vector<int64_t>& dst_strides, const std::byte* src,
                  const std::vector<int64_t>& src_strides, std::size_t elem_size);

// Address of element offset `offset` (in elements) of `op`.
inline std::byte* element_at(const Operand& op, int64_t offset) {
  return op.origin() + offset * static_cast<int64_t>(op.view.element_size());
}

// Gathers a whole tensor (any strides) into a dense row-major array of compute type C.
template <class C>
std::vector<C> load_dense(const Operand& op, ThreadPool& pool);
// The same into `out` (numel elements).
template <class C>
void load_dense_into(const Operand& op, ThreadPool& pool, C* out);
extern template void load_dense_into<float>(const Operand&, ThreadPool&, float*);
extern template void load_dense_into<double>(const Operand&, ThreadPool&, double*);
extern template std::vector<float> load_dense<float>(const Operand&, ThreadPool&);
extern template std::vector<double> load_dense<double>(const Operand&, ThreadPool&);
extern template std::vector<int64_t> load_dense<int64_t>(const Operand&, ThreadPool&);

// Scatters a dense row-major array into a tensor of any strides.
template <class C>
void store_dense(const Operand& op, const C* values, ThreadPool& pool);
extern template void store_dense<float>(const Operand&, const float*, ThreadPool&);
extern template void store_dense<double>(const Operand&, const double*, ThreadPool&);
extern template void store_dense<int64_t>(const Operand&, const int64_t*, ThreadPool&);

}  // namespace hwcert::reference
