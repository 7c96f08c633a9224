#include "hwcert/perfsuite/floor_cases.hpp"

#include <fmt/format.h>

#include <set>

#include "hwcert/loader/dtype.hpp"

namespace hwcert::perf {
namespace {

constexpr uint64_t kDefaultTensorBytes = 64ull << 20;

int64_t matmul_size(std::string_view size_class) {
  return size_class == kSizeClassDatacenter ? 8192 : 1024;
}

// The [[case]] table of one floor, in the suite format (perfsuite/suites/*.toml).
std::string case_toml(const FloorCase& f, std::string_view size_class, uint64_t tensor_bytes) {
  std::string text = fmt::format("[[case]]\nop = \"{}\"\nname = \"{}\"\ndtypes = [\"{}\"]\n", f.op,
                                 f.name, f.dtype);
  if (f.op == "matmul") {
    const int64_t n = matmul_size(size_class);
    text += fmt::format("shapes = [{{m = {0}, n = {0}, k = {0}}}]\n", n);
  } else {
    const auto dtype = parse_dtype(f.dtype);
    const uint64_t elements = tensor_bytes / (dtype ? dtype_size(*dtype) : 4);
    text += fmt::format("shapes = [{{shape = [{}]}}]\n", elements);
  }
  if (f.math_mode != "strict") {
    text += fmt::format("attributes = {{ math_mode = \"{}\" }}\n", f.math_mode);
  }
  return text + "\n";
}

}  // namespace

std::string floor_case_name(std::string_view case_pattern, std::string_view op) {
  const std::string_view head = case_pattern.substr(0, case_pattern.find('/'));
  if (head.empty() || head.find_first_of("*?[:-") != std::string_view::npos) {
    return std::string(op);
  }
  return std::string(head);
}

std::variant<Suite, SuiteError> floor_suite(const std::vector<FloorCase>& floors,
                                            std::string_view size_class,
                                            const std::optional<Roofline>& roofline) {
  const uint64_t tensor_bytes =
      roofline && roofline->copy_bytes > 0 ? roofline->copy_bytes : kDefaultTensorBytes;
  std::string text =
      "name = \"floors\"\ndescription = \"What the target profile's floors measure\"\n\n";
  std::set<std::string> seen;
  for (const FloorCase& f : floors) {
    if (!seen.insert(fmt::format("{}|{}|{}", f.name, f.dtype, f.math_mode)).second) continue;
    text += case_toml(f, size_class, tensor_bytes);
  }
  return parse_suite(text, "<the target profile's floors>");
}

}  // namespace hwcert::perf
