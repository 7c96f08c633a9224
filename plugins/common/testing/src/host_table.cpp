#include "hwcert/plugin_testing/host_table.hpp"

namespace hwcert::plugin_testing {

HWC_HostApi host_table(const char* host_name, HWC_LogFn log, void* log_user_data) {
  return HWC_HostApi{sizeof(HWC_HostApi),   0,         nullptr, HWC_ABI_VERSION_MAJOR,
                     HWC_ABI_VERSION_MINOR, host_name, log,     log_user_data};
}

}  // namespace hwcert::plugin_testing
