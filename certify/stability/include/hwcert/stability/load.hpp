// The stability run's load: the perf suite's op cases, each prepared on every stream with
// seeded inputs (the conformance generator's statistical tier, so the oracle can judge them),
// and whole models, each on a stream of its own (model_load.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hwcert/conformance/output_check.hpp"
#include "hwcert/loader/plugin.hpp"
#include "hwcert/model/graph.hpp"
#include "hwcert/perfsuite/suite.hpp"
#include "hwcert/stability/model_load.hpp"

namespace hwcert::stability {

// One case on one stream: its device buffers, ready to launch again and again.
class LoadSlot {
 public:
  // Allocates and uploads on `stream` (synchronized before returning).
  static Expected<LoadSlot> prepare(const Device& device, const Stream& stream,
                                    std::size_t stream_index, const OpCall& call,
                                    const std::vector<std::vector<std::byte>>& images);
  Status launch(const Stream& stream) const;
  // Downloads output 0 on `stream` (synchronized).
  Expected<std::vector<std::byte>> read_output(const Stream& stream) const;
  std::size_t stream_index() const { return stream_index_; }

 private:
  LoadSlot() = default;
  OpCall call_;
  std::vector<Buffer> inputs_;
  std::vector<Buffer> outputs_;
  std::optional<Buffer> workspace_;
  std::size_t stream_index_ = 0;
};

struct LoadCase {
  std::string id;
  OpCall call;
  std::vector<std::vector<std::byte>> input_images;  // what every slot of the case holds
  std::vector<LoadSlot> slots;                       // one per stream
};

struct Load {
  std::vector<Stream> streams;
  std::vector<LoadCase> cases;
  std::vector<LoadModel> models;
  std::vector<std::string> skipped;  // "case id: why" for what the device does not support
};

// Creates `stream_count` streams and prepares every case the device supports on each, and
// every model it can run (`models` must outlive the load). An error when a stream or buffer
// cannot be created, or when nothing is supported.
Expected<Load> prepare_load(const Device& device, const std::vector<perf::PerfCase>& cases,
                            std::span<const model::Graph> models, uint32_t stream_count,
                            uint64_t seed);

// Downloads the case's output from one of its slots and judges it against the oracle.
Expected<conformance::OutputCheck> check_case(const Load& load, const LoadCase& c,
                                              std::size_t slot);

}  // namespace hwcert::stability
