#include "hwcert/bundle/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "hwcert/bundle/error.hpp"

namespace hwcert::bundle {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void write_all(int fd, std::string_view content, const std::filesystem::path& shown) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw BundleError(fmt::format("cannot write {}: {}", shown.string(), errno_text()));
    content.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw BundleError(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
  }
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  // mkstemp creates the file with mode 0600; fchmod sets the final mode before any byte lands.
  Fd fd(::mkstemp(temp.data()));
  if (fd.get() < 0) {
    throw BundleError(
        fmt::format("cannot create a temporary file beside {}: {}", path.string(), errno_text()));
  }
  try {
    if (::fchmod(fd.get(), mode) != 0) {
      throw BundleError(fmt::format("cannot set the mode of {}: {}", temp, errno_text()));
    }
    write_all(fd.get(), content, path);
    if (::fsync(fd.get()) != 0) {
      throw BundleError(fmt::format("cannot flush {}: {}", temp, errno_text()));
    }
    if (::close(fd.release()) != 0) {
      throw BundleError(fmt::format("cannot close {}: {}", temp, errno_text()));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      throw BundleError(
          fmt::format("cannot rename {} to {}: {}", temp, path.string(), errno_text()));
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  // Make the rename itself durable.
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BundleError(fmt::format("cannot read {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw BundleError(fmt::format("error while reading {}", path.string()));
  return text.str();
}

}  // namespace hwcert::bundle
