#include "hwcert/runner/tensor_files.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/conformance/tensor_view.hpp"

namespace hwcert::runner {

NpyArray dense_array(const TensorSpec& spec, std::span<const std::byte> image) {
  NpyArray array;
  array.descr = npy_descr(spec.dtype);
  array.shape = spec.shape;
  const std::size_t size = dtype_size(spec.dtype);
  const int64_t count = conformance::shape_elements(spec.shape);
  array.data.resize(static_cast<std::size_t>(count) * size);
  if (count == 0) return array;
  const conformance::TensorReader reader(spec, image);
  std::vector<int64_t> index(spec.shape.size(), 0);
  std::size_t out = 0;
  do {
    const std::size_t position = reader.byte_position(index);
    if (position + size <= image.size()) std::memcpy(&array.data[out], &image[position], size);
    out += size;
  } while (conformance::next_index(spec.shape, index));
  return array;
}

TensorSpec dense_spec(const NpyArray& array, DType dtype) {
  return TensorSpec::dense(dtype, array.shape);
}

NpyArray reference_array(const TensorSpec& output, std::span<const conformance::Reference> values) {
  NpyArray array;
  array.descr = npy_descr(output.dtype);
  array.shape = output.shape;
  const std::size_t size = dtype_size(output.dtype);
  array.data.resize(values.size() * size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const uint64_t bits = values[i].bits;
    std::memcpy(&array.data[i * size], &bits, size);  // little-endian host: low bytes first
  }
  return array;
}

Expected<std::vector<std::vector<std::byte>>> run_op(
    const Device& device, const OpCall& call, const std::vector<std::vector<std::byte>>& inputs) {
  auto stream = device.create_stream();
  if (!stream.ok()) return stream.status();
  std::vector<Buffer> input_buffers;
  for (std::size_t i = 0; i < call.inputs().size(); ++i) {
    const uint64_t bytes = std::max<uint64_t>(call.inputs()[i].required_bytes().value_or(0), 1);
    auto buffer = device.alloc(bytes);
    if (!buffer.ok()) return buffer.status();
    if (i < inputs.size() && !inputs[i].empty()) {
      Status status = stream->copy_h2d(*buffer, 0, inputs[i]);
      if (!status.ok()) return status;
    }
    input_buffers.push_back(std::move(*buffer));
  }
  std::vector<Buffer> output_buffers;
  std::vector<std::vector<std::byte>> outputs;
  for (const TensorSpec& spec : call.outputs()) {
    const uint64_t bytes = spec.required_bytes().value_or(0);
    auto buffer = device.alloc(std::max<uint64_t>(bytes, 1));
    if (!buffer.ok()) return buffer.status();
    outputs.emplace_back(bytes);
    output_buffers.push_back(std::move(*buffer));
  }
  auto workspace_size = device.workspace_size(call);
  if (!workspace_size.ok()) return workspace_size.status();
  std::optional<Buffer> workspace;
  if (*workspace_size > 0) {
    auto buffer = device.alloc(*workspace_size);
    if (!buffer.ok()) return buffer.status();
    workspace.emplace(std::move(*buffer));
  }
  std::vector<const Buffer*> in_ptrs, out_ptrs;
  for (const Buffer& b : input_buffers) in_ptrs.push_back(&b);
  for (const Buffer& b : output_buffers) out_ptrs.push_back(&b);
  Status status = stream->launch(call, in_ptrs, out_ptrs, workspace ? &*workspace : nullptr);
  if (!status.ok()) return status;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].empty()) continue;
    status = stream->copy_d2h(outputs[i], output_buffers[i], 0);
    if (!status.ok()) return status;
  }
  status = stream->synchronize();
  if (!status.ok()) return status;
  return outputs;
}

void dump_failure(const Device& device, const conformance::Case& c,
                  const std::filesystem::path& dir, conformance::CaseResult* result) {
  const std::filesystem::path folder = dir / c.id;
  auto fail = [&](const std::string& why) { result->message += " [dump failed: " + why + "]"; };
  try {
    const OpCall& call = c.call;
    const auto inputs = conformance::generate_inputs(call, c.tier, c.seed);
    for (std::size_t i = 0; i < call.inputs().size() && i < inputs.size(); ++i) {
      const TensorSpec& spec = call.inputs()[i];
      Status status = write_npy(folder / npy_file_name("input" + std::to_string(i), spec.dtype),
                                dense_array(spec, inputs[i]));
      if (!status.ok()) return fail(status.message());
    }
    if (call.outputs().empty()) return fail("case has no output");
    const TensorSpec& output = call.outputs()[0];
    std::vector<std::span<const std::byte>> views(inputs.begin(), inputs.end());
    auto expected = conformance::compute_reference(call, views);
    if (expected.ok()) {
      Status status =
          write_npy(folder / npy_file_name("expected", output.dtype),
                    reference_array(TensorSpec::dense(output.dtype, output.shape), *expected));
      if (!status.ok()) return fail(status.message());
    }
    auto actual = run_op(device, call, inputs);
    if (!actual.ok()) return fail("rerun: " + actual.status().to_string());
    Status status = write_npy(folder / npy_file_name("actual", output.dtype),
                              dense_array(output, (*actual)[0]));
    if (!status.ok()) return fail(status.message());
    result->message += " [dumped to " + folder.string() + "]";
  } catch (const std::exception& error) {
    fail(error.what());
  }
}

}  // namespace hwcert::runner
