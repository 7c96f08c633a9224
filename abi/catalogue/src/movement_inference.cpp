// Output shapes of reshape, flatten, squeeze, unsqueeze, expand, slice, split, pad, where and
// resize (docs/op-catalogue.md, opset 2).
#include "movement_inference.hpp"

#include <fmt/format.h>

#include "call_checks.hpp"
#include "hwcert/catalogue/movement_geometry.hpp"
#include "hwcert/catalogue/shape_inference.hpp"

namespace hwcert::catalogue {
namespace {

using Outputs = Expected<std::vector<TensorSpec>>;
using Shape = std::vector<int64_t>;

int64_t product(const Shape& shape, std::size_t from, std::size_t to) {
  int64_t n = 1;
  for (std::size_t d = from; d < to; ++d) n *= shape[d];
  return n;
}

Outputs infer_reshape(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  Shape shape = attrs.get_ints("shape");
  if (shape.size() > HWC_MAX_RANK) return invalid(call, "shape has more than 8 entries");
  int64_t known = 1;
  std::size_t inferred = shape.size();
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1 && inferred == shape.size()) {
      inferred = d;
    } else if (shape[d] < 0) {
      return invalid(
          call, fmt::format("shape {} may hold one -1, other entries >= 0", shape_text(shape)));
    } else if (__builtin_mul_overflow(known, shape[d], &known)) {
      return invalid(call, fmt::format("shape {} overflows", shape_text(shape)));
    }
  }
  const int64_t elements = x.element_count().value_or(0);
  if (inferred < shape.size()) {
    if (known == 0 || elements % known != 0) {
      return invalid(call, fmt::format("cannot infer the -1 of {} for {} elements",
                                       shape_text(shape), elements));
    }
    shape[inferred] = elements / known;
    known = elements;
  }
  if (known != elements) {
    return invalid(call, fmt::format("shape {} holds {} elements, X {} holds {}", shape_text(shape),
                                     known, shape_text(x.shape), elements));
  }
  return one_output(x.dtype, shape);
}

Outputs infer_flatten(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  const auto rank = static_cast<int64_t>(x.rank());
  int64_t axis = attrs.get_int("axis");
  if (axis < -rank || axis > rank) {
    return invalid(call, fmt::format("axis {} is out of range [-{}, {}]", axis, rank, rank));
  }
  if (axis < 0) axis += rank;
  const auto split = static_cast<std::size_t>(axis);
  return one_output(x.dtype, {product(x.shape, 0, split), product(x.shape, split, x.rank())});
}

// Marks the normalised `axes` of a tensor of `rank` dims, each once.
Expected<std::vector<bool>> marked_axes(const OpCall& call, const Shape& axes, std::size_t rank) {
  std::vector<bool> marked(rank, false);
  for (int64_t a : axes) {
    auto axis = checked_axis(call, a, rank);
    if (!axis) return axis.status();
    if (marked[*axis]) return invalid(call, fmt::format("axis {} is named twice", *axis));
    marked[*axis] = true;
  }
  return marked;
}

Outputs infer_squeeze(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  auto marked = marked_axes(call, attrs.get_ints("axes"), x.rank());
  if (!marked) return marked.status();
  Shape shape;
  for (std::size_t d = 0; d < x.rank(); ++d) {
    if (!(*marked)[d]) {
      shape.push_back(x.shape[d]);
    } else if (x.shape[d] != 1) {
      return invalid(
          call, fmt::format("axis {} has extent {}; only extent-1 axes squeeze", d, x.shape[d]));
    }
  }
  return one_output(x.dtype, shape);
}

Outputs infer_unsqueeze(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  const Shape axes = attrs.get_ints("axes");
  const std::size_t rank = x.rank() + axes.size();
  if (rank > HWC_MAX_RANK) return invalid(call, "output rank exceeds 8");
  auto marked = marked_axes(call, axes, rank);
  if (!marked) return marked.status();
  Shape shape;
  std::size_t next = 0;
  for (std::size_t d = 0; d < rank; ++d) shape.push_back((*marked)[d] ? 1 : x.shape[next++]);
  return one_output(x.dtype, shape);
}

