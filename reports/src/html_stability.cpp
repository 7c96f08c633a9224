// report.html's stability section: each device's stability run (stability.json) as a verdict
// line and two line charts over time, throughput and resident memory.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "html_sections.hpp"
#include "hwcert/reports/escape.hpp"
#include "svg_chart.hpp"

namespace hwcert::reports::detail {
namespace {

std::string figure(const std::optional<double>& value, std::string_view unit, double scale = 1) {
  return value ? fmt::format("{:.1f}{}", *value * scale, unit) : std::string("not measured");
}

std::string run_line(const DeviceColumn& col, const results::StabilityRun& run) {
  const results::StabilityTotals& t = run.totals;
  return fmt::format(
      "<p><b>{}</b>: <span class=\"{}\">{}</span> — {:.0f} s on {} streams, {} launches, {} "
      "checks, {} wrong, {} NaN, {} errors, {} device losses; throughput drift {}, resident "
      "memory growth {}{}</p>\n",
      html_escape(col.label), run.passed ? "pass" : "fail", run.passed ? "PASS" : "FAIL",
      run.wall_seconds, run.streams, t.launches, t.checks, t.wrong_results, t.nan_results,
      t.launch_errors, t.device_losses, figure(run.throughput_drift, "%", 100),
      figure(run.host_memory_growth_mib, " MiB"),
      run.failures.empty() ? ""
                           : ". " + html_escape(fmt::format("{}", fmt::join(run.failures, "; "))));
}

LineChart series_chart(const std::string& title, const std::string& unit,
                       const results::StabilityRun& run, bool memory) {
  LineChart chart{title, "seconds", unit, {{memory ? "resident" : "launches/s", {}}}};
  for (const results::StabilitySample& s : run.samples) {
    if (!memory) {
      chart.series[0].points.emplace_back(s.t_s, s.launches_per_s);
    } else if (s.host_resident_bytes) {
      chart.series[0].points.emplace_back(
          s.t_s, static_cast<double>(*s.host_resident_bytes) / (1024.0 * 1024.0));
    }
  }
  return chart;
}

}  // namespace

void stability_section(const Comparison& c, std::string& h) {
  bool any = false;
  for (const DeviceColumn& col : c.columns) any = any || col.bundle->stability.has_value();
  if (!any) return;
  h += "<h2 id=\"stability\">Stability</h2>\n";
  for (const DeviceColumn& col : c.columns) {
    if (!col.bundle->stability) continue;
    const results::StabilityRun& run = *col.bundle->stability;
    h += run_line(col, run);
    h += render_svg(series_chart(col.label + ": throughput", "launches/s", run, false));
    h += render_svg(series_chart(col.label + ": resident memory", "MiB", run, true));
  }
}

}  // namespace hwcert::reports::detail
