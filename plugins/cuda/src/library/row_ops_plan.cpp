#include "row_ops_plan.hpp"

#include <cstddef>

namespace hwcert::cuda::library::row {
namespace {

struct Dim {
  int64_t extent = 1;
  int64_t x = 0, y = 0, gamma = 0, beta = 0;
};

// Drops extent-1 dims and merges a dim into its outer neighbour when every tensor steps
// through both as one run.
FoldedDims fold(const std::array<Dim, HWC_MAX_RANK>& dims, int32_t count) {
  FoldedDims out;
  for (int32_t i = 0; i < count; ++i) {
    const Dim& d = dims[static_cast<std::size_t>(i)];
    if (d.extent == 1) continue;
    if (out.count > 0) {
      const auto last = static_cast<std::size_t>(out.count - 1);
      const bool merges = out.x[last] == d.x * d.extent && out.y[last] == d.y * d.extent &&
                          out.gamma[last] == d.gamma * d.extent &&
                          out.beta[last] == d.beta * d.extent;
      if (merges) {
        out.extent[last] *= d.extent;
        out.x[last] = d.x;
        out.y[last] = d.y;
        out.gamma[last] = d.gamma;
        out.beta[last] = d.beta;
        continue;
      }
    }
    const auto k = static_cast<std::size_t>(out.count++);
    out.extent[k] = d.extent;
    out.x[k] = d.x;
    out.y[k] = d.y;
    out.gamma[k] = d.gamma;
    out.beta[k] = d.beta;
  }
  return out;
}

bool aligned16(const std::byte* p) noexcept {
  return reinterpret_cast<std::uintptr_t>(p) % 16 == 0;
}

}  // namespace

int32_t row_element_bytes(int32_t dtype) noexcept {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return 8;
    case HWC_DTYPE_F32:
      return 4;
    case HWC_DTYPE_F16:
    case HWC_DTYPE_BF16:
      return 2;
    default:
      return 0;
  }
}

int32_t vector_width(int32_t dtype) noexcept {
  const int32_t bytes = row_element_bytes(dtype);
  return bytes == 0 ? 0 : 16 / bytes;
}

RowVariant select_row_variant(int64_t length, int32_t dtype, bool vectorizable) noexcept {
  struct Shape {
    int32_t threads, items;
    bool strided;  // also instantiated for the strided (element-wise) path
  };
  // Smallest register capacity that holds the row: a warp per row up to 1024 elements,
  // then a block per row with 32 elements per thread. Few shapes, to keep the number of
  // kernel instantiations (and the build time) small.
  constexpr std::array<Shape, 4> kShapes = {
      {{32, 32, true}, {128, 32, false}, {256, 32, false}, {512, 32, true}}};
  RowVariant variant;
  variant.vectorized = vectorizable && vector_width(dtype) > 0;
  if (length > kMaxRegisterRow) {
    variant.kernel = RowKernel::looped;
    variant.threads_per_row = kLoopedThreads;
    variant.items_per_thread = 0;
    variant.vectorized = false;
    return variant;
  }
  for (const Shape& s : kShapes) {
    if (!variant.vectorized && !s.strided) continue;
    if (static_cast<int64_t>(s.threads) * s.items >= length) {
      variant.threads_per_row = s.threads;
      variant.items_per_thread = s.items;
      return variant;
    }
  }
  return variant;  // unreachable: the last shape holds kMaxRegisterRow
}

bool can_vectorize(const RowPlan& plan, const RowProblem& problem) noexcept {
  const int32_t width = vector_width(problem.x.dtype);
  if (width == 0 || plan.length % width != 0) return false;
  if (plan.inner.count != 1 || plan.inner.x[0] != 1 || plan.inner.y[0] != 1) return false;
  if (!aligned16(problem.x.data) || !aligned16(problem.y.data)) return false;
  if (problem.gamma && (plan.inner.gamma[0] != 1 || !aligned16(problem.gamma->data))) {
    return false;
  }
  if (problem.beta && (plan.inner.beta[0] != 1 || !aligned16(problem.beta->data))) return false;
  for (int32_t d = 0; d < plan.outer.count; ++d) {
    const auto k = static_cast<std::size_t>(d);
    if (plan.outer.x[k] % width != 0 || plan.outer.y[k] % width != 0) return false;
  }
  return true;
}

RowPlan make_row_plan(const RowProblem& problem) {
  const DeviceTensor& x = problem.x;
  const DeviceTensor& y = problem.y;
  const uint32_t rank = x.rank;
  const bool single_axis = problem.op == RowOp::softmax || problem.op == RowOp::log_softmax;
  const uint32_t inner_end = single_axis ? problem.axis + 1 : rank;

  std::array<Dim, HWC_MAX_RANK> outer{}, inner{};
  int32_t outer_count = 0, inner_count = 0;
  RowPlan plan;
  plan.rows = 1;
  plan.length = 1;
  for (uint32_t d = 0; d < rank; ++d) {
    Dim dim{x.shape[d], x.strides[d], y.strides[d], 0, 0};
    if (d >= problem.axis && d < inner_end) {
      const uint32_t g = d - problem.axis;  // gamma and beta have shape x.shape[axis:]
      if (problem.gamma) dim.gamma = problem.gamma->strides[g];
      if (problem.beta) dim.beta = problem.beta->strides[g];
      inner[static_cast<std::size_t>(inner_count++)] = dim;
      plan.length *= dim.extent;
    } else {
      outer[static_cast<std::size_t>(outer_count++)] = dim;
      plan.rows *= dim.extent;
    }
  }
  plan.outer = fold(outer, outer_count);
  plan.inner = fold(inner, inner_count);
  plan.element_bytes = row_element_bytes(x.dtype);
  plan.variant = select_row_variant(plan.length, x.dtype, can_vectorize(plan, problem));
  return plan;
}

}  // namespace hwcert::cuda::library::row
