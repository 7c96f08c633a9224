#include "hwcert/conformance/oracle.hpp"

#include <fmt/format.h>

#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "oracle_evaluator.hpp"

namespace hwcert::conformance {
namespace detail {

void broadcast_index(std::span<const int64_t> out_index, std::span<const int64_t> shape,
                     std::vector<int64_t>& in_index) {
  in_index.resize(shape.size());
  const std::size_t lead = out_index.size() - shape.size();
  for (std::size_t d = 0; d < shape.size(); ++d) {
    in_index[d] = shape[d] == 1 ? 0 : out_index[lead + d];
  }
}

}  // namespace detail

namespace {

DType accumulation_dtype_of(const OpCall& call, MathMode mode) {
  const DType in = call.inputs().empty() ? DType::kF32 : call.inputs()[0].dtype;
  const DType out = call.outputs()[0].dtype;
  if (!is_floating(out)) return out;
  if (in == DType::kF64) return DType::kF64;
  if (mode == MathMode::kF16Accumulate) return DType::kF16;
  const catalogue::OpSchema* schema = catalogue::find_op_schema(call.op_name());
  // resize computes its bilinear weights in f32 like the ops that accumulate.
  if (schema != nullptr &&
      (schema->family == catalogue::OpFamily::kUnary ||
       schema->family == catalogue::OpFamily::kBinary ||
       (schema->family == catalogue::OpFamily::kDataMovement && call.op_name() != "resize"))) {
    return out;
  }
  return DType::kF32;
}

}  // namespace

Oracle::Oracle(Oracle&&) noexcept = default;
Oracle& Oracle::operator=(Oracle&&) noexcept = default;
Oracle::~Oracle() = default;

Expected<Oracle> Oracle::create(const OpCall& call, std::vector<std::span<const std::byte>> inputs,
                                std::size_t output_index) {
  if (inputs.size() != call.inputs().size() || output_index >= call.outputs().size()) {
    return Status{StatusCode::kInvalidArgument,
                  fmt::format("{}: oracle needs one image per input and output {} of {}",
                              call.op_name(), output_index, call.outputs().size())};
  }
  detail::EvalContext ctx;
  ctx.call = &call;
  ctx.output_index = output_index;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const uint64_t need = call.inputs()[i].required_bytes().value_or(0);
    if (inputs[i].size() < need) {
      return Status{StatusCode::kInvalidArgument,
                    fmt::format("{}: image of input {} holds {} bytes, the view needs {}",
                                call.op_name(), i, inputs[i].size(), need)};
    }
    ctx.inputs.emplace_back(call.inputs()[i], inputs[i]);
  }
  ctx.mode = parse_math_mode(catalogue::math_mode_name(call)).value_or(MathMode::kStrict);

  Oracle oracle;
  auto movement = detail::make_data_movement(ctx);
  if (!movement) return movement.status();
  oracle.evaluator_ = std::move(*movement);
  if (!oracle.evaluator_) oracle.evaluator_ = detail::make_elementwise(ctx);
  if (!oracle.evaluator_) oracle.evaluator_ = detail::make_reduction(ctx);
  if (!oracle.evaluator_) oracle.evaluator_ = detail::make_normalization(ctx);
  if (!oracle.evaluator_) oracle.evaluator_ = detail::make_matmul(ctx);
  if (!oracle.evaluator_) oracle.evaluator_ = detail::make_conv_pool(ctx);
  if (!oracle.evaluator_) oracle.evaluator_ = detail::make_attention(ctx);
  if (!oracle.evaluator_) {
    return Status{StatusCode::kUnimplemented,
                  fmt::format("{}: the oracle has no implementation", call.op_name())};
  }
  oracle.output_ = call.outputs()[output_index];
  oracle.output_elements_ = oracle.output_.element_count().value_or(0);
  oracle.accumulation_length_ = catalogue::accumulation_length(call);
  oracle.math_mode_ = ctx.mode;
  oracle.accumulation_dtype_ = accumulation_dtype_of(call, ctx.mode);
  return oracle;
}

Reference Oracle::at(std::span<const int64_t> index) {
  const detail::RefValue v = evaluator_->eval(index);
  const DType out = output_.dtype;
  Reference r;
  r.magnitude = v.magnitude;
  r.spread = v.spread >= 0 ? v.spread : v.magnitude;
  switch (v.kind) {
    case detail::RefValue::Kind::kBits:
      r.bits = v.bits;
      break;
    case detail::RefValue::Kind::kInteger:
      r.bits = encode_integer(out, v.integer);
      break;
    case detail::RefValue::Kind::kReal:
      r.bits = encode_value(out, v.real);
      break;
  }
  return r;
}

Reference Oracle::at_flat(int64_t flat) {
  unravel_index(flat, output_.shape, scratch_);
  return at(scratch_);
}

Expected<std::vector<Reference>> compute_reference(const OpCall& call,
                                                   std::vector<std::span<const std::byte>> inputs,
                                                   std::size_t output_index) {
  auto oracle = Oracle::create(call, std::move(inputs), output_index);
  if (!oracle) return oracle.status();
  std::vector<Reference> out;
  out.reserve(static_cast<std::size_t>(oracle->output_elements()));
  for (int64_t i = 0; i < oracle->output_elements(); ++i) out.push_back(oracle->at_flat(i));
  return out;
}

}  // namespace hwcert::conformance
