#include "hwcert/runner/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace hwcert::runner {
namespace {

Status io_error(const std::string& what, const std::filesystem::path& path) {
  return Status(StatusCode::kInternal, what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  std::filesystem::path temp = path;
  temp += ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", temp);
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status status = io_error("cannot write", temp);
      ::close(fd);
      std::filesystem::remove(temp, ignored);
      return status;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    Status status = io_error("cannot flush", temp);
    std::filesystem::remove(temp, ignored);
    return status;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status status = io_error("cannot rename into", path);
    std::filesystem::remove(temp, ignored);
    return status;
  }
  return Status::Ok();
}

Expected<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kInvalidArgument, "cannot read " + path.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace hwcert::runner
