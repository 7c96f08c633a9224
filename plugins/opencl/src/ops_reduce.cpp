#include "error.hpp"
#include "op_registry.hpp"
namespace hwcert::opencl {
LaunchPlan plan_reduce(const OpContext&) {
  fail_unsupported("todo");
}
LaunchPlan plan_softmax(const OpContext&) {
  fail_unsupported("todo");
}
LaunchPlan plan_norm(const OpContext&) {
  fail_unsupported("todo");
}
}  // namespace hwcert::opencl
