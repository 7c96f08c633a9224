// scaled_dot_product_attention: scores into a workspace, row softmax, then scores . V.
#include <hwcert/plugin_common/op_attributes.hpp>

#include <cmath>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;

LaunchPlan plan_attention(const OpContext& ctx) {
  expect_arity(ctx, 3, 3, 1);
  OpAttributes attrs(ctx.op, {"causal", "scale", "math_mode"});
  const bool causal = attrs.get_int("causal", 0) != 0;
  const int32_t dtype = ctx.in(0).dtype;
  if (!is_float_dtype(dtype))
    fail_invalid(ctx.name() + " does not take dtype " + dtype_name(dtype));
  require_arithmetic(ctx.caps, dtype, ctx.name());
  const std::string rounding =
      math_mode_defines(attrs.get_string("math_mode", "strict"), dtype, ctx.name(), {"LD_IN"});
  for (uint32_t i = 0; i < 3; ++i) {
    expect_dtype(ctx.in(i), dtype, "Q, K and V");
    if (ctx.in(i).rank != 4) fail_invalid("Q, K and V need rank 4");
  }
  const View q = view_of(ctx.in(0)), k = view_of(ctx.in(1)), v = view_of(ctx.in(2));
  const int64_t B = q.shape[0], H = q.shape[1], Sq = q.shape[2], D = q.shape[3];
  const int64_t Sk = k.shape[2], Dv = v.shape[3];
  const std::vector<int64_t> k_shape = {B, H, Sk, D}, v_shape = {B, H, Sk, Dv};
  expect_shape(ctx.in(1), k_shape, "K");
  expect_shape(ctx.in(2), v_shape, "V");
  const std::vector<int64_t> y_shape = {B, H, Sq, Dv};
  expect_dtype(ctx.out(0), dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  const double scale = attrs.get_float("scale", D > 0 ? 1.0 / std::sqrt(double(D)) : 1.0);
  const View y = view_of(ctx.out(0));

  LaunchPlan plan;
  const int64_t bh = B * H;
  if (bh * Sq * Dv == 0) return plan;
  const bool f64 = dtype == HWC_DTYPE_F64;
  const size_t acc_bytes = f64 ? 8 : 4;
  plan.workspace_bytes = static_cast<uint64_t>(bh * Sq * Sk) * acc_bytes;
  const ProgramSpec spec = program("attention", element_defines(dtype) + rounding);
  if (Sk > 0) {
    KernelStep scores;
    scores.program = spec;
    scores.kernel = "attn_scores";
    scores.workspace().input(0).info(q).input(1).info(k);
    scores.value(cl_long{H}).value(cl_long{Sq}).value(cl_long{Sk}).value(cl_long{D});
    if (f64)
      scores.value(cl_double{scale});
    else
      scores.value(static_cast<cl_float>(scale));
    scores.value(cl_int{causal ? 1 : 0});
    scores.dims = 3;
    scores.global = {static_cast<size_t>(Sk), static_cast<size_t>(Sq), static_cast<size_t>(bh)};
    plan.steps.push_back(std::move(scores));

    const size_t group =
        pow2_group(static_cast<uint64_t>(Sk),
                   static_cast<size_t>(std::min<uint64_t>(256, ctx.caps.max_work_group_size)));
    KernelStep softmax;
    softmax.program = spec;
    softmax.kernel = "attn_softmax";
    softmax.workspace().value(cl_long{Sk}).local_memory(group * acc_bytes);
    softmax.dims = 1;
    softmax.global = {static_cast<size_t>(bh * Sq) * group, 1, 1};
    softmax.local = {group, 1, 1};
    plan.steps.push_back(std::move(softmax));
  }
  KernelStep pv;
  pv.program = spec;
  pv.kernel = "attn_pv";
  pv.output(0).info(y).workspace().input(2).info(v);
  pv.value(cl_long{H}).value(cl_long{Sq}).value(cl_long{Sk}).value(cl_long{Dv});
  pv.dims = 3;
  pv.global = {static_cast<size_t>(Dv), static_cast<size_t>(Sq), static_cast<size_t>(bh)};
  plan.steps.push_back(std::move(pv));
  return plan;
}

}  // namespace hwcert::opencl
