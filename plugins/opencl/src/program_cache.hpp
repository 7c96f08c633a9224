// Built programs of one device: compiled at first use, kept in memory until shutdown, and
// stored as binaries in a DiskCache (when one is configured) so that later runs skip the
// compiler. A binary the driver rejects is deleted and rebuilt from source.
#pragma once

#include <CL/cl.h>

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "device_caps.hpp"
#include "disk_cache.hpp"
#include "logger.hpp"
#include "program_source.hpp"

namespace hwcert::opencl {

class ProgramCache {
 public:
  ProgramCache(cl_context context, cl_device_id device, const DeviceCaps& caps,
               std::optional<DiskCache> disk, Logger logger);
  ~ProgramCache();
  ProgramCache(const ProgramCache&) = delete;
  ProgramCache& operator=(const ProgramCache&) = delete;

  /// The built program for `spec` (owned by the cache). Thread-safe. Throws Failure with the
  /// build log when compilation fails.
  cl_program get(const ProgramSpec& spec);

  /// Disk key of `spec` on this device (device name, driver, options and source hash).
  std::string disk_key(const ProgramSpec& spec) const;
  const std::optional<DiskCache>& disk() const noexcept { return disk_; }

 private:
  cl_program build_from_binary(const std::string& key, const std::string& label);
  cl_program build_from_source(const std::string& source, const std::string& label);
  void store_binary(cl_program program, const std::string& key);
  std::string build_log(cl_program program) const;

  cl_context context_;
  cl_device_id device_;
  const DeviceCaps& caps_;
  std::optional<DiskCache> disk_;
  Logger logger_;
  std::string options_;
  std::mutex mutex_;
  std::unordered_map<std::string, cl_program> programs_;  // key: options + full source
};

}  // namespace hwcert::opencl
