// Planted-bug switches of the mutation harness (plugins/reference/mutants/README.md). In the
// shipped plugin HWCERT_REFERENCE_MUTANTS is undefined: mutant() is a constant false and every
// branch behind it is dead code the compiler drops. The mutants build of the same sources
// (libhwcert_plugin_reference_mutants.so, test-only) defines it and runs the one variant named
// by HWCERT_REFERENCE_MUTANT, read once when first asked.
#pragma once

namespace hwcert::reference {

enum class Mutant {
  kNone,
#define HWCERT_MUTANT(enumerator, name, expectation, what) enumerator,
#include "mutants.def"
#undef HWCERT_MUTANT
};

#if defined(HWCERT_REFERENCE_MUTANTS)
// The variant HWCERT_REFERENCE_MUTANT names (kNone when unset); an unknown name aborts.
Mutant active_mutant();
inline bool mutant(Mutant m) {
  return active_mutant() == m;
}
#else
constexpr bool mutant(Mutant) {
  return false;
}
#endif

}  // namespace hwcert::reference
