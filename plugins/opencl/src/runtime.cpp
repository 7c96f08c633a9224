#include "runtime.hpp"

#include <string>

#include "cl_status.hpp"

namespace hwcert::opencl {
namespace {

std::vector<cl_platform_id> platforms(const Logger& logger) {
  cl_uint count = 0;
  cl_int status = clGetPlatformIDs(0, nullptr, &count);
  if (status != CL_SUCCESS || count == 0) {
    logger(HWC_LOG_INFO, std::string("opencl: no OpenCL platform (clGetPlatformIDs: ") +
                             cl_error_name(status) + ")");
    return {};
  }
  std::vector<cl_platform_id> ids(count);
  check_cl(clGetPlatformIDs(count, ids.data(), nullptr), "clGetPlatformIDs");
  return ids;
}

std::vector<cl_device_id> platform_devices(cl_platform_id platform) {
  cl_uint count = 0;
  cl_int status = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &count);
  if (status == CL_DEVICE_NOT_FOUND || count == 0) return {};
  check_cl(status, "clGetDeviceIDs");
  std::vector<cl_device_id> ids(count);
  check_cl(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count, ids.data(), nullptr),
           "clGetDeviceIDs");
  return ids;
}

}  // namespace

DeviceRuntime::DeviceRuntime(uint32_t index, cl_platform_id platform, cl_device_id device,
                             DeviceCaps caps, Logger logger)
    : index_(index),
      platform_(platform),
      device_(device),
      caps_(std::move(caps)),
      logger_(logger) {}

DeviceRuntime::~DeviceRuntime() {
  programs_.reset();
  if (service_queue_ != nullptr) clReleaseCommandQueue(service_queue_);
  if (context_ != nullptr) clReleaseContext(context_);
}

void DeviceRuntime::ensure_open() {
  std::lock_guard lock(mutex_);
  if (context_ != nullptr) return;
  if (!caps_.available)
    fail(HWC_STATUS_DEVICE_LOST, "OpenCL device '" + caps_.name + "' is not available");
  cl_context_properties properties[] = {CL_CONTEXT_PLATFORM,
                                        reinterpret_cast<cl_context_properties>(platform_), 0};
  cl_int status = CL_SUCCESS;
  cl_context context = clCreateContext(properties, 1, &device_, nullptr, nullptr, &status);
  check_cl(status, "clCreateContext");
  std::optional<DiskCache> disk;
  if (auto dir = DiskCache::default_directory()) disk.emplace(*dir, logger_);
  try {
    programs_ = std::make_unique<ProgramCache>(context, device_, caps_, std::move(disk), logger_);
  } catch (...) {
    clReleaseContext(context);
    throw;
  }
  context_ = context;
}

cl_command_queue DeviceRuntime::service_queue() {
  std::lock_guard lock(mutex_);
  if (service_queue_ == nullptr) {
    cl_int status = CL_SUCCESS;
    service_queue_ = clCreateCommandQueue(context_, device_, 0, &status);
    check_cl(status, "clCreateCommandQueue");
  }
  return service_queue_;
}

PluginState::PluginState(const HWC_HostApi* host) {
  if (host != nullptr && HWC_HAS_FIELD(host, HWC_HostApi, log_user_data))
    logger_ = Logger(host->log, host->log_user_data);
  for (cl_platform_id platform : platforms(logger_)) {
    std::vector<cl_device_id> ids;
    try {
      ids = platform_devices(platform);
    } catch (const Failure& failure) {
      logger_(HWC_LOG_WARNING, "opencl: skipping a platform: " + failure.message());
      continue;
    }
    for (cl_device_id id : ids) {
      try {
        DeviceCaps caps = query_device_caps(platform, id);
        if (!caps.usable()) {
          logger_(HWC_LOG_INFO, "opencl: skipping '" + caps.name + "' (" + caps.device_version +
                                    "): needs OpenCL 1.2 and a compiler");
          continue;
        }
        auto index = static_cast<uint32_t>(devices_.size());
        devices_.push_back(
            std::make_unique<DeviceRuntime>(index, platform, id, std::move(caps), logger_));
      } catch (const Failure& failure) {
        logger_(HWC_LOG_WARNING, "opencl: skipping a device: " + failure.message());
      }
    }
  }
}

PluginState::~PluginState() {
  // Objects before the contexts they live in.
  clear();
  devices_.clear();
}

}  // namespace hwcert::opencl
