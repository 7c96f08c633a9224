#include "device_caps.hpp"

#include <cstdio>
#include <sstream>
#include <vector>

#include <CL/cl_ext.h>

#include "cl_status.hpp"

namespace hwcert::opencl {
namespace {

/// A string property of `object` from `get_info` (clGetDeviceInfo, clGetPlatformInfo, named
/// `what` in errors): its size first, then its text.
template <typename Object>
std::string info_string(cl_int (*get_info)(Object, cl_uint, size_t, void*, size_t*),
                        const char* what, Object object, cl_uint key) {
  size_t size = 0;
  check_cl(get_info(object, key, 0, nullptr, &size), what);
  std::vector<char> text(size + 1, '\0');
  check_cl(get_info(object, key, size, text.data(), nullptr), what);
  return std::string(text.data());
}

std::string device_string(cl_device_id device, cl_device_info key) {
  return info_string(clGetDeviceInfo, "clGetDeviceInfo", device, key);
}

std::string platform_string(cl_platform_id platform, cl_platform_info key) {
  return info_string(clGetPlatformInfo, "clGetPlatformInfo", platform, key);
}

template <typename T>
T device_value(cl_device_id device, cl_device_info key) {
  T value{};
  check_cl(clGetDeviceInfo(device, key, sizeof(T), &value, nullptr), "clGetDeviceInfo");
  return value;
}

}  // namespace

bool DeviceCaps::has_extension(const std::string& wanted) const {
  std::istringstream words(extensions);
  std::string word;
  while (words >> word)
    if (word == wanted) return true;
  return false;
}

DeviceCaps query_device_caps(cl_platform_id platform, cl_device_id device) {
  DeviceCaps caps;
  caps.name = device_string(device, CL_DEVICE_NAME);
  caps.vendor = device_string(device, CL_DEVICE_VENDOR);
  caps.driver_version = device_string(device, CL_DRIVER_VERSION);
  caps.device_version = device_string(device, CL_DEVICE_VERSION);
  caps.platform_name = platform_string(platform, CL_PLATFORM_NAME);
  caps.extensions = device_string(device, CL_DEVICE_EXTENSIONS);
  if (std::sscanf(caps.device_version.c_str(), "OpenCL %d.%d", &caps.version_major,
                  &caps.version_minor) != 2) {
    caps.version_major = 0;
    caps.version_minor = 0;
  }
  auto type = device_value<cl_device_type>(device, CL_DEVICE_TYPE);
  caps.hwc_type = (type & CL_DEVICE_TYPE_GPU)   ? HWC_DEVICE_TYPE_GPU
                  : (type & CL_DEVICE_TYPE_CPU) ? HWC_DEVICE_TYPE_CPU
                                                : HWC_DEVICE_TYPE_OTHER;
  caps.global_mem_bytes = device_value<cl_ulong>(device, CL_DEVICE_GLOBAL_MEM_SIZE);
  caps.max_alloc_bytes = device_value<cl_ulong>(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
  caps.global_cache_bytes = device_value<cl_ulong>(device, CL_DEVICE_GLOBAL_MEM_CACHE_SIZE);
  caps.local_mem_bytes = device_value<cl_ulong>(device, CL_DEVICE_LOCAL_MEM_SIZE);
  caps.compute_units = device_value<cl_uint>(device, CL_DEVICE_MAX_COMPUTE_UNITS);
  caps.clock_mhz = device_value<cl_uint>(device, CL_DEVICE_MAX_CLOCK_FREQUENCY);
  caps.max_work_group_size = device_value<size_t>(device, CL_DEVICE_MAX_WORK_GROUP_SIZE);
  caps.available = device_value<cl_bool>(device, CL_DEVICE_AVAILABLE) != CL_FALSE;
  caps.compiler_available = device_value<cl_bool>(device, CL_DEVICE_COMPILER_AVAILABLE) != CL_FALSE;
  caps.fp64 = caps.has_extension("cl_khr_fp64");
  caps.fp16 = caps.has_extension("cl_khr_fp16");
  auto single_config = device_value<cl_device_fp_config>(device, CL_DEVICE_SINGLE_FP_CONFIG);
  caps.correctly_rounded_div_sqrt = (single_config & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
  if (caps.has_extension("cl_khr_device_uuid")) {
    std::array<unsigned char, CL_UUID_SIZE_KHR> uuid{};
    if (clGetDeviceInfo(device, CL_DEVICE_UUID_KHR, uuid.size(), uuid.data(), nullptr) ==
        CL_SUCCESS)
      caps.uuid = uuid;
  }
  if (caps.has_extension("cl_khr_pci_bus_info")) {
    cl_device_pci_bus_info_khr bus{};
    if (clGetDeviceInfo(device, CL_DEVICE_PCI_BUS_INFO_KHR, sizeof(bus), &bus, nullptr) ==
        CL_SUCCESS) {
      char text[32];
      std::snprintf(text, sizeof(text), "%04x:%02x:%02x.%x", bus.pci_domain, bus.pci_bus,
                    bus.pci_device, bus.pci_function);
      caps.pci_bus_id = text;
    }
  }
  return caps;
}

}  // namespace hwcert::opencl
