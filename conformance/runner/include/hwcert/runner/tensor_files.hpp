// Tensors between devices, oracle and .npy files: running one op on a device with given
// input images, packing logical tensors into dense arrays, and writing the inputs, expected
// and actual outputs of a failing case (--dump-failures).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "hwcert/loader/plugin.hpp"
#include "hwcert/runner/npy.hpp"

namespace hwcert::runner {

// The logical tensor `spec` inside buffer image `image` as a dense C-order array.
NpyArray dense_array(const TensorSpec& spec, std::span<const std::byte> image);
// A dense array as a buffer image for a dense spec of its shape and `dtype`.
TensorSpec dense_spec(const NpyArray& array, DType dtype);
// Expected output values (bits in the output dtype, row-major) as a dense array.
NpyArray reference_array(const TensorSpec& output, std::span<const conformance::Reference> values);

// Uploads the input images, launches `call` (with workspace), synchronizes and downloads the
// output buffer images (each output's required_bytes()).
Expected<std::vector<std::vector<std::byte>>> run_op(
    const Device& device, const OpCall& call, const std::vector<std::vector<std::byte>>& inputs);

// Writes <dir>/<case id>/input<i>.<dtype>.npy, expected.<dtype>.npy and actual.<dtype>.npy
// (inputs regenerated from the case seed, the op run once more on `device`). On success
// appends " [dumped to <path>]" to result->message; on failure " [dump failed: ...]".
void dump_failure(const Device& device, const conformance::Case& c,
                  const std::filesystem::path& dir, conformance::CaseResult* result);

}  // namespace hwcert::runner
