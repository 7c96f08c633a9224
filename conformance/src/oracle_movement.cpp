// Oracle for copy, cast, transpose, concat, gather: raw element bits moved (cast: the
// catalogue's conversion of each element).
#include <fmt/format.h>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "oracle_evaluator.hpp"

namespace hwcert::conformance::detail {
namespace {

class Copy final : public Evaluator {
 public:
  explicit Copy(const EvalContext& ctx) : x_(ctx.inputs[0]) {}
  RefValue eval(std::span<const int64_t> index) override {
    return RefValue::of_bits(x_.bits(index));
  }

 private:
  TensorReader x_;
};

class Cast final : public Evaluator {
 public:
  explicit Cast(const EvalContext& ctx) : x_(ctx.inputs[0]), to_(ctx.call->outputs()[0].dtype) {}
  RefValue eval(std::span<const int64_t> index) override {
    return RefValue::of_bits(cast_bits(x_.spec().dtype, x_.bits(index), to_));
  }

 private:
  TensorReader x_;
  DType to_;
};

class Transpose final : public Evaluator {
 public:
  Transpose(const EvalContext& ctx, std::vector<int64_t> perm)
      : x_(ctx.inputs[0]), perm_(std::move(perm)) {}
  RefValue eval(std::span<const int64_t> index) override {
    in_.resize(perm_.size());
    for (std::size_t i = 0; i < perm_.size(); ++i) in_[perm_[i]] = index[i];
    return RefValue::of_bits(x_.bits(in_));
  }

 private:
  TensorReader x_;
  std::vector<int64_t> perm_;
  std::vector<int64_t> in_;
};

class Concat final : public Evaluator {
 public:
  Concat(const EvalContext& ctx, int64_t axis) : inputs_(ctx.inputs), axis_(axis) {}
  RefValue eval(std::span<const int64_t> index) override {
    in_.assign(index.begin(), index.end());
    int64_t position = index[axis_];
    for (const TensorReader& input : inputs_) {
      const int64_t extent = input.spec().shape[axis_];
      if (position < extent) {
        in_[axis_] = position;
        return RefValue::of_bits(input.bits(in_));
      }
      position -= extent;
    }
    return RefValue::of_bits(0);  // unreachable for a valid call
  }

 private:
  std::vector<TensorReader> inputs_;
  int64_t axis_;
  std::vector<int64_t> in_;
};

class Gather final : public Evaluator {
 public:
  Gather(const EvalContext& ctx, int64_t axis)
      : data_(ctx.inputs[0]), indices_(ctx.inputs[1]), axis_(axis) {}
  RefValue eval(std::span<const int64_t> index) override {
    const std::size_t index_rank = indices_.spec().rank();
    idx_.assign(index.begin() + axis_, index.begin() + axis_ + static_cast<int64_t>(index_rank));
    in_.assign(index.begin(), index.begin() + axis_);
    in_.push_back(indices_.integer(idx_));
    in_.insert(in_.end(), index.begin() + axis_ + static_cast<int64_t>(index_rank), index.end());
    return RefValue::of_bits(data_.bits(in_));
  }

 private:
  TensorReader data_;
  TensorReader indices_;
  int64_t axis_;
  std::vector<int64_t> idx_, in_;
};

}  // namespace

Expected<std::unique_ptr<Evaluator>> make_data_movement(const EvalContext& ctx) {
  const OpCall& call = *ctx.call;
  const std::string& op = call.op_name();
  const catalogue::OpSchema& schema = *catalogue::find_op_schema(op);
  const catalogue::Attrs attrs(call, schema);
  if (op == "copy") return std::unique_ptr<Evaluator>(std::make_unique<Copy>(ctx));
  if (op == "cast") return std::unique_ptr<Evaluator>(std::make_unique<Cast>(ctx));
  if (op == "transpose") {
    return std::unique_ptr<Evaluator>(std::make_unique<Transpose>(ctx, attrs.get_ints("perm")));
  }
  const std::size_t rank = call.inputs()[0].rank();
  if (op == "concat") {
    const int64_t axis = catalogue::normalize_axis(attrs.get_int("axis"), rank).value_or(0);
    return std::unique_ptr<Evaluator>(std::make_unique<Concat>(ctx, axis));
  }
  if (op == "gather") {
    const int64_t axis = catalogue::normalize_axis(attrs.get_int("axis"), rank).value_or(0);
    const int64_t extent = call.inputs()[0].shape[axis];
    const TensorReader& indices = ctx.inputs[1];
    std::vector<int64_t> i(indices.spec().rank(), 0);
    if (shape_elements(indices.spec().shape) > 0) {
      do {
        const int64_t value = indices.integer(i);
        if (value < 0 || value >= extent) {
          return Status{StatusCode::kInvalidArgument,
                        fmt::format("gather: index {} is outside [0, {})", value, extent)};
        }
      } while (next_index(indices.spec().shape, i));
    }
    return std::unique_ptr<Evaluator>(std::make_unique<Gather>(ctx, axis));
  }
  return make_opset2_movement(ctx);
}

}  // namespace hwcert::conformance::detail
