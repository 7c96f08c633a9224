// Ed25519 signing keys as PEM files (PKCS#8 private key, SubjectPublicKeyInfo public key).
#pragma once

#include <filesystem>
#include <string>

namespace hwcert::bundle {

inline constexpr std::string_view kPrivateKeyFile = "hwcert-signing.key";
inline constexpr std::string_view kPublicKeyFile = "hwcert-signing.pub";

struct KeyPairFiles {
  std::filesystem::path private_key;  // mode 0600
  std::filesystem::path public_key;   // mode 0644
  std::string fingerprint;            // SHA-256 of the raw 32-byte public key, hex
};

// Creates `dir` if needed and writes a fresh key pair there. Refuses (BundleError) to
// replace existing key files unless `overwrite`.
KeyPairFiles generate_keypair(const std::filesystem::path& dir, bool overwrite = false);

// SHA-256 (hex) of the raw public key in a PEM public-key file. Throws BundleError.
std::string public_key_fingerprint(const std::filesystem::path& public_key_pem);

}  // namespace hwcert::bundle
