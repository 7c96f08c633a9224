// The four report outputs of `hwcert report`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwcert/reports/comparison.hpp"

namespace hwcert::reports {

// report.json: the comparison and every bundle's full results
// (reports/schema/report.schema.json).
nlohmann::json report_json(const Comparison& comparison);

// report.md: short enough for a CI job summary: certification status per device and level,
// then failures with reproducers (at most `max_failures`, the rest counted).
std::string report_markdown(const Comparison& comparison, size_t max_failures = 50);

// junit.xml: one testcase per conformance case per device; failures carry the reproducer.
std::string report_junit(const Comparison& comparison);

// report.html: one self-contained page (inline CSS and SVG, no scripts, no network).
std::string report_html(const Comparison& comparison);

struct ReportFiles {
  std::filesystem::path json, markdown, junit, html;
};
// Writes report.json, report.md, junit.xml and report.html into `dir` (created if needed),
// each atomically. Throws std::runtime_error on I/O errors.
ReportFiles write_reports(const Comparison& comparison, const std::filesystem::path& dir);

}  // namespace hwcert::reports
