// Writing report files so that a reader never sees half of one: temp file, fsync, rename.
#pragma once

#include <filesystem>
#include <string_view>

#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

// Writes `content` to `<path>.tmp.<pid>` in the same directory, flushes it to disk and
// renames it over `path`. Creates missing parent directories. INTERNAL with errno text on
// failure (the temporary is removed).
Status write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Whole file as a string; INVALID_ARGUMENT naming the file when it cannot be read.
Expected<std::string> read_file(const std::filesystem::path& path);

}  // namespace hwcert::runner
