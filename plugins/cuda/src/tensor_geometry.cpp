#include "tensor_geometry.hpp"

#include <algorithm>
#include <numeric>

#include "dtype.hpp"
#include "error.hpp"

namespace hwcert::cuda {

void check_tensor(const HWC_TensorDesc* t, const std::string& op, const char* role,
                  uint32_t index) {
  // The name is built only for a message: this runs on every launch.
  const auto what = [&] { return op + " " + role + " " + std::to_string(index); };
  if (t == nullptr) fail_invalid(what() + " descriptor is NULL");
  if (!HWC_HAS_FIELD(t, HWC_TensorDesc, byte_offset))
    fail_invalid(what() + " descriptor has a too small struct_size (" +
                 std::to_string(t->struct_size) + ")");
  if (!is_valid_dtype(t->dtype))
    fail_invalid(what() + " has unknown dtype " + std::to_string(t->dtype));
  if (t->rank > HWC_MAX_RANK)
    fail_invalid(what() + " has rank " + std::to_string(t->rank) + ", more than 8");
  uint64_t count = 1, last = 0;
  bool empty = false;
  for (uint32_t d = 0; d < t->rank; ++d) {
    if (t->shape[d] < 0)
      fail_invalid(what() + " has negative extent " + std::to_string(t->shape[d]));
    if (t->strides[d] < 0)
      fail_invalid(what() + " has negative stride " + std::to_string(t->strides[d]));
    empty = empty || t->shape[d] == 0;
    const auto extent = static_cast<uint64_t>(t->shape[d]);
    uint64_t reach = 0;
    if (__builtin_mul_overflow(count, extent, &count) || count > uint64_t{INT64_MAX} ||
        (extent > 0 &&
         __builtin_mul_overflow(extent - 1, static_cast<uint64_t>(t->strides[d]), &reach)) ||
        __builtin_add_overflow(last, reach, &last))
      fail_invalid(what() + " has more elements or a larger extent than 64 bits hold");
  }
  const uint64_t size = dtype_size(t->dtype);
  uint64_t bytes = 0;
  if (!empty &&
      (__builtin_add_overflow(last, 1, &bytes) || __builtin_mul_overflow(bytes, size, &bytes) ||
       __builtin_add_overflow(bytes, t->byte_offset, &bytes)))
    fail_invalid(what() + " reaches beyond 2^64 bytes");
  if (t->byte_offset % size != 0)
    fail_unsupported(what() + " byte_offset " + std::to_string(t->byte_offset) +
                     " is not a multiple of its element size " + std::to_string(size));
}

Shape shape_of(const HWC_TensorDesc& t) {
  return Shape(t.shape, t.shape + t.rank);
}

int64_t element_count(const HWC_TensorDesc& t) noexcept {
  int64_t n = 1;
  for (uint32_t d = 0; d < t.rank; ++d) n *= t.shape[d];
  return n;
}

Layout layout_of(const HWC_TensorDesc& t) {
  Layout l;
  l.rank = static_cast<int32_t>(t.rank);
  for (uint32_t d = 0; d < t.rank; ++d) {
    l.shape[d] = t.shape[d];
    l.strides[d] = t.strides[d];
  }
  return l;
}

Layout broadcast_layout(const HWC_TensorDesc& t, std::span<const int64_t> shape) {
  Layout l;
  l.rank = static_cast<int32_t>(shape.size());
  const size_t lead = shape.size() - t.rank;
  for (size_t d = 0; d < shape.size(); ++d) {
    l.shape[d] = shape[d];
    const bool own = d >= lead && t.shape[d - lead] == shape[d] && shape[d] != 1;
    l.strides[d] = own ? t.strides[d - lead] : 0;
  }
  return l;
}

void coalesce(std::span<Layout* const> layouts) {
  if (layouts.empty()) return;
  const Layout shape = *layouts[0];
  Layout merged[8];  // per layout; rank counts merged dims (at most 8 layouts are merged)
  const size_t count = std::min<size_t>(layouts.size(), 8);
  int32_t rank = 0;
  for (int32_t d = 0; d < shape.rank; ++d) {
    const int64_t extent = shape.shape[d];
    if (extent == 1) continue;
    bool joins = rank > 0;
    for (size_t v = 0; joins && v < count; ++v)
      joins = merged[v].strides[rank - 1] == layouts[v]->strides[d] * extent;
    if (joins) {
      for (size_t v = 0; v < count; ++v) {
        merged[v].shape[rank - 1] *= extent;
        merged[v].strides[rank - 1] = layouts[v]->strides[d];
      }
      continue;
    }
    for (size_t v = 0; v < count; ++v) {
      merged[v].shape[rank] = extent;
      merged[v].strides[rank] = layouts[v]->strides[d];
    }
    ++rank;
  }
  if (rank == 0) {  // a single element (or extent-1 dims only)
    for (size_t v = 0; v < count; ++v) {
      merged[v].shape[0] = 1;
      merged[v].strides[0] = 1;
    }
    rank = 1;
  }
  for (size_t v = 0; v < count; ++v) {
    merged[v].rank = rank;
    *layouts[v] = merged[v];
  }
}

bool may_self_overlap(const HWC_TensorDesc& t) {
  // Sorted by stride, each dim must step past everything the smaller dims reach.
  std::vector<uint32_t> dims;
  for (uint32_t d = 0; d < t.rank; ++d) {
    if (t.shape[d] == 0) return false;  // empty: nothing is written
    if (t.shape[d] > 1) dims.push_back(d);
  }
  std::sort(dims.begin(), dims.end(),
            [&](uint32_t a, uint32_t b) { return t.strides[a] < t.strides[b]; });
  int64_t reach = 0;  // largest offset the dims so far reach
  for (uint32_t d : dims) {
    if (t.strides[d] <= reach) return true;
    reach += (t.shape[d] - 1) * t.strides[d];
  }
  return false;
}

}  // namespace hwcert::cuda

namespace hwcert::cuda::kernels {

int64_t element_count(const Layout& layout) noexcept {
  int64_t n = 1;
  for (int32_t d = 0; d < layout.rank; ++d) n *= layout.shape[d];
  return n;
}

}  // namespace hwcert::cuda::kernels
