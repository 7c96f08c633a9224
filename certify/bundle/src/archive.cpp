#include "hwcert/bundle/archive.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "hwcert/bundle/error.hpp"

extern char** environ;

namespace hwcert::bundle {

void write_archive(const std::filesystem::path& bundle_dir, const std::filesystem::path& archive) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(bundle_dir, ec).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "run/bundle/" -> "run/bundle"
  if (ec || !std::filesystem::is_directory(dir, ec)) {
    throw BundleError(fmt::format("{} is not a bundle directory", bundle_dir.string()));
  }
  const std::filesystem::path name = dir.filename();
  const std::filesystem::path parent = dir.parent_path();
  const std::filesystem::path out = std::filesystem::absolute(archive, ec);
  const std::filesystem::path temp = out.parent_path() / ("." + out.filename().string() + ".tmp");

  // Name order and neutral ownership make the listing independent of the machine.
  std::vector<std::string> args = {"tar",         "--create",    "--gzip",          "--sort=name",
                                   "--owner=0",   "--group=0",   "--numeric-owner", "--file",
                                   temp.string(), "--directory", parent.string(),   "--",
                                   name.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, "tar", nullptr, nullptr, argv.data(), environ);
  if (rc != 0) throw BundleError(fmt::format("cannot run tar: {}", std::strerror(rc)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw BundleError(fmt::format("waiting for tar: {}", std::strerror(errno)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ::unlink(temp.c_str());
    throw BundleError(fmt::format("tar failed writing {} (status {})", out.string(),
                                  WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  if (::rename(temp.c_str(), out.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    throw BundleError(
        fmt::format("cannot rename {} to {}: {}", temp.string(), out.string(), std::strerror(err)));
  }
}

}  // namespace hwcert::bundle
