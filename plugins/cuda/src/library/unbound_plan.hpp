// Planning a library op (matmul, conv2d) as its workspace query did, without the operands'
// addresses: the query knows none, and alignment can make a plan with addresses stage more
// than the workspace it sized holds. Such a launch runs the query's plan instead.
#pragma once

#include <string>

#include "library_ops.hpp"

namespace hwcert::cuda::library {

/// One operand: the problem's tensor, and the plan's tensor and staging flag for it.
template <class Problem, class Plan>
struct PlannedOperand {
  DeviceTensor Problem::*tensor;
  DeviceTensor Plan::*planned;
  bool Plan::*staged;
};

/// Plans `problem` by `plan_op` with the addresses of `operands` cleared, then points each
/// operand the plan does not stage back at the problem's tensor. False with `reason` as
/// `plan_op` returns it.
template <class Problem, class Plan, class PlanOp, class Operands>
bool plan_unbound(const Problem& problem, const DeviceTraits& traits, Plan& plan,
                  std::string& reason, PlanOp plan_op, const Operands& operands) {
  Problem unbound = problem;
  for (const PlannedOperand<Problem, Plan>& o : operands) (unbound.*o.tensor).data = nullptr;
  if (!plan_op(unbound, traits, plan, reason)) return false;
  for (const PlannedOperand<Problem, Plan>& o : operands)
    if (!(plan.*o.staged)) (plan.*o.planned).data = (problem.*o.tensor).data;
  return true;
}

}  // namespace hwcert::cuda::library
