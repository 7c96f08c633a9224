// Running a library op's planner (plan_matmul, plan_conv2d: bool(problem, traits, plan,
// reason)) for the workspace query and for a launch. The query knows no operand addresses,
// and alignment can make a plan with addresses stage more than the workspace it sized
// holds: such a launch runs the query's plan instead (plan_unbound).
#pragma once

#include <optional>
#include <string>

#include "library_ops.hpp"

namespace hwcert::cuda::library {

/// supports() of a library op: whether `plan_op` plans `problem`, and why not in `reason`.
template <class Plan, class Problem, class PlanOp>
bool plans(const Problem& problem, const DeviceTraits& traits, std::string& reason,
           PlanOp plan_op) {
  Plan plan;
  return plan_op(problem, traits, plan, reason);
}

/// The plan of `problem`, or nullopt when `plan_op` refuses it (its reason dropped).
template <class Plan, class Problem, class PlanOp>
std::optional<Plan> plan_of(const Problem& problem, const DeviceTraits& traits, PlanOp plan_op) {
  Plan plan;
  std::string reason;
  if (!plan_op(problem, traits, plan, reason)) return std::nullopt;
  return plan;
}

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
