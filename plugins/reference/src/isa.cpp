#include "isa.hpp"

#include <cstdlib>
#include <cstring>

namespace hwcert::reference {

Isa detect_isa() {
  // HWCERT_REFERENCE_ISA=generic|avx2 caps the level (for testing the portable kernels).
  const char* cap = std::getenv("HWCERT_REFERENCE_ISA");
  Isa best = Isa::kGeneric;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) best = Isa::kAvx2;
  if (best == Isa::kAvx2 && __builtin_cpu_supports("avx512f") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq")) {
    best = Isa::kAvx512;
  }
#endif
  if (cap != nullptr) {
    if (std::strcmp(cap, "generic") == 0) return Isa::kGeneric;
    if (std::strcmp(cap, "avx2") == 0 && best == Isa::kAvx512) return Isa::kAvx2;
  }
  return best;
}

const char* isa_level_name(Isa isa) {
  switch (isa) {
    case Isa::kAvx512:
      return "x86-64-avx512";
    case Isa::kAvx2:
      return "x86-64-avx2";
    default:
      return "generic";
  }
}

}  // namespace hwcert::reference
