// OpenCL status codes: names, mapping to ABI status codes, and a checked-call helper.
#pragma once

#include <CL/cl.h>

#include <cstdint>

namespace hwcert::opencl {

/// "CL_OUT_OF_RESOURCES" etc.; "CL_UNKNOWN_ERROR" for codes this plugin does not know.
const char* cl_error_name(cl_int status) noexcept;

/// The ABI status for an OpenCL error code.
int32_t abi_status_for(cl_int status) noexcept;

/// Throws a Failure naming `call` and the error when status != CL_SUCCESS.
void check_cl(cl_int status, const char* call);

}  // namespace hwcert::opencl
