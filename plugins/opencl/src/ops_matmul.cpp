// matmul: batched, transpose flags, alpha/beta, bias; f64/f32/f16/bf16, fp8 -> f32/f16/bf16,
// i8 x i8 -> i32. A tiled kernel with local memory (64x64 tile per 16x16 work-group).
#include <hwcert/plugin_common/op_attributes.hpp>

#include <cstdlib>
#include <string>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace {

constexpr size_t kTile = 64;
constexpr size_t kGroupEdge = 16;
constexpr size_t kVecCols = 16;  // matmul_vec: columns per work-item (float16)
constexpr size_t kVecRows = 16;  // matmul_vec: rows per work-item (RB)

/// The view with its last two dims swapped.
View swap_last_two(const View& v) {
  std::vector<int> order(v.rank());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::swap(order[order.size() - 1], order[order.size() - 2]);
  return permute(v, order);
}

enum class AccKind { kFloat, kDouble, kInt };

AccKind check_dtypes(const OpContext& ctx, bool has_bias, double alpha, double beta) {
  const int32_t a = ctx.in(0).dtype, b = ctx.in(1).dtype, y = ctx.out(0).dtype;
  if (has_bias) expect_dtype(ctx.in(2), y, "bias");
  if (is_float_dtype(a)) {
    expect_dtype(ctx.in(1), a, "B");
    expect_dtype(ctx.out(0), a, "Y");
    require_arithmetic(ctx.caps, a, "matmul");
    return a == HWC_DTYPE_F64 ? AccKind::kDouble : AccKind::kFloat;
  }
  if (is_fp8_dtype(a)) {
    if (!is_fp8_dtype(b)) fail_invalid("matmul with fp8 A needs fp8 B");
    if (y != HWC_DTYPE_F32 && y != HWC_DTYPE_F16 && y != HWC_DTYPE_BF16)
      fail_invalid("matmul with fp8 inputs writes f32, f16 or bf16");
    return AccKind::kFloat;
  }
  if (a == HWC_DTYPE_I8) {
    expect_dtype(ctx.in(1), HWC_DTYPE_I8, "B");
    expect_dtype(ctx.out(0), HWC_DTYPE_I32, "Y");
    if (alpha != 1.0 || (has_bias && beta != 1.0))
      fail_unsupported("integer matmul supports alpha = beta = 1 only");
    return AccKind::kInt;
  }
  fail_invalid(std::string("matmul does not take dtype ") + dtype_name(a));
}

}  // namespace

