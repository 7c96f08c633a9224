#include "error.hpp"
#include "op_registry.hpp"
namespace hwcert::opencl {
LaunchPlan plan_conv2d(const OpContext&) {
  fail_unsupported("todo");
}
LaunchPlan plan_pool2d(const OpContext&) {
  fail_unsupported("todo");
}
}  // namespace hwcert::opencl
