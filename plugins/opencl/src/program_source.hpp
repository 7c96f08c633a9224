// OpenCL C source of one program: the host-chosen #defines, kernels/common.cl and one
// kernel file from kernels/ (embedded at build time).
#pragma once

#include <string>
#include <string_view>

namespace hwcert::opencl {

/// Names one program: a kernel file (its stem, e.g. "elementwise") and the #define lines
/// that pick its dtypes.
struct ProgramSpec {
  std::string file;
  std::string defines;
};

/// Embedded text of kernels/<stem>.cl; empty when there is no such file.
std::string_view embedded_kernel_source(std::string_view stem);

/// The full source: fp64 switch, spec.defines, common.cl, then the spec's kernel file.
std::string program_source(const ProgramSpec& spec, bool device_has_fp64);

/// "#define NAME value\n".
std::string define_line(std::string_view name, std::string_view value);

/// Defines for one dtype under `prefix`: <P>_T (storage), <P>_C (compute), LD_<P>, ST_<P>,
/// and for integers <P>_U, AS_<P>, <P>_MIN.
std::string dtype_defines(std::string_view prefix, int dtype);

}  // namespace hwcert::opencl
