// The files a command writes as its result (perf.json, stability.json, diff.md, ...): each
// written atomically, its folder created when missing, a failure printed once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hwcert::cli {

struct OutputFile {
  std::filesystem::path path;
  std::string content;
};

/// Writes `files` in order with support::write_file_atomic. On the first failure prints it
/// and returns false (the command then exits with kExitInternal); the files before it stay.
bool write_output_files(const std::vector<OutputFile>& files);

}  // namespace hwcert::cli
