#include "program_cache.hpp"

#include <vector>

#include "cl_status.hpp"
#include "content_hash.hpp"
#include "error.hpp"

namespace hwcert::opencl {

ProgramCache::ProgramCache(cl_context context, cl_device_id device, const DeviceCaps& caps,
                           std::optional<DiskCache> disk, Logger logger)
    : context_(context), device_(device), caps_(caps), disk_(std::move(disk)), logger_(logger) {
  options_ = "-cl-std=CL1.2";
  if (caps_.correctly_rounded_div_sqrt) options_ += " -cl-fp32-correctly-rounded-divide-sqrt";
}

ProgramCache::~ProgramCache() {
  for (auto& [key, program] : programs_) clReleaseProgram(program);
}

std::string ProgramCache::disk_key(const ProgramSpec& spec) const {
  std::string identity = caps_.name + '\n' + caps_.driver_version + '\n' + caps_.device_version +
                         '\n' + options_ + '\n' + program_source(spec, caps_.fp64);
  return content_key(identity);
}

cl_program ProgramCache::get(const ProgramSpec& spec) {
  const std::string source = program_source(spec, caps_.fp64);
  std::lock_guard lock(mutex_);
  if (auto it = programs_.find(source); it != programs_.end()) return it->second;
  const std::string label = "'" + spec.file + "'";
  cl_program program = nullptr;
  std::string key;
  if (disk_) {
    key = disk_key(spec);
    program = build_from_binary(key, label);
  }
  if (program == nullptr) {
    program = build_from_source(source, label);
    if (disk_) store_binary(program, key);
  }
  programs_.emplace(source, program);
  return program;
}

cl_program ProgramCache::build_from_binary(const std::string& key, const std::string& label) {
  auto payload = disk_->load(key);
  if (!payload) return nullptr;
  const unsigned char* data = payload->data();
  size_t size = payload->size();
  cl_int binary_status = CL_SUCCESS;
  cl_int status = CL_SUCCESS;
  cl_program program =
      clCreateProgramWithBinary(context_, 1, &device_, &size, &data, &binary_status, &status);
  if (status == CL_SUCCESS && binary_status == CL_SUCCESS) {
    status = clBuildProgram(program, 1, &device_, options_.c_str(), nullptr, nullptr);
    if (status == CL_SUCCESS) return program;
  }
  if (program != nullptr) clReleaseProgram(program);
  logger_(HWC_LOG_WARNING, "opencl: cached binary of program " + label + " rejected (" +
                               cl_error_name(status != CL_SUCCESS ? status : binary_status) +
                               "); deleting it and rebuilding from source");
  disk_->remove(key);
  return nullptr;
}

std::string ProgramCache::build_log(cl_program program) const {
  size_t size = 0;
  if (clGetProgramBuildInfo(program, device_, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size) !=
      CL_SUCCESS)
    return "(no build log)";
  std::vector<char> log(size + 1, '\0');
  clGetProgramBuildInfo(program, device_, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
  std::string text(log.data());
  constexpr size_t kMaxLog = 8000;
  if (text.size() > kMaxLog) text = text.substr(0, kMaxLog) + "\n... (build log truncated)";
  return text;
}

cl_program ProgramCache::build_from_source(const std::string& source, const std::string& label) {
  const char* text = source.c_str();
  size_t length = source.size();
  cl_int status = CL_SUCCESS;
  cl_program program = clCreateProgramWithSource(context_, 1, &text, &length, &status);
  check_cl(status, "clCreateProgramWithSource");
  status = clBuildProgram(program, 1, &device_, options_.c_str(), nullptr, nullptr);
  if (status != CL_SUCCESS) {
    std::string log = build_log(program);
    clReleaseProgram(program);
    fail(status == CL_OUT_OF_HOST_MEMORY || status == CL_OUT_OF_RESOURCES ? HWC_STATUS_OUT_OF_MEMORY
                                                                          : HWC_STATUS_INTERNAL,
         "clBuildProgram failed for program " + label + " on '" + caps_.name +
             "': " + cl_error_name(status) + "\nbuild log:\n" + log);
  }
  return program;
}

void ProgramCache::store_binary(cl_program program, const std::string& key) {
  size_t size = 0;
  if (clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, nullptr) !=
          CL_SUCCESS ||
      size == 0) {
    logger_(HWC_LOG_DEBUG, "opencl: driver offers no program binary to cache");
    return;
  }
  std::vector<unsigned char> binary(size);
  unsigned char* pointer = binary.data();
  if (clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof(pointer), &pointer, nullptr) !=
      CL_SUCCESS) {
    logger_(HWC_LOG_WARNING, "opencl: clGetProgramInfo(CL_PROGRAM_BINARIES) failed");
    return;
  }
  disk_->store(key, binary);
}

}  // namespace hwcert::opencl
