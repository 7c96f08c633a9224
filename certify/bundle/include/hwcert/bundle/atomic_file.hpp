// Writes that never leave a half-written file: a temporary file in the same directory,
// flushed to disk, then renamed over the destination.
#pragma once

#include <sys/types.h>
#include <filesystem>
#include <string_view>

namespace hwcert::bundle {

// Writes `content` to `path` with permission bits `mode` (the temporary file has them from
// the start, so a private key is never readable by others, not even briefly). Creates
// missing parent directories. Throws BundleError.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode = 0644);

// Reads a whole file. Throws BundleError.
std::string read_file(const std::filesystem::path& path);

}  // namespace hwcert::bundle
