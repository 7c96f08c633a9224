// Oracle for the data movement of opset 2: reshape, flatten, squeeze, unsqueeze, expand,
// slice, split, pad, where (element bits moved unchanged) and resize (nearest: bits moved;
// bilinear: the interpolation in float64, rounded once).
#include <bit>
#include <cmath>

#include "hwcert/catalogue/movement_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "oracle_evaluator.hpp"

namespace hwcert::conformance::detail {
namespace {

using catalogue::PadMode;

// reshape, flatten, squeeze, unsqueeze: the output's row-major order is the input's.
class Relabel final : public Evaluator {
 public:
  explicit Relabel(const EvalContext& ctx)
      : x_(ctx.inputs[0]), out_shape_(ctx.call->outputs()[0].shape) {}
  RefValue eval(std::span<const int64_t> index) override {
    int64_t flat = 0;
    for (std::size_t d = 0; d < out_shape_.size(); ++d) flat = flat * out_shape_[d] + index[d];
    unravel_index(flat, x_.spec().shape, in_);
    return RefValue::of_bits(x_.bits(in_));
  }

 private:
  TensorReader x_;
  std::vector<int64_t> out_shape_;
  std::vector<int64_t> in_;
};

class Expand final : public Evaluator {
 public:
  explicit Expand(const EvalContext& ctx) : x_(ctx.inputs[0]) {}
  RefValue eval(std::span<const int64_t> index) override {
    broadcast_index(index, x_.spec().shape, in_);
    return RefValue::of_bits(x_.bits(in_));
  }

 private:
  TensorReader x_;
  std::vector<int64_t> in_;
};

// slice and split: input index = start + output index * step on every axis.
class Strided final : public Evaluator {
 public:
  Strided(const EvalContext& ctx, std::vector<catalogue::SliceAxis> axes)
      : x_(ctx.inputs[0]), axes_(std::move(axes)) {}
  RefValue eval(std::span<const int64_t> index) override {
    in_.resize(axes_.size());
    for (std::size_t d = 0; d < axes_.size(); ++d) {
      in_[d] = axes_[d].start + index[d] * axes_[d].step;
    }
    return RefValue::of_bits(x_.bits(in_));
  }

 private:
  TensorReader x_;
  std::vector<catalogue::SliceAxis> axes_;
  std::vector<int64_t> in_;
};

// Input index read by output index `i` of an axis of extent `dim` padded by `begin` before;
// -1: outside the input (constant mode).
int64_t pad_source(int64_t i, int64_t begin, int64_t dim, PadMode mode) {
  const int64_t j = i - begin;
  if (j >= 0 && j < dim) return j;
  switch (mode) {
    case PadMode::kConstant:
      return -1;
    case PadMode::kEdge:
      return j < 0 ? 0 : dim - 1;
    case PadMode::kReflect:
      return j < 0 ? -j : 2 * (dim - 1) - j;
  }
  return -1;
}

class Pad final : public Evaluator {
 public:
  Pad(const EvalContext& ctx, catalogue::PadGeometry g)
      : x_(ctx.inputs[0]),
        g_(std::move(g)),
        fill_(cast_bits(DType::kF64, std::bit_cast<uint64_t>(g_.value), x_.spec().dtype)) {}
  RefValue eval(std::span<const int64_t> index) override {
    in_.resize(index.size());
    for (std::size_t d = 0; d < index.size(); ++d) {
      in_[d] = pad_source(index[d], g_.begin[d], x_.spec().shape[d], g_.mode);
      if (in_[d] < 0) return RefValue::of_bits(fill_);
    }
    return RefValue::of_bits(x_.bits(in_));
  }

 private:
  TensorReader x_;
  catalogue::PadGeometry g_;
  uint64_t fill_;
  std::vector<int64_t> in_;
};

class Where final : public Evaluator {
 public:
  explicit Where(const EvalContext& ctx)
      : cond_(ctx.inputs[0]), a_(ctx.inputs[1]), b_(ctx.inputs[2]) {}
  RefValue eval(std::span<const int64_t> index) override {
    broadcast_index(index, cond_.spec().shape, in_);
    const TensorReader& chosen = cond_.integer(in_) != 0 ? a_ : b_;
    broadcast_index(index, chosen.spec().shape, in_);
    return RefValue::of_bits(chosen.bits(in_));
  }

