// Test helpers: a temporary directory (hwcert::support) and whole-file text I/O.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "hwcert/support/temp_dir.hpp"

namespace hwcert::bundle::testing {

using support::TempDir;

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace hwcert::bundle::testing
