// Which plugins and devices the API conformance tests run on (filled by main before
// GoogleTest registers the parameterised tests).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hwcert::api_conformance {

struct Target {
  std::string library;  // plugin library path
  uint32_t device = 0;
  std::string label;  // "<plugin file stem>_dev<N>", a valid test-name suffix
};

std::vector<Target>& targets();

}  // namespace hwcert::api_conformance
