// report.html: one self-contained page. Inline CSS and SVG only: no scripts, no fonts, no
// external resources, so it can be attached to a CI run or mailed as it is.
#include <fmt/format.h>

#include <map>
#include <set>

#include "certified_list.hpp"
#include "html_sections.hpp"
#include "hwcert/reports/escape.hpp"
#include "hwcert/reports/writers.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "report_common.hpp"
#include "svg_chart.hpp"

namespace hwcert::reports {
namespace {

constexpr std::string_view kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em;color:#222;max-width:1400px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}
td small{color:#555}
.pass{background:#d9f2d9}.fail{background:#f8d0d0}.unsupported{background:#e6e6e6;color:#555}
.waived{background:#fff1c2}.xpass{background:#d6e6fa}.noresult{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px);color:#777}
.certified{background:#d9f2d9;font-weight:600}.notcertified{background:#f8d0d0}.notevaluated{color:#777}
details{margin:.3em 0;border:1px solid #ddd;padding:.3em .6em;border-radius:4px}
summary{cursor:pointer}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.chart{display:block;margin:1em 0;font-size:11px}
.chart-title{font-weight:600;font-size:13px}.bar-missing{fill:#888;font-style:italic}
.reference{stroke:#444;stroke-dasharray:4 3}
.muted{color:#666}
.required{background:#eef3fb;color:#345}.disputed{background:#fff1c2;padding:0 3px;border-radius:3px;font-size:.85em}
table.classes td{min-width:8em}
.gridline{stroke:#eee}.roof{stroke:#333;stroke-width:1.5}.roof.measured{stroke:#888;stroke-dasharray:5 3}
.roof-label,.axis-label,.grid-label{fill:#444;font-size:10px}.tile-text{font-size:11px;pointer-events:none}
)";

std::string e(std::string_view s) {
  return html_escape(s);
}

std::string level_class(const std::string& status) {
  if (status == "certified") return "certified";
  if (status == "not certified") return "notcertified";
  if (status == "no result") return "noresult";
  return "notevaluated";
}

void devices_section(const Comparison& c, std::string& h) {
  h +=
      "<h2 id=\"devices\">Devices</h2>\n<table>\n<tr><th>column</th><th>device</th><th>vendor</th>"
      "<th>driver / firmware</th><th>plugin</th><th>plugin SHA-256</th><th>target</th><th>host</th>"
      "<th>hwcert</th><th>run</th></tr>\n";
  for (const DeviceColumn& col : c.columns) {
    if (col.placeholder) {
      const bool known = c.find_class(col.target) != nullptr;
      h += fmt::format(
          "<tr><td>{}</td><td colspan=\"5\" class=\"noresult\">{}</td><td>{}</td>"
          "<td colspan=\"3\"></td></tr>\n",
          e(col.id),
          known ? "no bundle: the class's figures and requirements are under "
                  "<a href=\"#classes\">target classes</a>"
                : "no result",
          e(col.target));
      continue;
    }
    const results::SystemInfo& s = col.bundle->system;
    h += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{} {}<br><small>{}</small></td>"
        "<td><small>{}</small></td><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td><td>{}</"
        "td>"
        "</tr>\n",
        e(col.id), e(s.device.name), e(s.device.vendor), e(s.device.driver_version),
        e(s.device.firmware_version), e(s.plugin.name), e(s.plugin.version), e(s.plugin.file),
        e(s.plugin.sha256), col.target.empty() ? "—" : e(col.target), e(s.host.hostname),
        e(s.host.os), e(s.hwcert_version), e(s.created));
  }
  h += "</table>\n";
}

void certification_section(const Comparison& c, std::string& h) {
  const auto levels = detail::level_names(c);
  h += "<h2 id=\"certification\">Certification</h2>\n<table>\n<tr><th>device</th><th>target</th>";
  for (const auto& l : levels) h += fmt::format("<th>{}</th>", e(l));
  h += "</tr>\n";
  for (const DeviceColumn& col : c.columns) {
    h += fmt::format("<tr><td>{}</td><td>{}</td>", e(col.label),
                     col.target.empty() ? "—" : e(col.target));
    for (const auto& l : levels) {
      const std::string status = detail::level_status(col, l);
      const std::string text = col.placeholder ? detail::placeholder_level(c, col, l) : status;
      h += fmt::format("<td class=\"{}\">{}</td>", level_class(status), e(text));
    }
    h += "</tr>\n";
  }
  h += "</table>\n";
  // Why a level was not reached.
  for (const DeviceColumn& col : c.columns) {
    if (!col.bundle->summary) continue;
    for (const results::LevelResult& l : col.bundle->summary->levels) {
      const bool floor_notes = std::any_of(l.floors.begin(), l.floors.end(),
                                           [](const results::FloorResult& f) { return !f.met; });
      if (l.status == "certified" && !floor_notes) continue;
      h += fmt::format(
          "<details><summary>{} — {}: {}</summary>\n", e(col.label), e(l.level),
          e(l.status == "certified" ? "certified (advisory floors missed)" : "not certified"));
      auto list = [&](const char* title, const std::vector<std::string>& items) {
        if (items.empty()) return;
        h += fmt::format("<p>{} ({}):</p><ul>", title, items.size());
        for (const auto& i : items) h += fmt::format("<li>{}</li>", e(i));
        h += "</ul>\n";
      };
      list("Failing op × dtype", l.failing);
      list("No result for op × dtype", l.missing);
      list("Expected math modes not accepted", l.math_mode_gaps);
      if (!l.floors.empty()) {
        h += "<table><tr><th>perf floor</th><th>basis</th><th>required</th><th>achieved</th>"
             "<th>case</th><th>result</th></tr>\n";
        for (const results::FloorResult& f : l.floors) {
          h += fmt::format(
              "<tr class=\"{}\"><td>{} {} "
              "({})</td><td>{}</td><td>{:.0f}%</td><td>{}</td><td>{}</td>"
              "<td>{}</td></tr>\n",
              f.met ? "pass" : (f.advisory ? "waived" : "fail"), e(f.op), e(f.dtype),
              e(f.math_mode), e(f.basis), f.min_fraction * 100,
              f.achieved ? fmt::format("{:.1f}%", *f.achieved * 100) : "not measured", e(f.case_id),
              f.met ? "met" : (f.advisory ? "missed (advisory)" : "missed"));
        }
        h += "</table>\n";
      }
      h += "</details>\n";
    }
  }
}

void matrix_section(const Comparison& c, std::string& h) {
  h += "<h2 id=\"conformance\">Conformance: op × dtype</h2>\n"
       "<p class=\"muted\">Worst status of the cases in each cell, with their count; the largest "
       "error among cases that ran; math modes used. Heat maps: green pass, red failure, grey "
       "unsupported, yellow waived, blue xpass, white no result (pale red where the device's "
       "class requires it).</p>\n";
  detail::heat_maps(c, h);
  h += "<details><summary>Every cell: the op × dtype table</summary>\n<table>\n<tr><th>op</th>"
       "<th>dtype</th>";
  for (const DeviceColumn& col : c.columns) h += fmt::format("<th>{}</th>", e(col.label));
  h += "</tr>\n";
  for (const Row& row : c.rows) {
    h += fmt::format("<tr><td>{}</td><td>{}</td>", e(row.op), e(row.dtype));
    for (const Cell& cell : row.cells) {
      if (!cell.present) {
        const DeviceColumn& col = c.columns[static_cast<size_t>(&cell - row.cells.data())];
        h += col.placeholder ? detail::placeholder_cell(c, col, row.op, row.dtype)
                             : "<td class=\"noresult\">no result</td>";
        continue;
      }
      std::string extra = detail::cell_error_text(cell);
      if (!cell.math_modes.empty() &&
          !(cell.math_modes.size() == 1 && cell.math_modes[0] == "strict")) {
        extra += (extra.empty() ? "" : "; ") +
                 fmt::format("modes: {}", fmt::join(cell.math_modes, ", "));
      }
      h += fmt::format("<td class=\"{}\">{}{}</td>", detail::status_class(cell.worst),
                       e(detail::cell_status_text(cell)),
                       extra.empty() ? "" : "<br><small>" + e(extra) + "</small>");
    }
    h += "</tr>\n";
  }
  if (c.rows.empty()) h += "<tr><td colspan=\"99\">No conformance results.</td></tr>\n";
  h += "</table>\n</details>\n";
}

void perf_section(const Comparison& c, std::string& h) {
  h += "<h2 id=\"performance\">Performance</h2>\n";
  // Cases in first-seen order across devices; each device's record per case.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const results::PerfRecord*>> by_case;
  for (size_t i = 0; i < c.columns.size(); ++i) {
    for (const results::PerfRecord& r : c.columns[i].bundle->perf) {
      auto [it, inserted] = by_case.try_emplace(r.case_id, c.columns.size(), nullptr);
      if (inserted) order.push_back(r.case_id);
      it->second[i] = &r;
    }
  }
  if (order.empty()) {
    h += "<p>No performance results.</p>\n";
    return;
  }
  std::vector<std::string> series;
  for (const DeviceColumn& col : c.columns) series.push_back(col.label);
  detail::BarChart compute{
      "Achieved TFLOP/s (compute-bound cases)", "TFLOP/s", series, {}, {}, false};
  detail::BarChart memory{"Achieved GB/s (memory-bound cases)", "GB/s", series, {}, {}, false};
  detail::BarChart peak{"Fraction of each target's peak", "of peak", series, {}, 1.0, true};
  for (const std::string& id : order) {
    const auto& recs = by_case[id];
    const results::PerfRecord* any =
        *std::find_if(recs.begin(), recs.end(), [](auto* r) { return r != nullptr; });
    detail::BarGroup g{id, {}, {}};
    detail::BarGroup pg{id, {}, {}};
    for (const results::PerfRecord* r : recs) {
      if (r == nullptr) {
        g.values.push_back(std::nullopt);
        g.notes.push_back("no result");
        pg.values.push_back(std::nullopt);
        pg.notes.push_back("no result");
        continue;
      }
      if (!r->measured()) {
        g.values.push_back(std::nullopt);
        g.notes.push_back(r->status);
        pg.values.push_back(std::nullopt);
        pg.notes.push_back(r->status);
        continue;
      }
      g.values.push_back(r->compute_bound() ? r->tflops : r->gbps);
      g.notes.push_back("");
      pg.values.push_back(r->peak_fraction);
      pg.notes.push_back(r->peak_fraction ? "" : "no published peak");
    }
    (any->compute_bound() ? compute : memory).groups.push_back(g);
    peak.groups.push_back(std::move(pg));
  }
  if (!compute.groups.empty()) h += detail::render_svg(compute);
  if (!memory.groups.empty()) h += detail::render_svg(memory);
  h += detail::render_svg(peak);
  detail::roofline_section(c, h);

  h += "<details><summary>All performance "
       "numbers</summary>\n<table>\n<tr><th>device</th><th>case</th>"
       "<th>op</th><th>dtype</th><th>shape</th><th>mode</th><th>median</th><th>min</th><th>CV</th>"
       "<th>reps</th><th>TFLOP/s</th><th>GB/s</th><th>of peak</th><th>of roofline</th></tr>\n";
  for (const DeviceColumn& col : c.columns) {
    for (const results::PerfRecord& r : col.bundle->perf) {
      h += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.4g} µs</td>"
          "<td>{:.4g} "
          "µs</td><td>{:.3f}{}{}</td><td>{}</td><td>{:.4g}</td><td>{:.4g}</td><td>{}</td>"
          "<td>{}</td></tr>\n",
          e(col.label), e(r.case_id), e(r.op), e(r.dtype), e(r.shape), e(r.mode), r.median_ns / 1e3,
          r.min_ns / 1e3, r.cv, r.noisy ? " (noisy)" : "",
          r.measured() ? "" : " (" + e(r.status) + ": " + e(r.reason) + ")", r.repetitions,
          r.tflops, r.gbps, detail::percent_text(r.peak_fraction),
          detail::percent_text(r.roofline_fraction));
    }
  }
  h += "</table>\n</details>\n";
}

void failures_section(const Comparison& c, std::string& h) {
  const auto fails = detail::failures(c);
  h += fmt::format("<h2 id=\"failures\">Failures ({})</h2>\n", fails.size());
  if (fails.empty()) h += "<p>None.</p>\n";
  for (const auto& f : fails) {
    const results::CaseResult& r = *f.record;
    h += fmt::format("<details><summary><span class=\"fail\">{}</span> {} — {}</summary>\n<dl>\n",
                     e(std::string(to_string(r.status))), e(f.column->label), e(r.case_id));
    auto item = [&](const char* name, const std::string& value) {
      if (!value.empty()) h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", name, e(value));
    };
    item("message", r.message);
    item("op / dtypes / math mode", fmt::format("{} / {} / {}", r.op, r.dtypes, r.math_mode));
    if (r.status == results::CaseStatus::kFail || r.status == results::CaseStatus::kMistrusted) {
      item("errors",
           fmt::format("max abs {}, max rel {}, max ulp {}", detail::short_number(r.max_abs_error),
                       detail::short_number(r.max_rel_error),
                       detail::short_number(r.max_ulp_error)));
      item("tolerance", r.tolerance);
      if (r.worst_index >= 0) {
        item("worst element", fmt::format("index {}: expected {}, got {}", r.worst_index,
                                          r.expected_at_worst, r.actual_at_worst));
      }
      item("elements checked", fmt::format("{} of {}{}", r.checked_elements, r.total_elements,
                                           r.sampled ? " (seeded sample)" : ""));
    }
    h += "</dl>\n";
    if (!r.reproducer.empty())
      h += fmt::format("<p>Reproduce:</p><pre><code>{}</code></pre>\n", e(r.reproducer));
    h += "</details>\n";
  }
}

void waivers_section(const Comparison& c, std::string& h) {
  bool any = false;
  for (const DeviceColumn& col : c.columns) any = any || !col.bundle->waivers.empty();
  if (!any) return;
  h += "<h2 id=\"waivers\">Waivers "
       "used</h2>\n<table>\n<tr><th>device</th><th>pattern</th><th>category</th>"
       "<th>reason</th><th>link</th><th>expires</th><th>cases</th></tr>\n";
  for (const DeviceColumn& col : c.columns) {
    for (const results::WaiverRecord& w : col.bundle->waivers) {
      h += fmt::format(
          "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></"
          "tr>\n",
          w.expired ? " class=\"fail\"" : "", e(col.label), e(w.pattern), e(w.category),
          e(w.reason), e(w.link), e(w.expires), w.expired ? " (expired)" : "", w.cases.size());
    }
  }
  h += "</table>\n";
}

void catalogue_section(const Comparison& c, std::string& h) {
  h += "<h2 id=\"catalogue\">Compatibility catalogue</h2>\n"
       "<p class=\"muted\">Every device and level certified in these bundles.</p>\n";
  std::string rows;
  for (const DeviceColumn& col : c.columns) {
    const results::BundleResults& b = *col.bundle;
    if (!b.summary) continue;
    for (const results::LevelResult& l : b.summary->levels) {
      if (l.status != "certified") continue;
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} "
          "{}</td><td>{}</td><td>{}</td></tr>\n",
          e(b.system.device.name), e(b.system.device.vendor),
          e(b.summary->target_name.empty() ? b.summary->target : b.summary->target_name),
          e(l.level), e(b.summary->date), e(b.system.plugin.name), e(b.system.plugin.version),
          e(b.system.device.driver_version), e(b.system.hwcert_version));
    }
  }
  if (rows.empty()) {
    h += "<p>No device is certified in these bundles.</p>\n";
    return;
  }
  h += "<table>\n<tr><th>device</th><th>vendor</th><th>target</th><th>level</th><th>date</th>"
       "<th>plugin version</th><th>driver</th><th>hwcert version</th></tr>\n" +
       rows + "</table>\n";
}

// One block per device compared with the baseline: the counts, then the regressions and
// fixes with their reproducers, folded.
void baseline_section(const Comparison& c, std::string& h) {
  if (c.since_baseline.empty() && c.baseline_notes.empty()) return;
  h += "<h2 id=\"baseline\">Changes since the baseline</h2>\n";
  for (const std::string& note : c.baseline_notes) h += fmt::format("<p>{}</p>\n", e(note));
  for (const BaselineDiff& d : c.since_baseline) {
    h += fmt::format(
        "<p><b>{}</b> against <b>{}</b>: <span class=\"{}\">{}</span>. {} new failures, {} "
        "lost support, {} perf slower, {} fixed, {} perf faster.</p>\n",
        e(d.contender), e(d.baseline), d.regressed() ? "fail" : "pass",
        d.regressed() ? "regressed" : "no regression", d.count(CaseChangeKind::kNewFailure),
        d.count(CaseChangeKind::kNewlyUnsupported), d.perf_count(PerfVerdict::kSlower),
        d.count(CaseChangeKind::kFixed), d.perf_count(PerfVerdict::kFaster));
    if (d.cases.empty() && d.perf.empty()) continue;
    h += "<details><summary>Every change</summary>\n<table>\n<tr><th>change</th><th>case</th>"
         "<th>before</th><th>after</th><th>message</th></tr>\n";
    for (const CaseChange& ch : d.cases) {
      h += fmt::format(
          "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>"
          "</tr>\n",
          e(std::string(to_string(ch.kind))), e(ch.case_id),
          ch.before ? std::string(to_string(*ch.before)) : "—",
          ch.after ? std::string(to_string(*ch.after)) : "—", e(ch.message));
    }
    for (const PerfChange& p : d.perf) {
      if (p.verdict != PerfVerdict::kSlower && p.verdict != PerfVerdict::kFaster) continue;
      h += fmt::format(
          "<tr><td>perf {}</td><td><code>{}</code></td><td>{:.4g} µs</td>"
          "<td>{:.4g} µs</td><td>×{:.3f} (CI {}), p = {:.2g}</td></tr>\n",
          e(std::string(results::to_string(p.verdict))), e(p.case_id), p.baseline_median_ns / 1e3, p.contender_median_ns / 1e3,
          p.median_ratio, e(ratio_interval_text(p)), p.p_value);
    }
    h += "</table>\n</details>\n";
  }
}

}  // namespace

std::string report_html(const Comparison& c) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>hwcert compatibility report</title>\n<style>";
  h += kStyle;
  h += "</style>\n</head>\n<body>\n<h1>hwcert compatibility report</h1>\n";
  h += fmt::format(
      "<p class=\"muted\">Generated {} by {} from {}. "
      "<a href=\"#classes\">Target classes</a> · <a href=\"#certification\">Certification</a> · "
      "<a href=\"#conformance\">Conformance</a> · "
      "<a href=\"#performance\">Performance</a> · <a href=\"#failures\">Failures</a> · "
      "<a href=\"#catalogue\">Catalogue</a></p>\n",
      e(c.generated_at), e(c.hwcert_version), detail::column_count_text(c));
  // The first screen: the summary, then the target classes side by side.
  detail::summary_section(c, h);
  detail::classes_section(c, h);
  devices_section(c, h);
  certification_section(c, h);
  h += detail::certified_list_html(c.certified);
  baseline_section(c, h);
  matrix_section(c, h);
  perf_section(c, h);
  detail::stability_section(c, h);
  failures_section(c, h);
  waivers_section(c, h);
  catalogue_section(c, h);
  h += "</body>\n</html>\n";
  return h;
}

ReportFiles write_reports(const Comparison& c, const std::filesystem::path& dir) {
  ReportFiles files{dir / "report.json", dir / "report.md", dir / "junit.xml", dir / "report.html"};
  support::write_file_atomic(
      files.json,
      report_json(c).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  support::write_file_atomic(files.markdown, report_markdown(c));
  support::write_file_atomic(files.junit, report_junit(c));
  support::write_file_atomic(files.html, report_html(c));
  return files;
}

}  // namespace hwcert::reports
