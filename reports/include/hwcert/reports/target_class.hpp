// A target class as a report shows it: one target profile's published figures, requirements and
// floors, handed to the report as plain data (the reports library reads no profile; the command
// line converts its profiles, certify/src/report_classes.cpp). And how far a measured device got
// towards each figure of its class.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/results/perf_record.hpp"

namespace hwcert::reports {

// A published number with where it comes from. A disputed figure keeps the value the profile
// uses in `value` and every other published value in `alternatives`.
struct ClassFigure {
  double value = 0;
  std::string source;
  std::string basis = "vendor";  // "vendor", "derived", "third-party", "measured"
  bool disputed = false;
  std::vector<double> alternatives;
  std::string note;
};

// Dense peak throughput for one dtype in one math mode (TFLOP/s; TOP/s for integer dtypes).
struct ClassPeak {
  std::string dtype;
  std::string math_mode = "strict";
  ClassFigure tflops;
};

struct ClassRequirement {
  std::string op;
  std::string dtype;
};

struct ClassLevel {
  std::string name;  // "core", "full"
  std::string description;
  std::string extends;                         // the level it includes, or ""
  std::vector<ClassRequirement> requirements;  // includes the extended level's
};

struct ClassFloor {
  std::string level;  // the lowest level it applies to
  std::string op;
  std::string dtype;
  std::string math_mode = "strict";
  std::string basis;  // "peak" or "roofline"
  double min_fraction = 0;
  bool advisory = false;
  std::string note;
};

struct TargetClass {
  std::string id;  // the profile id: "h100"
  std::string name;
  std::string vendor;
  std::string device_class;  // "gpu", "npu", "mlu", "cpu"
  uint32_t chips_per_card = 1;
  std::vector<std::string> native_dtypes;
  std::vector<ClassPeak> peaks;  // in profile order
  std::optional<uint64_t> memory_bytes;
  std::string memory_type;
  std::string memory_source;
  std::optional<ClassFigure> bandwidth_gbps;
  std::string overflow;                                        // "inf", "saturate" or ""
  std::map<std::string, std::vector<std::string>> math_modes;  // op -> modes it must accept
  std::vector<std::string> forbidden_silent;                   // "f32_as_f16", ...
  std::vector<ClassLevel> levels;                              // in profile order
  std::vector<ClassFloor> floors;

  // The first level (in profile order) that requires op x dtype; empty if none does.
  std::string first_level_requiring(std::string_view op, std::string_view dtype) const;
};

// One figure of a class and the best a device reached towards it.
struct ClassFraction {
  std::string figure;  // "f16 peak", "f32 tf32 peak", "memory bandwidth"
  std::string unit;    // "TFLOP/s" or "GB/s"
  double class_value = 0;
  std::optional<double> achieved;  // best measured case; empty if none
  std::string case_id;             // the case that reached it
  std::optional<double> fraction() const;
};

// Per class figure (every peak, then the bandwidth): the best measured perf case of that dtype
// and math mode (TFLOP/s of cases with flops), or the best GB/s of any case. Figures are per
// card, as the profile publishes them.
std::vector<ClassFraction> class_fractions(const TargetClass& target_class,
                                           const std::vector<results::PerfRecord>& perf);

}  // namespace hwcert::reports
