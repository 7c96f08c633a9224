// The perf cases a target profile's floors need (certify/targets/*.toml, [[floors]]), sized
// for the device being measured: what `hwcert certify` times so that a correct plugin on its
// own class is never failed by the shapes of a suite written for something else.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hwcert/perfsuite/results.hpp"
#include "hwcert/perfsuite/suite.hpp"

namespace hwcert::perf {

// One floor's measurement: op, dtype and math mode, and the case name its glob matches
// ("matmul_tf32" for the pattern "matmul_tf32/f32/*"; the op name when the pattern has none).
struct FloorCase {
  std::string name;
  std::string op;
  std::string dtype;
  std::string math_mode = "strict";
};

// The case name a floor's case pattern asks for: the text before its first '/', unless that
// holds a glob character (then `op`).
std::string floor_case_name(std::string_view case_pattern, std::string_view op);

// One case per floor: matmul as a square of the size class's largest size (1024 for small,
// 8192 for datacenter: "a large matmul", measured against the best rate the roofline found at
// any size, or against the published peak); every other op over one contiguous tensor of the
// roofline's copy size (64 MiB without a roofline). Floors that ask for the same case give
// one. A SuiteError names a floor no case can be built for.
std::variant<Suite, SuiteError> floor_suite(const std::vector<FloorCase>& floors,
                                            std::string_view size_class,
                                            const std::optional<Roofline>& roofline);

}  // namespace hwcert::perf
