// The one-line form of a case: `--op matmul --in 'f32[64,16]' --in 'f32[16,32]{1,16}@64'
// --out 'f32[64,32]' --attr transpose_a=1 --attr alpha=0.5 --tier exact --seed 7`, and its
// parser, so `hwcert run-op` can rebuild exactly the case a report printed.
//
// Tensor: dtype[shape] with optional {element strides} and @byte_offset.
// Attribute: name=value; int `3`, float `0.5` (always printed with '.' or an exponent),
// string `tanh`, int list `[1,0]`, float list `[1.0,2.5]`.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance {

std::string format_tensor(const TensorSpec& spec);
Expected<TensorSpec> parse_tensor(std::string_view text);
std::string format_attribute(const Attribute& attr);
Expected<Attribute> parse_attribute(std::string_view text);

// The arguments after `hwcert run-op --plugin P --device D` (shell-quoted where needed).
std::string case_spec_arguments(const Case& c);
// Parses the argument vector produced by case_spec_arguments (already split by a shell):
// --op, --in (repeated), --out, --attr (repeated), --tier, --seed, --determinism,
// --sample N, --max-zero-fraction F, --id ID. Unknown flags are INVALID_ARGUMENT.
Expected<Case> parse_case_arguments(std::span<const std::string> args);

// Wraps `text` in single quotes when it holds characters a POSIX shell would interpret.
std::string shell_quote(std::string_view text);

}  // namespace hwcert::conformance
