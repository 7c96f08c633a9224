// Target profile loader (certify/profile) on arbitrary TOML text.
#include <cstdint>

#include "hwcert/profile/load_profile.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto load =
      hwcert::profile::parse_profile(hwcert::fuzz::as_text(data, size), "fuzz.toml", "fuzz");
  if (!load.ok() && load.errors.empty()) __builtin_trap();  // a refusal always says why
  if (!load.ok()) (void)load.error_text();
  return 0;
}
