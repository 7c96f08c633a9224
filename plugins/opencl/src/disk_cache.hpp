// On-disk cache of program binaries: <dir>/<key>.clbin, written atomically (temp + rename).
// An entry is a header (magic, payload size, payload checksum) and the payload. Entries that
// fail the check are deleted. Every failure here is non-fatal: it is logged and the caller
// builds from source.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "logger.hpp"

namespace hwcert::opencl {

class DiskCache {
 public:
  DiskCache(std::filesystem::path directory, Logger logger);

  /// $HWCERT_OPENCL_CACHE_DIR, else $XDG_CACHE_HOME/hwcert/opencl, else
  /// ~/.cache/hwcert/opencl; nullopt when HWCERT_OPENCL_CACHE is "0" or "off" or no base
  /// directory is known.
  static std::optional<std::filesystem::path> default_directory();

  const std::filesystem::path& directory() const noexcept { return directory_; }
  std::filesystem::path entry_path(const std::string& key) const;

  /// The payload of a valid entry; nullopt when absent. A malformed entry is deleted.
  std::optional<std::vector<unsigned char>> load(const std::string& key) const;
  /// Writes an entry; returns false (and logs) on failure.
  bool store(const std::string& key, std::span<const unsigned char> payload) const;
  /// Deletes an entry (used when the driver rejects a binary that passed the checksum).
  void remove(const std::string& key) const;

  /// Encodes an entry file's bytes (exposed for tests that plant entries).
  static std::vector<unsigned char> encode(std::span<const unsigned char> payload);

 private:
  std::filesystem::path directory_;
  Logger logger_;
};

}  // namespace hwcert::opencl
