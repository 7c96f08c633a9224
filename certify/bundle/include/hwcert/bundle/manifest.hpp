// The manifest of a bundle: SHA-256 of every file, by relative path, sorted. The text is in
// `sha256sum` format ("<64 hex>  <path>\n"), so `sha256sum -c manifest.sha256` also checks it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hwcert::bundle {

inline constexpr std::string_view kManifestFile = "manifest.sha256";
inline constexpr std::string_view kSignatureFile = "manifest.sig";

struct ManifestEntry {
  std::string path;    // relative, '/'-separated, no "." or ".." parts
  std::string sha256;  // 64 lowercase hex digits
  friend bool operator==(const ManifestEntry&, const ManifestEntry&) = default;
};

struct Manifest {
  std::vector<ManifestEntry> entries;  // sorted by path (byte order), unique
};

// Every regular file under `dir` except the manifest and its signature at the top. Throws
// BundleError for a symbolic link or any other non-regular file, and for a name the manifest
// cannot carry (a newline or backslash in it).
std::vector<std::string> list_bundle_files(const std::filesystem::path& dir);

// Hashes every file list_bundle_files returns.
Manifest build_manifest(const std::filesystem::path& dir);

std::string format_manifest(const Manifest& manifest);

// Strict parser: every line well formed, paths relative without "." or "..", sorted, unique.
// Throws BundleError naming the line.
Manifest parse_manifest(std::string_view text);

}  // namespace hwcert::bundle