 private:
  TensorReader cond_, a_, b_;
  std::vector<int64_t> in_;
};

// The two source rows (or columns) of one output coordinate and the weight of the second.
struct Taps {
  int64_t first = 0, second = 0;
  double weight = 0;
};

// nearest: floor(dst * in / out) (weight 0); bilinear: half-pixel centres,
// src = max(0, (dst + 0.5) * in / out - 0.5).
Taps resize_taps(int64_t dst, int64_t in, int64_t out, bool bilinear) {
  if (!bilinear) return {std::min(dst * in / out, in - 1), 0, 0};
  const double src = std::max(
      0.0,
      (static_cast<double>(dst) + 0.5) * static_cast<double>(in) / static_cast<double>(out) - 0.5);
  const auto first = static_cast<int64_t>(std::floor(src));
  return {first, std::min(first + 1, in - 1), src - static_cast<double>(first)};
}

class Resize final : public Evaluator {
 public:
  Resize(const EvalContext& ctx, catalogue::ResizeGeometry g) : x_(ctx.inputs[0]), g_(g) {}
  RefValue eval(std::span<const int64_t> index) override {
    const auto& shape = x_.spec().shape;
    const Taps h = resize_taps(index[2], shape[2], g_.out_h, g_.bilinear);
    const Taps w = resize_taps(index[3], shape[3], g_.out_w, g_.bilinear);
    in_ = {index[0], index[1], h.first, w.first};
    if (!g_.bilinear) return RefValue::of_bits(x_.bits(in_));
    double value = 0;
    for (const auto& [row, wr] : {std::pair{h.first, 1 - h.weight}, {h.second, h.weight}}) {
      for (const auto& [col, wc] : {std::pair{w.first, 1 - w.weight}, {w.second, w.weight}}) {
        if (wr * wc == 0) continue;  // a zero weight never reads (no 0 * Inf)
        in_[2] = row;
        in_[3] = col;
        value += wr * wc * x_.real(in_);
      }
    }
    const double magnitude = tap_magnitude(index, h, w);
    return RefValue::of_real(value, magnitude);
  }

 private:
  // The magnitude the bound scales with: |x| of every tap a coordinate computed in f32 can
  // reach, unweighted. A weight errs by about eps times the coordinate and the output moves
  // by that times the slope between taps, which the taps' |x| bound and the weighted sum does
  // not (a small weight on a large neighbour); at an integer coordinate (weight 0) a rounded
  // coordinate can fall just below it, onto the tap before. Non-finite taps are left out.
  double tap_magnitude(std::span<const int64_t> index, const Taps& h, const Taps& w) {
    const auto reachable = [](const Taps& t) {
      std::vector<int64_t> taps = {t.first};
      if (t.second != t.first) taps.push_back(t.second);
      if (t.weight == 0 && t.first > 0) taps.push_back(t.first - 1);
      return taps;
    };
    double magnitude = 0;
    for (const int64_t row : reachable(h)) {
      for (const int64_t col : reachable(w)) {
        in_ = {index[0], index[1], row, col};
        const double x = x_.real(in_);
        if (std::isfinite(x)) magnitude += std::fabs(x);
      }
    }
    return magnitude;
  }

  TensorReader x_;
  catalogue::ResizeGeometry g_;
  std::vector<int64_t> in_;
};

template <typename T, typename... Args>
Expected<std::unique_ptr<Evaluator>> make(Args&&... args) {
  return std::unique_ptr<Evaluator>(std::make_unique<T>(std::forward<Args>(args)...));
}

// split output `k`: a slice of the axis from the sizes before it.
Expected<std::unique_ptr<Evaluator>> make_split(const EvalContext& ctx) {
  auto g = catalogue::split_geometry(*ctx.call);
  if (!g) return g.status();
  std::vector<catalogue::SliceAxis> axes;
  for (int64_t extent : ctx.call->inputs()[0].shape) axes.push_back({0, 1, extent});
  for (std::size_t k = 0; k < ctx.output_index; ++k) axes[g->axis].start += g->sizes[k];
  return make<Strided>(ctx, std::move(axes));
}

}  // namespace

Expected<std::unique_ptr<Evaluator>> make_opset2_movement(const EvalContext& ctx) {
  const std::string& op = ctx.call->op_name();
  if (op == "reshape" || op == "flatten" || op == "squeeze" || op == "unsqueeze") {
    return make<Relabel>(ctx);
  }
  if (op == "expand") return make<Expand>(ctx);
  if (op == "where") return make<Where>(ctx);
  if (op == "split") return make_split(ctx);
  if (op == "slice") {
    auto g = catalogue::slice_geometry(*ctx.call);
    if (!g) return g.status();
    return make<Strided>(ctx, std::move(*g));
  }
  if (op == "pad") {
    auto g = catalogue::pad_geometry(*ctx.call);
    if (!g) return g.status();
    return make<Pad>(ctx, std::move(*g));
  }
  if (op == "resize") {
    auto g = catalogue::resize_geometry(*ctx.call);
    if (!g) return g.status();
    return make<Resize>(ctx, *g);
  }
  return std::unique_ptr<Evaluator>();
}

}  // namespace hwcert::conformance::detail
