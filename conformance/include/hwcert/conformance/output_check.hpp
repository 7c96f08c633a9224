// Judges a dense output image that a plugin produced elsewhere (a perf or stability launch)
// against the float64 oracle, with the same tolerance rules and comparator as a conformance
// case, on an evenly spread sample of its elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/comparator.hpp"
#include "hwcert/conformance/tolerance.hpp"
#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance {

struct OutputCheck {
  Comparison comparison;
  uint64_t nan_elements = 0;  // checked elements that are NaN where the oracle's are not
};

struct OutputCheckOptions {
  const ToleranceTable* tolerances = nullptr;  // nullptr: ToleranceTable::builtin()
  InputTier tier = InputTier::kStatistical;    // the tier the inputs were generated in
  uint64_t max_elements = 4096;                // at most this many elements are checked
};

// `inputs[i]` is the image of call.inputs()[i] that was uploaded; `output` is the downloaded
// image of output `output_index`, dense (row-major, no offset). Errors: no tolerance rule for
// the op, an output image of the wrong size, or an oracle that cannot evaluate the data.
Expected<OutputCheck> check_dense_output(const OpCall& call,
                                         std::vector<std::span<const std::byte>> inputs,
                                         std::size_t output_index,
                                         std::span<const std::byte> output,
                                         const OutputCheckOptions& options = {});

}  // namespace hwcert::conformance
