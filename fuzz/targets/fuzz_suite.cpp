// Conformance suite parser (conformance/) on arbitrary TOML text. Suites expand as cartesian
// products; inputs that would expand into millions of cases are refused by the parser or
// cost time here, which libFuzzer reports as a slow unit.
#include <cstdint>

#include "hwcert/conformance/suite.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto suite = hwcert::conformance::parse_suite(hwcert::fuzz::as_text(data, size), "fuzz.toml");
  if (!suite.ok() && suite.status().message().empty()) __builtin_trap();
  return 0;
}
