// Whole-file reads and crash-safe whole-file writes.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace hwcert::support {

// Replaces `path` with `content` so that readers (and a crash at any moment) see either the
// old file or the new one, never a mixture: the bytes go to a temporary file in the same
// directory, which is flushed to disk, given `mode` and renamed over `path`; the directory
// is flushed too. Missing parent directories are created. On failure `path` is untouched,
// no temporary file is left, and support::Error says "<path>: <what failed>: <reason>".
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode = 0644);

// The whole file as bytes; support::Error "<path>: cannot read: <reason>" otherwise.
std::string read_file(const std::filesystem::path& path);

}  // namespace hwcert::support
