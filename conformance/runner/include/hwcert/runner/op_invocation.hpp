// One op outside a suite, for `hwcert run-op` and `hwcert oracle`: built from .npy inputs and
// --attr values, or from the one-line case form a report prints as its reproducer.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

struct OpArguments {
  std::string op;
  std::vector<std::string> npy_inputs;  // .npy files, one per input
  std::vector<std::string> attributes;  // "name=value" in the reproducer syntax
  std::string out_dtype;                // output dtype when it cannot be inferred (cast)
  // The case form: --in, --out, --tier, --seed ... (inputs generated from the seed).
  std::vector<std::string> in_specs;
  std::vector<std::string> out_specs;  // one per output (split has several)
  std::string tier;
  std::optional<uint64_t> seed;
  std::vector<std::string> extra;  // further case-form flags: --determinism, --sample N, --id ID
};

struct OpInvocation {
  OpCall call;                                 // validated against the catalogue
  std::vector<std::vector<std::byte>> inputs;  // buffer images of call.inputs()
  std::optional<conformance::Case> from_case;  // when built from the case form
};

// INVALID_ARGUMENT naming the file, attribute or rule at fault.
Expected<OpInvocation> build_invocation(const OpArguments& args);

// input<i>.<dtype>.npy for each input (dense logical values).
Status write_input_files(const std::filesystem::path& dir, const OpInvocation& invocation);

}  // namespace hwcert::runner
