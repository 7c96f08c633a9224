#include "hwcert/model/tensor_values.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/model/safetensors.hpp"
#include "hwcert/runner/npy.hpp"

namespace hwcert::model {
namespace {

// Uniform in (0, 1): 53 bits of a counter hash, never 0.
double unit(uint64_t seed, uint64_t stream, uint64_t counter) {
  const uint64_t bits = conformance::counter_hash(seed, stream, counter) >> 11;
  return (static_cast<double>(bits) + 0.5) * 0x1p-53;
}

// Box-Muller from two uniforms of consecutive counters.
double standard_normal(uint64_t seed, uint64_t stream, uint64_t i) {
  const double u1 = unit(seed, stream, 2 * i), u2 = unit(seed, stream, 2 * i + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Expected<std::vector<double>> read_npy_values(const TensorDecl& decl, const TensorSpec& spec) {
  auto array = runner::read_npy(decl.values.file);
  if (!array.ok()) return array.status();
  if (array->shape != spec.shape) {
    return Status(
        StatusCode::kInvalidArgument,
        fmt::format("{}: shape [{}] does not match tensor '{}' [{}]", decl.values.file.string(),
                    fmt::join(array->shape, ", "), decl.name, fmt::join(spec.shape, ", ")));
  }
  const auto dtype =
      runner::npy_dtype(array->descr, runner::dtype_noted_in_file_name(decl.values.file));
  if (!dtype) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{}: unsupported dtype {}", decl.values.file.string(), array->descr));
  }
  return decode_image(*dtype, array->data);
}

Expected<std::vector<double>> read_safetensors_values(const TensorDecl& decl,
                                                      const TensorSpec& spec) {
  SafetensorsTensor stored;
  auto bytes = read_safetensors_tensor(decl.values.file, decl.values.tensor, &stored);
  if (!bytes.ok()) return bytes.status();
  if (stored.shape != spec.shape) {  // checked when the graph was read; the file may change
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{}: tensor '{}' is [{}], not [{}]", decl.values.file.string(),
                              decl.values.tensor, fmt::join(stored.shape, ", "),
                              fmt::join(spec.shape, ", ")));
  }
  return decode_image(stored.dtype, *bytes);
}

}  // namespace

Expected<std::vector<double>> draw_values(const TensorDecl& decl, const TensorSpec& spec,
                                          uint64_t seed, uint64_t stream) {
  const Distribution& d = decl.values;
  if (d.kind == Distribution::Kind::kNpy) return read_npy_values(decl, spec);
  if (d.kind == Distribution::Kind::kSafetensors) return read_safetensors_values(decl, spec);
  const auto count = static_cast<uint64_t>(spec.element_count().value_or(0));
  std::vector<double> values(count);
  for (uint64_t i = 0; i < count; ++i) {
    switch (d.kind) {
      case Distribution::Kind::kNormal:
        values[i] = d.mean + d.stddev * standard_normal(seed, stream, i);
        break;
      case Distribution::Kind::kUniform:
        values[i] = d.low + (d.high - d.low) * unit(seed, stream, i);
        break;
      default:
        values[i] = d.value;
    }
  }
  return values;
}

std::vector<std::byte> encode_image(DType dtype, const std::vector<double>& values) {
  const std::size_t size = dtype_size(dtype);
  std::vector<std::byte> image(values.size() * size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const uint64_t bits =
        is_floating(dtype)
            ? conformance::encode_value(dtype, values[i])
            : conformance::encode_integer(dtype, static_cast<int64_t>(std::llround(values[i])));
    conformance::store_element_bits(image, i * size, dtype, bits);
  }
  return image;
}

std::vector<double> decode_image(DType dtype, const std::vector<std::byte>& image) {
  const std::size_t size = dtype_size(dtype);
  std::vector<double> values(size == 0 ? 0 : image.size() / size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] =
        conformance::decode_value(dtype, conformance::load_element_bits(image, i * size, dtype));
  }
  return values;
}

Status for_each_source_image(const BoundGraph& graph, uint64_t seed, const SourceImageSink& use) {
  uint64_t stream = 0;
  for (std::size_t i = 0; i < graph.tensors.size(); ++i) {
    const BoundTensor& t = graph.tensors[i];
    if (t.decl == nullptr) continue;
    auto values = draw_values(*t.decl, t.spec, seed, ++stream);
    if (!values.ok()) return values.status();
    std::vector<std::byte> image = encode_image(t.spec.dtype, *values);
    values->clear();
    values->shrink_to_fit();  // the doubles go before `use` sees the image
    if (Status s = use(i, std::move(image)); !s.ok()) return s;
  }
  return Status::Ok();
}

Expected<std::vector<std::vector<std::byte>>> make_source_images(const BoundGraph& graph,
                                                                 uint64_t seed) {
  std::vector<std::vector<std::byte>> images(graph.tensors.size());
  Status s = for_each_source_image(graph, seed, [&](std::size_t t, std::vector<std::byte> image) {
    images[t] = std::move(image);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return images;
}

}  // namespace hwcert::model
