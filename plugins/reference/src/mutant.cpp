// Compiled into the mutants build only (HWCERT_REFERENCE_MUTANTS).
#include "mutant.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace hwcert::reference {
namespace {

struct Variant {
  Mutant mutant;
  std::string_view name;
};

constexpr Variant kVariants[] = {
#define HWCERT_MUTANT(enumerator, name, expectation, what) {Mutant::enumerator, name},
#include "mutants.def"
#undef HWCERT_MUTANT
};

Mutant chosen_from_environment() {
  const char* value = std::getenv("HWCERT_REFERENCE_MUTANT");
  if (value == nullptr || *value == '\0') return Mutant::kNone;
  for (const Variant& v : kVariants) {
    if (v.name == value) return v.mutant;
  }
  std::fprintf(stderr, "hwcert reference mutants: unknown HWCERT_REFERENCE_MUTANT \"%s\"\n", value);
  std::abort();
}

}  // namespace

Mutant active_mutant() {
  static const Mutant chosen = chosen_from_environment();
  return chosen;
}

}  // namespace hwcert::reference
