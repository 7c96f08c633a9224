// SHA-256 through OpenSSL's EVP interface, as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hwcert::bundle {

std::string sha256_hex(std::string_view bytes);
// Streams the file; throws BundleError if it cannot be read.
std::string sha256_hex_file(const std::filesystem::path& path);

}  // namespace hwcert::bundle
