// Instruction-set level of the host, detected at run time, used to pick compute kernels.
#pragma once

namespace hwcert::reference {

enum class Isa { kGeneric, kAvx2, kAvx512 };

Isa detect_isa();
const char* isa_level_name(Isa isa);

}  // namespace hwcert::reference
