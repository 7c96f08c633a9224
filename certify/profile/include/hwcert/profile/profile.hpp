// A target profile: one class of device (A100-class, Ascend 910B-class, a host CPU, ...)
// as described by certify/targets/<id>.toml. Plain value types; the loader validates.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/results/stability_record.hpp"

namespace hwcert::profile {

// How a published figure was obtained.
enum class FigureBasis {
  kVendor,      // the vendor's datasheet or product page
  kDerived,     // arithmetic from public configuration (e.g. cores x clock x MACs x 2)
  kThirdParty,  // a figure published by someone other than the vendor
  kMeasured,    // a public measurement
};

// A number with its public source. A disputed figure keeps the value the profile uses
// in `value` and every other published value in `alternatives`.
struct SourcedFigure {
  double value = 0;
  std::string source;
  FigureBasis basis = FigureBasis::kVendor;
  bool disputed = false;
  std::vector<double> alternatives;
  std::string note;
};

// Dense peak throughput for one dtype computed in one math mode (TFLOP/s, or TOP/s for
// integer dtypes).
struct Peak {
  std::string dtype;                 // "f16", "i8", ...
  std::string math_mode = "strict";  // "strict", "tf32", "hf32", ...
  SourcedFigure tflops;
};

struct Memory {
  std::optional<uint64_t> size_bytes;
  std::string type;  // "HBM2e", "LPDDR5", ...
  std::string size_source;
  std::optional<SourcedFigure> bandwidth_gbps;  // GB/s (10^9 bytes per second)
};

// One op x dtype a certification level requires to pass.
struct Requirement {
  std::string op;
  std::string dtype;
  friend bool operator==(const Requirement&, const Requirement&) = default;
  friend auto operator<=>(const Requirement&, const Requirement&) = default;
};

struct Level {
  std::string name;  // "core", "full"
  std::string description;
  std::string extends;                    // name of the level this one includes, or ""
  std::vector<Requirement> requirements;  // sorted, unique, includes the extended level's
};

// What a floor is a fraction of.
enum class FloorBasis {
  kPeak,      // the profile's published peak (TFLOP/s for compute ops, bandwidth otherwise)
  kRoofline,  // the device's own measured roofline (copy bandwidth, matmul rate)
};

// The best perf case matching must reach min_fraction. A case matches on op and dtype, and
// on its id when `case_pattern` names cases ("matmul_tf32/f32/*"; perfsuite ids are
// "<name>/<dtype>/<shape>"), else on math_mode.
struct PerfFloor {
  std::string op;
  std::string dtype;
  std::string math_mode = "strict";
  std::string case_pattern = "*";  // gtest-style glob over perf case ids
  FloorBasis basis = FloorBasis::kPeak;
  double min_fraction = 0;
  std::string level = "full";  // the lowest level the floor applies to
  bool advisory = false;       // reported, never blocks (the peak it uses is disputed)
  std::string note;
};

// Math modes the class is expected to accept when asked, and the silent behaviours that
// certification must fail (DESIGN §3, TARGETS.md "Precision behaviour").
struct MathModes {
  std::map<std::string, std::vector<std::string>> expected;  // op -> modes
  std::vector<std::string> forbidden_silent;                 // "f32_as_f16", "cpu_fallback", ...
};

struct TargetProfile {
  int schema_version = 1;
  std::string id;  // file stem: "a100"
  std::string name;
  std::string vendor;
  std::string device_class;                  // "gpu", "npu", "mlu", "cpu"
  std::vector<std::string> device_patterns;  // substrings of device names this class covers
  uint32_t chips_per_card = 1;               // the figures below are per card of this many chips
  std::vector<std::string> native_dtypes;
  std::vector<Peak> peaks;
  Memory memory;
  std::string overflow;  // "inf" (IEEE propagation), "saturate", or "" (not stated)
  MathModes math_modes;
  std::vector<Level> levels;  // in file order; "core" and "full" always present
  std::vector<PerfFloor> floors;
  // [stability]: how long the stability stage runs and its pass rules; defaults when absent.
  results::StabilityBounds stability;
  std::string source_file;

  const Level* find_level(std::string_view name) const;
  const Peak* find_peak(std::string_view dtype, std::string_view math_mode = "strict") const;
  bool is_native(std::string_view dtype) const;
  // The peak a perf case of this op is measured against: TFLOP/s for matmul, conv2d and
  // attention, memory bandwidth (GB/s) for every other op. Per card, or per chip
  // (card figure / chips_per_card) for a plugin that exposes each chip as a device.
  // Empty where the profile publishes no figure.
  std::optional<double> reference_peak(std::string_view op, std::string_view dtype,
                                       std::string_view math_mode = "strict",
                                       bool per_chip = false) const;
};

std::string_view to_string(FigureBasis basis);
std::optional<FigureBasis> parse_figure_basis(std::string_view name);  // "vendor", ...
std::string_view to_string(FloorBasis basis);

}  // namespace hwcert::profile
