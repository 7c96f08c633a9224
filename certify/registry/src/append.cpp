// Appending to the certified list: under a lock of the log's directory, check the whole log,
// then write it whole with the new line (support::write_file_atomic).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "hwcert/registry/registry.hpp"
#include "hwcert/support/atomic_file.hpp"

namespace hwcert::registry {
namespace {

// An exclusive flock(2) on a directory, held for the object's lifetime. The directory, not
// the log, is locked: the log is replaced by a rename, so a lock on its old inode would not
// keep a second writer off the new one.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& dir)
      : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
      const std::string reason = std::strerror(errno);
      if (fd_ >= 0) ::close(fd_);
      throw support::Error({dir.string()}, "cannot lock the directory: " + reason);
    }
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock() { ::close(fd_); }  // closing releases the lock

 private:
  int fd_;
};

}  // namespace

AppendResult append_entry(const std::filesystem::path& log, const results::CertifiedEntry& entry) {
  const std::filesystem::path dir = std::filesystem::absolute(log).parent_path();
  std::filesystem::create_directories(dir);
  const DirectoryLock lock(dir);
  const std::string text = std::filesystem::exists(log) ? support::read_file(log) : std::string();
  RegistryCheck check = check_registry_text(text, log.string());
  if (!check.intact()) return {AppendOutcome::kLogBroken, {}, std::move(check.problems)};
  for (const ListedEntry& listed : check.entries) {
    if (listed.entry.bundle_sha256 == entry.bundle_sha256) {
      return {AppendOutcome::kAlreadyListed, listed, {}};
    }
  }
  const std::string previous =
      check.entries.empty() ? std::string(kGenesisHash) : check.entries.back().entry_hash;
  ListedEntry next =
      chain_entry(entry, static_cast<int64_t>(check.entries.size()) + 1, previous);
  next.line = static_cast<uint32_t>(check.entries.size()) + 1;
  support::write_file_atomic(log, text + format_line(next));
  return {AppendOutcome::kAppended, std::move(next), {}};
}

}  // namespace hwcert::registry
