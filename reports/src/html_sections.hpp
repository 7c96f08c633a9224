// The sections of report.html that live outside html_writer.cpp (private to hwcert_reports).
// Each appends one section to `h`; every string from a bundle or a profile goes through
// html_escape.
#pragma once

#include <optional>
#include <string>

#include "hwcert/reports/comparison.hpp"

namespace hwcert::reports::detail {

// "45.2%", or "—" when empty.
std::string percent_text(const std::optional<double>& fraction);

// The target classes side by side: figures, requirements, floors, sources and disputes, and
// each measured device's fraction of its class's figures.
void classes_section(const Comparison& c, std::string& h);

// What a placeholder column's matrix cell shows: the level of its class that requires the op x
// dtype ("required: core"), "not required", or "no result" when the class is not known.
std::string placeholder_cell(const Comparison& c, const DeviceColumn& col, const std::string& op,
                             const std::string& dtype);

}  // namespace hwcert::reports::detail