LaunchPlan plan_matmul(const OpContext& ctx) {
  expect_arity(ctx, 2, 3, 1);
  OpAttributes attrs(ctx.op, {"transpose_a", "transpose_b", "alpha", "beta", "math_mode"});
  const bool trans_a = attrs.get_int("transpose_a", 0) != 0;
  const bool trans_b = attrs.get_int("transpose_b", 0) != 0;
  const double alpha = attrs.get_float("alpha", 1.0);
  const double beta = attrs.get_float("beta", 1.0);
  const std::string math_mode = attrs.get_string("math_mode", "strict");
  const bool has_bias = ctx.op.num_inputs == 3;
  const AccKind acc = check_dtypes(ctx, has_bias, alpha, beta);
  const std::string rounding =
      math_mode_defines(math_mode, ctx.in(0).dtype, "matmul", {"LD_A", "LD_B"});

  if (ctx.in(0).rank < 2 || ctx.in(1).rank < 2) fail_invalid("matmul inputs need rank >= 2");
  View a = view_of(ctx.in(0));
  View b = view_of(ctx.in(1));
  if (trans_a) a = swap_last_two(a);
  if (trans_b) b = swap_last_two(b);
  const int64_t M = a.shape[a.rank() - 2], K = a.shape[a.rank() - 1];
  const int64_t N = b.shape[b.rank() - 1];
  if (b.shape[b.rank() - 2] != K) fail_invalid("matmul inner dimensions differ");
  const std::vector<int64_t> a_batch(a.shape.begin(), a.shape.end() - 2);
  const std::vector<int64_t> b_batch(b.shape.begin(), b.shape.end() - 2);
  std::vector<int64_t> batch = broadcast_shapes(a_batch, b_batch);
  std::vector<int64_t> y_shape = batch;
  y_shape.push_back(M);
  y_shape.push_back(N);
  expect_shape(ctx.out(0), y_shape, "Y");
  View y = view_of(ctx.out(0));
  View c = y;
  if (has_bias) {
    View bias = view_of(ctx.in(2));
    if (broadcast_shapes(bias.shape, y_shape) != y_shape)
      fail_invalid("bias does not broadcast to Y");
    c = broadcast_to(bias, y_shape);
  }
  LaunchPlan plan;
  const int64_t batches = product(batch);
  if (batches * M * N == 0) return plan;

  const size_t r = y_shape.size();
  View a_full = broadcast_to(a, [&] {
    auto s = batch;
    s.push_back(M);
    s.push_back(K);
    return s;
  }());
  View b_full = broadcast_to(b, [&] {
    auto s = batch;
    s.push_back(K);
    s.push_back(N);
    return s;
  }());
  View ya = sub_view(y, 0, r - 2, false), aa = sub_view(a_full, 0, r - 2, false);
  View ba = sub_view(b_full, 0, r - 2, false), ca = sub_view(c, 0, r - 2, false);
  View* batch_views[] = {&ya, &aa, &ba, &ca};
  coalesce(batch_views);

  std::string defines = dtype_defines("A", ctx.in(0).dtype) + dtype_defines("B", ctx.in(1).dtype) +
                        dtype_defines("Y", ctx.out(0).dtype);
  defines += define_line("ACC", acc == AccKind::kDouble ? "double"
                                : acc == AccKind::kInt  ? "int"
                                                        : "float");
  defines += rounding;
  if (b_full.strides[r - 1] == 1 && ctx.in(1).dtype == HWC_DTYPE_F32 && rounding.empty())
    defines += define_line("B_VEC", "1");
  bool tiled = ctx.caps.max_work_group_size >= kGroupEdge * kGroupEdge &&
               ctx.caps.local_mem_bytes >= 2 * 16 * (kTile + 1) * 8;
  KernelStep step;
  step.program = program("matmul", std::move(defines));
  // CPUs: explicit-SIMD register blocks (a CPU driver runs work-items one after another, so
  // local-memory tiles only add barriers); other devices: local-memory tiles.
  // HWCERT_OPENCL_MATMUL_KERNEL=tiled|vector|simple forces one (tests cover all three).
  const char* forced = std::getenv("HWCERT_OPENCL_MATMUL_KERNEL");
  const std::string choice = forced != nullptr ? forced : "";
  const bool vector =
      acc == AccKind::kFloat &&
      (choice == "vector" || (choice.empty() && ctx.caps.hwc_type == HWC_DEVICE_TYPE_CPU));
  if (choice == "simple") tiled = false;
  step.kernel = vector ? "matmul_vec" : tiled ? "matmul_tiled" : "matmul_simple";
  step.output(0).info(ya).value(cl_long{y.strides[r - 2]}).value(cl_long{y.strides[r - 1]});
  step.input(0)
      .info(aa)
      .value(cl_long{a_full.strides[r - 2]})
      .value(cl_long{a_full.strides[r - 1]});
  step.input(1)
      .info(ba)
      .value(cl_long{b_full.strides[r - 2]})
      .value(cl_long{b_full.strides[r - 1]});
  if (has_bias)
    step.input(2);
  else
    step.output(0);  // unused placeholder: has_bias = 0
  step.info(ca).value(cl_long{c.strides[r - 2]}).value(cl_long{c.strides[r - 1]});
  step.value(cl_int{has_bias ? 1 : 0}).value(cl_long{M}).value(cl_long{N}).value(cl_long{K});
  switch (acc) {
    case AccKind::kFloat:
      step.value(static_cast<cl_float>(alpha)).value(static_cast<cl_float>(beta));
      break;
    case AccKind::kDouble:
      step.value(static_cast<cl_double>(alpha)).value(static_cast<cl_double>(beta));
      break;
    case AccKind::kInt:
      step.value(cl_int{1}).value(cl_int{1});
      break;
  }
  step.dims = 3;
  if (vector) {
    step.global = {(static_cast<size_t>(N) + kVecCols - 1) / kVecCols,
                   (static_cast<size_t>(M) + kVecRows - 1) / kVecRows,
                   static_cast<size_t>(batches)};
  } else if (tiled) {
    const auto groups_n = (static_cast<size_t>(N) + kTile - 1) / kTile;
    const auto groups_m = (static_cast<size_t>(M) + kTile - 1) / kTile;
    step.global = {groups_n * kGroupEdge, groups_m * kGroupEdge, static_cast<size_t>(batches)};
    step.local = {kGroupEdge, kGroupEdge, 1};
  } else {
    step.global = {static_cast<size_t>(N), static_cast<size_t>(M), static_cast<size_t>(batches)};
  }
  plan.steps.push_back(std::move(step));
  return plan;
}

}  // namespace hwcert::opencl
