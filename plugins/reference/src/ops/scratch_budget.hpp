// Bytes of intermediate data (attention scores, conv2d im2col columns) an op holds at once:
// 256 MiB, or HWCERT_REFERENCE_SCRATCH_BUDGET bytes when set (tests use tiny budgets to force
// chunking). Chunking never changes a result.
#pragma once

#include <cstdint>
#include <cstdlib>

namespace hwcert::reference {

inline int64_t scratch_budget() {
  if (const char* text = std::getenv("HWCERT_REFERENCE_SCRATCH_BUDGET")) {
    const long long value = std::atoll(text);
    if (value > 0) return value;
  }
  return int64_t{256} << 20;
}

}  // namespace hwcert::reference
