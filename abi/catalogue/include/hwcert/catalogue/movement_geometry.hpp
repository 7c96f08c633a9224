// Parameters of the opset-2 data-movement ops that take more than a shape rule (slice, split,
// pad, resize), normalised once: shape inference, the oracle and the tolerance model read
// them from here. Each function checks the attributes against the input and returns
// INVALID_ARGUMENT naming the op and the rule broken.
#pragma once

#include <cstdint>
#include <vector>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::catalogue {

// One input axis of a slice: output element i reads input element start + i * step.
struct SliceAxis {
  int64_t start = 0;
  int64_t step = 1;
  int64_t count = 0;  // output extent
};
// One entry per input axis; axes the call does not name keep start 0, step 1, the whole
// extent. ONNX Slice: negative starts/ends add the extent, then starts clamp to [0, dim]
// (step > 0) or [0, dim - 1] (step < 0) and ends to [0, dim] or [-1, dim - 1].
Expected<std::vector<SliceAxis>> slice_geometry(const OpCall& call);

struct SplitGeometry {
  int64_t axis = 0;            // normalised
  std::vector<int64_t> sizes;  // extent of each output along axis
};
Expected<SplitGeometry> split_geometry(const OpCall& call);

enum class PadMode { kConstant, kReflect, kEdge };
struct PadGeometry {
  std::vector<int64_t> begin, end;  // per axis
  PadMode mode = PadMode::kConstant;
  double value = 0;  // constant mode
};
Expected<PadGeometry> pad_geometry(const OpCall& call);

// resize of an NCHW input to [N, C, out_h, out_w].
struct ResizeGeometry {
  int64_t out_h = 1, out_w = 1;
  bool bilinear = false;
};
Expected<ResizeGeometry> resize_geometry(const OpCall& call);

}  // namespace hwcert::catalogue
