// Signing a bundle directory and checking it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hwcert::bundle {

// Writes manifest.sha256 (every file's SHA-256) and manifest.sig (Ed25519 signature over the
// manifest's bytes) into `bundle_dir`, atomically. Refuses (BundleError) a private key file
// that group or others may read or write.
void sign_bundle(const std::filesystem::path& bundle_dir,
                 const std::filesystem::path& private_key_pem);

struct VerifyReport {
  bool manifest_ok = false;           // present and well formed
  bool signature_ok = false;          // a valid signature over the manifest by the given key
  std::vector<std::string> added;     // files present but not in the manifest
  std::vector<std::string> removed;   // files in the manifest but missing
  std::vector<std::string> changed;   // files whose SHA-256 differs from the manifest
  std::vector<std::string> problems;  // everything else, worded for the user
  // A renamed file shows as one removed and one added name.

  bool intact() const {
    return manifest_ok && signature_ok && added.empty() && removed.empty() && changed.empty() &&
           problems.empty();
  }
  // Human-readable, one finding a line; "bundle intact" when intact().
  std::string describe() const;
};

// Never throws for a changed bundle; throws BundleError only when the public key cannot be
// read or the directory does not exist.
VerifyReport verify_bundle(const std::filesystem::path& bundle_dir,
                           const std::filesystem::path& public_key_pem);

}  // namespace hwcert::bundle
