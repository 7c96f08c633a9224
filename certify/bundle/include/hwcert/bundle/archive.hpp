// A bundle as one .tar.gz file, for upload as a CI artifact or attachment.
#pragma once

#include <filesystem>

namespace hwcert::bundle {

// Runs the system's `tar` (GNU tar; posix_spawnp, no shell) to write `archive` holding the
// directory `bundle_dir` under its own name, files in name order with neutral ownership.
// Written to a temporary file and renamed. Throws BundleError with tar's exit status.
void write_archive(const std::filesystem::path& bundle_dir, const std::filesystem::path& archive);

}  // namespace hwcert::bundle
