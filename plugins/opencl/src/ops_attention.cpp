#include "error.hpp"
#include "op_registry.hpp"
namespace hwcert::opencl {
LaunchPlan plan_attention(const OpContext&) {
  fail_unsupported("todo");
}
}  // namespace hwcert::opencl
