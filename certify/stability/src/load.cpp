#include "hwcert/stability/load.hpp"

#include <fmt/format.h>

#include "hwcert/conformance/input_generator.hpp"

namespace hwcert::stability {
namespace {

std::vector<const Buffer*> pointers(const std::vector<Buffer>& buffers) {
  std::vector<const Buffer*> out;
  for (const Buffer& b : buffers) out.push_back(&b);
  return out;
}

Expected<Buffer> allocate(const Device& device, const TensorSpec& spec) {
  const std::optional<uint64_t> bytes = spec.required_bytes();
  if (!bytes) return Status(StatusCode::kInvalidArgument, "tensor size overflows");
  return device.alloc(std::max<uint64_t>(*bytes, 1));
}

}  // namespace

Expected<LoadSlot> LoadSlot::prepare(const Device& device, const Stream& stream,
                                     std::size_t stream_index, const OpCall& call,
                                     const std::vector<std::vector<std::byte>>& images) {
  LoadSlot slot;
  slot.call_ = call;
  slot.stream_index_ = stream_index;
  for (std::size_t i = 0; i < call.inputs().size(); ++i) {
    auto buffer = allocate(device, call.inputs()[i]);
    if (!buffer) return buffer.status();
    if (Status s = stream.copy_h2d(*buffer, 0, images[i]); !s.ok()) return s;
    slot.inputs_.push_back(std::move(*buffer));
  }
  for (const TensorSpec& spec : call.outputs()) {
    auto buffer = allocate(device, spec);
    if (!buffer) return buffer.status();
    slot.outputs_.push_back(std::move(*buffer));
  }
  auto workspace_bytes = device.workspace_size(call);
  if (!workspace_bytes) return workspace_bytes.status();
  if (*workspace_bytes > 0) {
    auto workspace = device.alloc(*workspace_bytes);
    if (!workspace) return workspace.status();
    slot.workspace_ = std::move(*workspace);
  }
  if (Status s = stream.synchronize(); !s.ok()) return s;
  return slot;
}

Status LoadSlot::launch(const Stream& stream) const {
  const std::vector<const Buffer*> in = pointers(inputs_);
  const std::vector<const Buffer*> out = pointers(outputs_);
  return stream.launch(call_, in, out, workspace_ ? &*workspace_ : nullptr);
}

Expected<std::vector<std::byte>> LoadSlot::read_output(const Stream& stream) const {
  std::vector<std::byte> image(outputs_.at(0).size());
  if (Status s = stream.copy_d2h(image, outputs_[0], 0); !s.ok()) return s;
  if (Status s = stream.synchronize(); !s.ok()) return s;
  return image;
}

namespace {

// Adds each model the device can run to the load; one it cannot is listed as skipped.
Status prepare_models(const Device& device, std::span<const model::Graph> models, uint64_t seed,
                      Load& load) {
  for (const model::Graph& graph : models) {
    auto prepared = LoadModel::prepare(device, graph, seed);
    if (prepared) {
      load.models.push_back(std::move(*prepared));
    } else if (prepared.status().code() == StatusCode::kUnimplemented) {
      load.skipped.push_back(fmt::format("model:{}: {}", graph.name, prepared.status().message()));
    } else {
      return Status(prepared.status().code(),
                    fmt::format("model:{}: {}", graph.name, prepared.status().message()));
    }
  }
  return Status::Ok();
}

}  // namespace

Expected<Load> prepare_load(const Device& device, const std::vector<perf::PerfCase>& cases,
                            std::span<const model::Graph> models, uint32_t stream_count,
                            uint64_t seed) {
  Load load;
  for (uint32_t s = 0; s < stream_count; ++s) {
    auto stream = device.create_stream();
    if (!stream) return stream.status();
    load.streams.push_back(std::move(*stream));
  }
  for (const perf::PerfCase& pc : cases) {
    auto support = device.op_support(pc.call);
    if (!support) return support.status();
    if (!support->supported) {
      load.skipped.push_back(fmt::format("{}: {}", pc.id, support->reason));
      continue;
    }
    LoadCase c{pc.id,
               pc.call,
               conformance::generate_inputs(pc.call, conformance::InputTier::kStatistical,
                                            seed + load.cases.size()),
               {}};
    for (uint32_t s = 0; s < stream_count; ++s) {
      auto slot = LoadSlot::prepare(device, load.streams[s], s, c.call, c.input_images);
      if (!slot) {
        return Status(slot.status().code(),
                      fmt::format("{}: preparing its buffers: {}", pc.id, slot.status().message()));
      }
      c.slots.push_back(std::move(*slot));
    }
    load.cases.push_back(std::move(c));
  }
  if (Status s = prepare_models(device, models, seed, load); !s.ok()) return s;
  if (load.cases.empty() && load.models.empty()) {
    return Status(StatusCode::kUnsupported, "the device supports none of the load's cases");
  }
  return load;
}

Expected<conformance::OutputCheck> check_case(const Load& load, const LoadCase& c,
                                              std::size_t slot) {
  const LoadSlot& s = c.slots.at(slot);
  auto image = s.read_output(load.streams.at(s.stream_index()));
  if (!image) return image.status();
  std::vector<std::span<const std::byte>> inputs(c.input_images.begin(), c.input_images.end());
  return conformance::check_dense_output(c.call, std::move(inputs), 0, *image);
}

}  // namespace hwcert::stability
