#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "hwcert/reports/writers.hpp"

namespace hwcert::reports {

void write_text_atomic(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    throw std::runtime_error(fmt::format("cannot create a temporary file beside {}: {}",
                                         path.string(), std::strerror(errno)));
  }
  std::string failure;
  if (::fchmod(fd, 0644) != 0) failure = std::strerror(errno);
  while (failure.empty() && !content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failure = std::strerror(errno);
      break;
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  if (failure.empty() && ::fsync(fd) != 0) failure = std::strerror(errno);
  if (::close(fd) != 0 && failure.empty()) failure = std::strerror(errno);
  if (failure.empty() && ::rename(temp.c_str(), path.c_str()) != 0) failure = std::strerror(errno);
  if (!failure.empty()) {
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), failure));
  }
}

}  // namespace hwcert::reports
