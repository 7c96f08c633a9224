// A test that needs a CUDA device skips without one, with the reason, except where
// HWCERT_REQUIRE_DEVICES=1 (a GPU runner): there a missing device fails the test, naming why,
// so that a runner whose driver is too old never reports an all-green run that tested nothing.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

namespace hwcert::cuda_test {

inline bool devices_required() {
  const char* value = std::getenv("HWCERT_REQUIRE_DEVICES");
  return value != nullptr && std::string_view(value) == "1";
}

}  // namespace hwcert::cuda_test

#define HWCERT_SKIP_WITHOUT_DEVICE(reason)                                   \
  do {                                                                       \
    if (::hwcert::cuda_test::devices_required()) {                           \
      FAIL() << "HWCERT_REQUIRE_DEVICES=1 and no CUDA device: " << (reason); \
    }                                                                        \
    GTEST_SKIP() << "no CUDA device: " << (reason);                          \
  } while (0)
