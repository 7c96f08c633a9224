#include "tensor_view.hpp"

#include <algorithm>
#include <string>

#include "dtype.hpp"
#include "error.hpp"

namespace hwcert::opencl {

int64_t product(std::span<const int64_t> extents) noexcept {
  int64_t n = 1;
  for (int64_t e : extents) n *= e;
  return n;
}

int64_t View::numel() const noexcept {
  return product(shape);
}

View view_of(const HWC_TensorDesc& desc) {
  View v;
  v.dtype = desc.dtype;
  v.shape.assign(desc.shape, desc.shape + desc.rank);
  v.strides.assign(desc.strides, desc.strides + desc.rank);
  v.offset = static_cast<int64_t>(desc.byte_offset / element_size(desc.dtype));
  return v;
}

View permute(const View& view, std::span<const int> order) {
  View out;
  out.dtype = view.dtype;
  out.offset = view.offset;
  for (int d : order) {
    out.shape.push_back(view.shape[static_cast<size_t>(d)]);
    out.strides.push_back(view.strides[static_cast<size_t>(d)]);
  }
  return out;
}

View broadcast_to(const View& view, std::span<const int64_t> shape) {
  View out;
  out.dtype = view.dtype;
  out.offset = view.offset;
  out.shape.assign(shape.begin(), shape.end());
  out.strides.assign(shape.size(), 0);
  const size_t lead = shape.size() - view.rank();
  for (size_t d = 0; d < view.rank(); ++d)
    out.strides[lead + d] = view.shape[d] == 1 ? 0 : view.strides[d];
  return out;
}

View sub_view(const View& view, size_t first, size_t last, bool zero_offset) {
  View out;
  out.dtype = view.dtype;
  out.offset = zero_offset ? 0 : view.offset;
  out.shape.assign(view.shape.begin() + static_cast<std::ptrdiff_t>(first),
                   view.shape.begin() + static_cast<std::ptrdiff_t>(last));
  out.strides.assign(view.strides.begin() + static_cast<std::ptrdiff_t>(first),
                     view.strides.begin() + static_cast<std::ptrdiff_t>(last));
  return out;
}

void coalesce(std::span<View* const> views) {
  if (views.empty()) return;
  const std::vector<int64_t> shape = views[0]->shape;
  std::vector<int64_t> new_shape;
  std::vector<std::vector<int64_t>> new_strides(views.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool merge = !new_shape.empty();
    for (size_t v = 0; merge && v < views.size(); ++v)
      merge = new_strides[v].back() == views[v]->strides[d] * shape[d];
    if (merge) {
      new_shape.back() *= shape[d];
      for (size_t v = 0; v < views.size(); ++v) new_strides[v].back() = views[v]->strides[d];
    } else {
      new_shape.push_back(shape[d]);
      for (size_t v = 0; v < views.size(); ++v) new_strides[v].push_back(views[v]->strides[d]);
    }
  }
  if (new_shape.empty()) {
    new_shape.push_back(1);
    for (auto& s : new_strides) s.push_back(0);
  }
  for (size_t v = 0; v < views.size(); ++v) {
    views[v]->shape = new_shape;
    views[v]->strides = std::move(new_strides[v]);
  }
}

TensorInfo tensor_info(const View& view) {
  if (view.rank() > static_cast<size_t>(kMaxKernelRank))
    fail_unsupported("a view of rank " + std::to_string(view.rank()) +
                     " after dimension merging exceeds the kernels' limit of 8");
  TensorInfo t{};
  for (size_t d = 0; d < view.rank(); ++d) {
    t.shape[d] = view.shape[d];
    t.stride[d] = view.strides[d];
  }
  for (size_t d = view.rank(); d < static_cast<size_t>(kMaxKernelRank); ++d) t.shape[d] = 1;
  t.offset = view.offset;
  t.rank = static_cast<cl_long>(view.rank());
  return t;
}

}  // namespace hwcert::opencl
