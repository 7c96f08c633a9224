// One initialised instance of the reference plugin: host table, CPU facts, thread pool and
// the registry of live handles. Created by the entry point, destroyed by plugin_shutdown.
#pragma once

#include <memory>
#include <string>

#include "handles.hpp"
#include "host_cpu.hpp"
#include "hwcert/hwcert_plugin.h"
#include "thread_pool.hpp"

namespace hwcref {

inline constexpr const char* kPluginName = "reference";
inline constexpr const char* kPluginVendor = "hwcert";
inline constexpr const char* kPluginVersion = "0.1.0";
inline constexpr const char* kPluginDescription =
    "Portable multi-threaded CPU implementation of the whole hwcert op catalogue";
inline constexpr uint32_t kPluginOpset = 1;

class Plugin {
 public:
  explicit Plugin(const HWC_HostApi* host);
  ~Plugin();
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  const HostCpu& cpu() const { return cpu_; }
  ThreadPool& pool() { return *pool_; }
  HandleRegistry& handles() { return handles_; }
  void log(int32_t level, const std::string& message) const;

 private:
  const HWC_HostApi* host_;
  HostCpu cpu_;
  std::unique_ptr<ThreadPool> pool_;
  HandleRegistry handles_;  // destroyed before the pool: draining streams may use it
};

// Threads of the pool (workers + caller): HWCERT_REFERENCE_THREADS when set to a positive
// number, else the number of logical CPUs.
unsigned configured_threads(unsigned logical_cpus);

}  // namespace hwcref
