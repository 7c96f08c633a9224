#include "op_fixture.hpp"

#include <algorithm>

#include "hwcert/perfsuite/input_data.hpp"

namespace hwcert::perf {

uint64_t required_device_bytes(const OpCall& call) {
  uint64_t total = 0;
  for (const auto& t : call.inputs()) total += t.required_bytes().value_or(0);
  for (const auto& t : call.outputs()) total += t.required_bytes().value_or(0);
  return total;
}

Expected<double> elapsed_seconds(const Event& start, const Event& end) {
  if (Status s = end.synchronize(); !s.ok()) return s;
  auto ns = Event::elapsed_ns(start, end);
  if (!ns.ok()) return ns.status();
  return static_cast<double>(*ns) * 1e-9;
}

Expected<std::unique_ptr<OpFixture>> OpFixture::prepare(const Device& device, const Stream& stream,
                                                        const OpCall& call, uint64_t seed) {
  std::unique_ptr<OpFixture> fixture(new OpFixture());
  fixture->call_ = call;
  uint64_t index = 0;
  for (const auto& spec : call.inputs()) {
    const uint64_t bytes = std::max<uint64_t>(1, spec.required_bytes().value_or(0));
    auto buffer = device.alloc(bytes);
    if (!buffer.ok()) return buffer.status();
    std::vector<std::byte> data = random_tensor_bytes(spec, seed * 1000003ULL + index++);
    if (!data.empty()) {
      if (Status s = stream.copy_h2d(*buffer, 0, data); !s.ok()) return s;
      if (Status s = stream.synchronize(); !s.ok()) return s;
    }
    fixture->input_images_.push_back(std::move(data));  // kept for judging outputs
    fixture->inputs_.push_back(std::move(buffer).value());
  }
  for (const auto& spec : call.outputs()) {
    auto buffer = device.alloc(std::max<uint64_t>(1, spec.required_bytes().value_or(0)));
    if (!buffer.ok()) return buffer.status();
    fixture->outputs_.push_back(std::move(buffer).value());
  }
  auto workspace = device.workspace_size(call);
  if (workspace.ok() && *workspace > 0) {
    auto buffer = device.alloc(*workspace);
    if (!buffer.ok()) return buffer.status();
    fixture->workspace_.emplace(std::move(buffer).value());
  }
  for (const auto& b : fixture->inputs_) fixture->input_ptrs_.push_back(&b);
  for (const auto& b : fixture->outputs_) fixture->output_ptrs_.push_back(&b);
  return fixture;
}

std::vector<std::span<const std::byte>> OpFixture::input_images() const {
  return {input_images_.begin(), input_images_.end()};
}

Expected<std::vector<std::byte>> OpFixture::read_output(const Stream& stream,
                                                        std::size_t index) const {
  std::vector<std::byte> image(call_.outputs().at(index).required_bytes().value_or(0));
  if (image.empty()) return image;
  if (Status s = stream.copy_d2h(image, outputs_.at(index), 0); !s.ok()) return s;
  if (Status s = stream.synchronize(); !s.ok()) return s;
  return image;
}

Status OpFixture::launch(const Stream& stream) const {
  return stream.launch(call_, input_ptrs_, output_ptrs_, workspace_ ? &*workspace_ : nullptr);
}

Expected<double> OpFixture::launch_timed(const Stream& stream, const Event& start, const Event& end,
                                         int64_t launches) const {
  if (Status s = stream.record(start); !s.ok()) return s;
  for (int64_t i = 0; i < launches; ++i) {
    if (Status s = launch(stream); !s.ok()) return s;
  }
  if (Status s = stream.record(end); !s.ok()) return s;
  return elapsed_seconds(start, end);
}

}  // namespace hwcert::perf
