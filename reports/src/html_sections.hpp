// The sections of report.html that live outside html_writer.cpp (private to hwcert_reports).
// Each appends one section to `h`; every string from a bundle or a profile goes through
// html_escape.
#pragma once

#include <optional>
#include <string>

#include "hwcert/reports/comparison.hpp"

namespace hwcert::reports::detail {

// The CSS class of a status in report.html: "pass", "fail", "unsupported", "waived", "xpass".
std::string status_class(results::CaseStatus s);

// "45.2%", or "—" when empty.
std::string percent_text(const std::optional<double>& fraction);

// The target classes side by side: figures, requirements, floors, sources and disputes, and
// each measured device's fraction of its class's figures.
void classes_section(const Comparison& c, std::string& h);

// What a placeholder column shows for a level in the certification table: "no bundle; the class
// requires 112 op × dtype", or "no result" when the class is not known.
std::string placeholder_level(const Comparison& c, const DeviceColumn& col,
                              const std::string& level);

// What a placeholder column's matrix cell shows: the level of its class that requires the op x
// dtype ("required: core"), "not required", or "no result" when the class is not known.
std::string placeholder_cell(const Comparison& c, const DeviceColumn& col, const std::string& op,
                             const std::string& dtype);

// The one-screen summary at the top: devices x levels, failing cases, the best fractions of
// the class's figures and of the device's own roofline (html_pictures.cpp).
void summary_section(const Comparison& c, std::string& h);

// One op x dtype heat map per measured device, coloured by the worst status of each cell.
void heat_maps(const Comparison& c, std::string& h);

// A roofline chart per device with perf cases that do arithmetic.
void roofline_section(const Comparison& c, std::string& h);

// Each device's stability run: its verdict and line charts of throughput and memory over time
// (html_stability.cpp); nothing when no bundle holds one.
void stability_section(const Comparison& c, std::string& h);

// Bars of each measured device's best case against each figure of its class ("" if none).
std::string class_bars(const Comparison& c);

}  // namespace hwcert::reports::detail
