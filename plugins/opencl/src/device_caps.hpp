// What one OpenCL device is and can do, read once with clGetDeviceInfo.
#pragma once

#include <CL/cl.h>
#include <hwcert/hwcert_plugin.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace hwcert::opencl {

struct DeviceCaps {
  std::string name;
  std::string vendor;
  std::string driver_version;
  std::string device_version;  ///< "OpenCL 3.0 ..."
  std::string platform_name;
  std::string extensions;
  uint32_t hwc_type = 0;  ///< HWC_DEVICE_TYPE_*
  int version_major = 0;
  int version_minor = 0;
  uint64_t global_mem_bytes = 0;
  uint64_t max_alloc_bytes = 0;
  uint64_t global_cache_bytes = 0;
  uint64_t local_mem_bytes = 0;
  uint32_t compute_units = 0;
  uint32_t clock_mhz = 0;
  uint64_t max_work_group_size = 0;
  bool available = false;
  bool compiler_available = false;
  bool fp64 = false;                        ///< cl_khr_fp64
  bool fp16 = false;                        ///< cl_khr_fp16 (half arithmetic; not needed here)
  bool correctly_rounded_div_sqrt = false;  ///< f32 / and sqrt can be correctly rounded
  std::optional<std::array<unsigned char, 16>> uuid;  ///< cl_khr_device_uuid
  std::optional<std::string> pci_bus_id;              ///< cl_khr_pci_bus_info

  /// OpenCL 1.2 or later with a compiler: the plugin can drive it.
  bool usable() const noexcept {
    return compiler_available && (version_major > 1 || (version_major == 1 && version_minor >= 2));
  }
  bool has_extension(const std::string& name) const;
};

/// Reads every field of DeviceCaps; throws Failure when a query fails.
DeviceCaps query_device_caps(cl_platform_id platform, cl_device_id device);

}  // namespace hwcert::opencl
