#include "hwcert/support/temp_dir.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "hwcert/support/error.hpp"

namespace hwcert::support {

TempDir::TempDir(std::string_view prefix) {
  const std::filesystem::path base = std::filesystem::temp_directory_path();
  std::string pattern = (base / fmt::format("{}-XXXXXX", prefix)).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    SourcePosition where{base.string(), 0, 0};
    throw Error(std::move(where),
                fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace hwcert::support
