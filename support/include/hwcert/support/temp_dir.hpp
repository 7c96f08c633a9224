// A fresh directory under the system's temporary directory, removed with everything in it
// when the object goes away (tests, scratch space).
#pragma once

#include <filesystem>
#include <string_view>

namespace hwcert::support {

class TempDir {
 public:
  // "<tmp>/<prefix>-XXXXXX"; support::Error when it cannot be created.
  explicit TempDir(std::string_view prefix = "hwcert");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hwcert::support
