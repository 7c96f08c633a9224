#include "hwcert/support/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "hwcert/support/error.hpp"

namespace hwcert::support {
namespace {

namespace fs = std::filesystem;

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

[[noreturn]] void fail(const fs::path& path, std::string message) {
  SourcePosition whole_file{path.string(), 0, 0};
  throw Error(std::move(whole_file), std::move(message));
}

[[noreturn]] void fail(const fs::path& path, std::string_view what, int error_number) {
  fail(path, fmt::format("{}: {}", what, std::strerror(error_number)));
}

// A temporary file beside `path`, removed again unless commit() renamed it into place.
class TemporaryFile {
 public:
  // mkstemp creates the file with mode 0600; set_mode gives the final mode before any byte.
  TemporaryFile(const fs::path& path, const fs::path& dir)
      : target_(path),
        name_((dir / fmt::format(".{}.tmp-XXXXXX", path.filename().string())).string()),
        fd_(::mkstemp(name_.data())) {
    if (fd_.get() < 0) fail(target_, "cannot create a temporary file beside it", errno);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!committed_) ::unlink(name_.c_str());
  }

  void set_mode(mode_t mode) {
    if (::fchmod(fd_.get(), mode) != 0) fail(target_, "cannot set the file mode", errno);
  }

  void write_all(std::string_view content) {
    while (!content.empty()) {
      const ssize_t n = ::write(fd_.get(), content.data(), content.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail(target_, "cannot write", errno);
      content.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void commit() {
    if (::fsync(fd_.get()) != 0) fail(target_, "cannot flush to disk", errno);
    if (::close(fd_.release()) != 0) fail(target_, "cannot close", errno);
    if (::rename(name_.c_str(), target_.c_str()) != 0) {
      fail(target_, "cannot rename the temporary file into place", errno);
    }
    committed_ = true;
  }

 private:
  fs::path target_;
  std::string name_;
  Fd fd_;
  bool committed_ = false;
};

// Makes a rename inside `dir` durable; best effort (some file systems refuse it).
void flush_directory(const fs::path& dir) {
  const Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view content, mode_t mode) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    fail(path, fmt::format("cannot create the directory {}: {}", dir.string(), ec.message()));
  }
  TemporaryFile temp(path, dir);
  temp.set_mode(mode);
  temp.write_all(content);
  temp.commit();
  flush_directory(dir);
}

std::string read_file(const fs::path& path) {
  std::error_code ec;
  // A folder opens as a stream that reads nothing: say what it is instead of reading "".
  if (fs::is_directory(path, ec)) fail(path, "cannot read: it is a folder, not a file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno != 0) fail(path, "cannot read", errno);
    fail(path, "cannot read: cannot open the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) fail(path, "cannot read: error while reading");
  return text.str();
}

}  // namespace hwcert::support
