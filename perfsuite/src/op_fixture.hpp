// Device buffers holding random inputs, outputs and workspace for one op call, and the
// event-timed launch of that call. Internal to perfsuite.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "benchmark_runner.hpp"
#include "hwcert/loader/plugin.hpp"

namespace hwcert::perf {

class OpFixture {
 public:
  // Allocates and uploads; the stream is synchronized before returning.
  static Expected<std::unique_ptr<OpFixture>> prepare(const Device& device, const Stream& stream,
                                                      const OpCall& call, uint64_t seed);

  // Records start, enqueues `launches` launches back to back, records end, waits for end;
  // returns the device seconds between the events (all launches).
  Expected<double> launch_timed(const Stream& stream, const Event& start, const Event& end,
                                int64_t launches = 1) const;
  Status launch(const Stream& stream) const;

  const OpCall& call() const { return call_; }
  // The images uploaded as the inputs, in call order.
  std::vector<std::span<const std::byte>> input_images() const;
  // Output `index` as it is now on the device (the stream is synchronized).
  Expected<std::vector<std::byte>> read_output(const Stream& stream, std::size_t index) const;

 private:
  OpFixture() = default;
  OpCall call_;
  std::vector<std::vector<std::byte>> input_images_;
  std::vector<Buffer> inputs_;
  std::vector<Buffer> outputs_;
  std::optional<Buffer> workspace_;
  std::vector<const Buffer*> input_ptrs_;
  std::vector<const Buffer*> output_ptrs_;
};

// Device bytes the inputs and outputs of `call` need.
uint64_t required_device_bytes(const OpCall& call);

// Device seconds between two events (both waited for).
Expected<double> elapsed_seconds(const Event& start, const Event& end);

}  // namespace hwcert::perf
