// Waiver file parser (conformance/runner) on arbitrary TOML text; every waiver it accepts
// must be usable for matching.
#include <cstdint>

#include "hwcert/runner/waivers.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto waivers = hwcert::runner::parse_waivers(hwcert::fuzz::as_text(data, size), "fuzz.toml");
  if (!waivers.ok()) {
    if (waivers.status().message().empty()) __builtin_trap();
    return 0;
  }
  for (const auto& waiver : *waivers) {
    (void)waiver.matches("add.f32_64_exact", "device", "1.2.3");
    (void)waiver.expired(hwcert::support::UtcDate{2026, 1, 1});
  }
  return 0;
}
