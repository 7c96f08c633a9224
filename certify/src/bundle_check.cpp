#include "bundle_check.hpp"

#include <fmt/format.h>

#include <iostream>

#include "hwcert/bundle/sign_verify.hpp"

namespace hwcert::cli {

bool bundle_verifies(const std::string& bundle_dir, const std::string& pubkey) {
  const bundle::VerifyReport check = bundle::verify_bundle(bundle_dir, pubkey);
  if (!check.intact()) {
    std::cerr << fmt::format("hwcert: {} does not verify:\n{}", bundle_dir, check.describe());
  }
  return check.intact();
}

}  // namespace hwcert::cli