Outputs infer_expand(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  const Shape target = attrs.get_ints("shape");
  for (int64_t e : target) {
    if (e < 0)
      return invalid(call, fmt::format("shape {} holds a negative extent", shape_text(target)));
  }
  auto shape = broadcast_shapes(x.shape, target);
  if (!shape) {
    return invalid(call, fmt::format("X {} does not broadcast with shape {}", shape_text(x.shape),
                                     shape_text(target)));
  }
  if (shape->size() > HWC_MAX_RANK) return invalid(call, "output rank exceeds 8");
  return one_output(x.dtype, *shape);
}

Outputs infer_slice(const OpCall& call) {
  auto g = slice_geometry(call);
  if (!g) return g.status();
  Shape shape;
  for (const SliceAxis& a : *g) shape.push_back(a.count);
  return one_output(call.inputs()[0].dtype, shape);
}

Outputs infer_split(const OpCall& call) {
  const TensorSpec& x = call.inputs()[0];
  auto g = split_geometry(call);
  if (!g) return g.status();
  std::vector<TensorSpec> outputs;
  for (int64_t size : g->sizes) {
    Shape shape = x.shape;
    shape[g->axis] = size;
    outputs.push_back(TensorSpec::dense(x.dtype, shape));
  }
  return outputs;
}

Outputs infer_pad(const OpCall& call) {
  const TensorSpec& x = call.inputs()[0];
  auto g = pad_geometry(call);
  if (!g) return g.status();
  Shape shape = x.shape;
  for (std::size_t d = 0; d < shape.size(); ++d) shape[d] += g->begin[d] + g->end[d];
  return one_output(x.dtype, shape);
}

Outputs infer_where(const OpCall& call) {
  const auto& in = call.inputs();
  if (in[0].dtype != DType::kU8) {
    return invalid(call, fmt::format("cond must be u8, got {}", dtype_name(in[0].dtype)));
  }
  if (in[1].dtype != in[2].dtype) {
    return invalid(call, fmt::format("A is {} and B is {}; they must match",
                                     dtype_name(in[1].dtype), dtype_name(in[2].dtype)));
  }
  auto shape = broadcast_shapes(in[0].shape, in[1].shape);
  if (shape) shape = broadcast_shapes(*shape, in[2].shape);
  if (!shape) {
    return invalid(call,
                   fmt::format("cond {}, A {} and B {} do not broadcast", shape_text(in[0].shape),
                               shape_text(in[1].shape), shape_text(in[2].shape)));
  }
  return one_output(in[1].dtype, *shape);
}

Outputs infer_resize(const OpCall& call, const OpSchema& schema) {
  const TensorSpec& x = call.inputs()[0];
  if (Status s = check_input_dtype(call, schema); !s.ok()) return s;
  auto g = resize_geometry(call);
  if (!g) return g.status();
  return one_output(x.dtype, {x.shape[0], x.shape[1], g->out_h, g->out_w});
}

}  // namespace

Outputs infer_opset2_movement(const OpCall& call, const OpSchema& schema) {
  const std::string& op = call.op_name();
  const Attrs attrs(call, schema);
  if (op == "reshape") return infer_reshape(call, attrs);
  if (op == "flatten") return infer_flatten(call, attrs);
  if (op == "squeeze") return infer_squeeze(call, attrs);
  if (op == "unsqueeze") return infer_unsqueeze(call, attrs);
  if (op == "expand") return infer_expand(call, attrs);
  if (op == "slice") return infer_slice(call);
  if (op == "split") return infer_split(call);
  if (op == "pad") return infer_pad(call);
  if (op == "where") return infer_where(call);
  if (op == "resize") return infer_resize(call, schema);
  return invalid(call, "no shape rule for this data-movement op");
}

}  // namespace hwcert::catalogue
