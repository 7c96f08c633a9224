#include "program_source.hpp"

#include "dtype.hpp"
#include "error.hpp"

namespace hwcert::opencl {

std::string define_line(std::string_view name, std::string_view value) {
  std::string line = "#define ";
  line.append(name).append(" ").append(value).append("\n");
  return line;
}

std::string dtype_defines(std::string_view prefix, int dtype) {
  const DTypeInfo& info = dtype_info(dtype);
  const std::string p(prefix);
  std::string out;
  out += define_line(p + "_T", info.storage);
  out += define_line(p + "_C", info.compute);
  out += define_line("LD_" + p + "(p, i)", std::string("ld_") + info.tag + "(p, i)");
  out += define_line("ST_" + p + "(p, i, v)", std::string("st_") + info.tag + "(p, i, v)");
  if (info.kind == ValueKind::kInteger || info.kind == ValueKind::kBool) {
    out += define_line(p + "_U", info.unsigned_type);
    out += define_line("AS_" + p + "(x)", std::string(info.as_signed) + "(x)");
    out += define_line(p + "_MIN", info.min_value);
  }
  return out;
}

std::string program_source(const ProgramSpec& spec, bool device_has_fp64) {
  const std::string_view common = embedded_kernel_source("common");
  const std::string_view body = embedded_kernel_source(spec.file);
  if (common.empty() || body.empty())
    fail(HWC_STATUS_INTERNAL, "no embedded OpenCL source named '" + spec.file + "'");
  std::string source;
  if (device_has_fp64) source += "#define HWC_FP64 1\n";
  source += spec.defines;
  source += "#line 1 \"common.cl\"\n";
  source.append(common);
  source += "\n#line 1 \"" + spec.file + ".cl\"\n";
  source.append(body);
  return source;
}

}  // namespace hwcert::opencl
