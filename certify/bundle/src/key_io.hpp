// Reading PEM keys (private to the bundle library).
#pragma once

#include <filesystem>
#include <string>

#include "openssl_handles.hpp"

namespace hwcert::bundle::detail {

// Both throw BundleError unless the file holds an Ed25519 key of that kind.
Pkey read_public_key(const std::filesystem::path& pem);
Pkey read_private_key(const std::filesystem::path& pem);
// SHA-256 (hex) of the raw 32-byte public key.
std::string raw_public_key_fingerprint(EVP_PKEY* key);

}  // namespace hwcert::bundle::detail
