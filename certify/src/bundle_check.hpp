// A signed bundle checked before a command uses it (`report --pubkey`, `registry add`).
#pragma once

#include <string>

namespace hwcert::cli {

// True when `bundle_dir` verifies against `pubkey` (bundle::verify_bundle); otherwise prints
// "hwcert: DIR does not verify:" and what changed to stderr and returns false. Throws
// support::Error when the key or the directory cannot be read.
bool bundle_verifies(const std::string& bundle_dir, const std::string& pubkey);

}  // namespace hwcert::cli
