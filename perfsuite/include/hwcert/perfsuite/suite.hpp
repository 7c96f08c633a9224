// Perf suites: TOML files (perfsuite/suites/*.toml) expanded into concrete benchmark cases.
//
// A suite holds [[case]] tables; each is expanded over the cartesian product of its
// `shapes`, `dtypes` (and `out_dtypes`) and every list in its `sweep` table. See
// docs/perfsuite.md for the format. Problems are reported as "file:line:column: message".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hwcert/loader/op_call.hpp"

namespace hwcert::perf {

// "small" cases fit a CPU or a small accelerator; "datacenter" cases need tens of GiB.
inline constexpr std::string_view kSizeClassAny = "any";
inline constexpr std::string_view kSizeClassSmall = "small";
inline constexpr std::string_view kSizeClassDatacenter = "datacenter";

struct PerfCase {
  std::string id;          // unique in its suite, e.g. "matmul/f32/m256_n256_k256"
  std::string op;          // catalogue op name
  std::string dtype;       // first input's dtype name
  std::string out_dtype;   // first output's dtype name
  std::string shape;       // shape label used in the id, e.g. "m256_n256_k256"
  std::string size_class;  // kSizeClass*
  std::string origin;      // "file:line:column" of the [[case]] it came from
  OpCall call;
};

struct Suite {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::vector<PerfCase> cases;
};

struct SuiteError {
  std::string message;  // "file:line:column: what is wrong"
};

std::variant<Suite, SuiteError> parse_suite(std::string_view toml_text,
                                            std::string_view source_name);
std::variant<Suite, SuiteError> load_suite(const std::filesystem::path& file);

// Where shipped suites live: $HWCERT_PERF_SUITES_DIR, else <exe_dir>/../share/hwcert/perfsuite,
// else the source tree's perfsuite/suites.
std::filesystem::path default_suites_dir(const std::filesystem::path& executable);
// "smoke" / "core" (a file <name>.toml in suites_dir) or a path to a TOML file.
std::filesystem::path resolve_suite(std::string_view name_or_path,
                                    const std::filesystem::path& suites_dir);

// Keeps the cases whose size class is `size_class` or "any".
std::vector<PerfCase> select_size_class(const std::vector<PerfCase>& cases,
                                        std::string_view size_class);

}  // namespace hwcert::perf
