// report.html's pictures: the one-screen summary, the op x dtype heat maps, a roofline per
// device and the bars of each device against its class's figures. Drawn by svg_chart.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "html_sections.hpp"
#include "report_common.hpp"
#include "svg_chart.hpp"

namespace hwcert::reports::detail {
namespace {

constexpr std::string_view kGood = "#9fd89f", kBad = "#f0a0a0", kNeutral = "#dddddd",
                           kEmpty = "#f4f4f4", kMiddling = "#f5d76e";

std::string level_fill(const std::string& status) {
  if (status == "certified") return std::string(kGood);
  if (status == "not certified") return std::string(kBad);
  return std::string(status == "no result" ? kEmpty : kNeutral);
}

// Half the figure or more reads as good, under a fifth as poor.
Tile fraction_tile(const std::optional<double>& f, const std::string& what) {
  if (!f) return {std::string(kEmpty), "—", "no " + what};
  const std::string_view fill = *f >= 0.5 ? kGood : (*f >= 0.2 ? kMiddling : kBad);
  return {std::string(fill), percent_text(f), what};
}

// The best fraction of a class figure among `fractions` whose unit is `unit`, and its figure.
Tile best_class_tile(const std::vector<ClassFraction>& fractions, std::string_view unit) {
  const ClassFraction* best = nullptr;
  for (const ClassFraction& f : fractions) {
    if (f.unit == unit && f.fraction() && (best == nullptr || *f.fraction() > *best->fraction()))
      best = &f;
  }
  if (best == nullptr) return fraction_tile(std::nullopt, "class figure reached");
  Tile t = fraction_tile(
      best->fraction(),
      fmt::format("{} of {} ({})", percent_text(best->fraction()), best->figure, best->case_id));
  t.text += " " + best->figure.substr(0, best->figure.find(' '));
  return t;
}

Tile roofline_tile(const DeviceColumn& col) {
  std::optional<double> best;
  for (const results::PerfRecord& r : col.bundle->perf) {
    if (r.measured() && r.roofline_fraction)
      best = std::max(best.value_or(0), *r.roofline_fraction);
  }
  return fraction_tile(best, "best case against the device's own measured roofline");
}

Tile failures_tile(const DeviceColumn& col) {
  if (col.placeholder) return {std::string(kEmpty), "—", "no bundle"};
  size_t n = 0;
  for (const results::CaseResult& r : col.bundle->conformance) n += results::is_failure(r.status);
  return {std::string(n == 0 ? kGood : kBad), fmt::format("{}", n), "failing cases"};
}

std::vector<Tile> summary_row(const Comparison& c, const DeviceColumn& col,
                              const std::vector<std::string>& levels) {
  std::vector<Tile> row;
  for (const std::string& l : levels) {
    const std::string status = level_status(col, l);
    row.push_back({level_fill(status), col.placeholder ? "no bundle" : status, l + ": " + status});
  }
  row.push_back(failures_tile(col));
  const TargetClass* t = col.placeholder ? nullptr : c.find_class(col.target);
  const auto fractions = t ? class_fractions(*t, col.bundle->perf) : std::vector<ClassFraction>{};
  row.push_back(best_class_tile(fractions, "TFLOP/s"));
  row.push_back(best_class_tile(fractions, "GB/s"));
  row.push_back(col.placeholder ? Tile{std::string(kEmpty), "—", "no bundle"} : roofline_tile(col));
  return row;
}

// The heat map's colour of a cell: the colour of its status class in the tables, darker.
std::string status_fill(const Cell& cell) {
  static const std::map<std::string, std::string> kFill = {{"pass", "#7fc97f"},
                                                           {"fail", "#e05555"},
                                                           {"unsupported", "#c8c8c8"},
                                                           {"waived", "#f5d76e"},
                                                           {"xpass", "#8fb8e8"}};
  return kFill.at(status_class(cell.worst));
}

Tile heat_tile(const Comparison& c, const DeviceColumn& col, const Row& row, const Cell& cell) {
  const std::string what = row.op + " " + row.dtype + ": ";
  if (cell.present) return {status_fill(cell), "", what + cell_status_text(cell)};
  const TargetClass* t = c.find_class(col.target);
  const std::string level = t ? t->first_level_requiring(row.op, row.dtype) : "";
  if (level.empty()) return {"#ffffff", "", what + "no result"};
  return {"#f6caca", "", what + "no result, required by " + level};
}

std::vector<std::string> distinct(const std::vector<Row>& rows, std::string Row::*field) {
  std::vector<std::string> out;
  for (const Row& r : rows) {
    if (std::find(out.begin(), out.end(), r.*field) == out.end()) out.push_back(r.*field);
  }
  return out;
}

}  // namespace

std::string status_class(results::CaseStatus s) {
  if (results::is_failure(s)) return "fail";
  switch (s) {
    case results::CaseStatus::kPass:
      return "pass";
    case results::CaseStatus::kUnsupported:
      return "unsupported";
    case results::CaseStatus::kWaived:
      return "waived";
    default:
      return "xpass";
  }
}

void summary_section(const Comparison& c, std::string& h) {
  TileGrid g;
  g.title = "At a glance";
  g.column_labels = level_names(c);
  const std::vector<std::string> levels = g.column_labels;
  for (const char* label :
       {"failing cases", "of class TFLOP/s", "of class GB/s", "of own roofline"})
    g.column_labels.push_back(label);
  for (const DeviceColumn& col : c.columns) {
    g.row_labels.push_back(col.target.empty() ? col.label : col.label + " → " + col.target);
    g.tiles.push_back(summary_row(c, col, levels));
  }
  g.tile_width = 120;
  g.tile_height = 24;
  g.label_width = 340;
  g.vertical_column_labels = false;
  h += "<div id=\"summary\">" + render_svg(g) + "</div>\n";
}

void heat_maps(const Comparison& c, std::string& h) {
  const std::vector<std::string> ops = distinct(c.rows, &Row::op);
  const std::vector<std::string> dtypes = distinct(c.rows, &Row::dtype);
  for (size_t i = 0; i < c.columns.size(); ++i) {
    const DeviceColumn& col = c.columns[i];
    if (col.placeholder) continue;
    TileGrid g{"op × dtype: " + col.label, dtypes, ops, {}, 12, 12, 70, true};
    g.tiles.assign(dtypes.size(), std::vector<Tile>(ops.size(), Tile{"#ffffff", "", ""}));
    for (const Row& row : c.rows) {
      const size_t r = std::find(dtypes.begin(), dtypes.end(), row.dtype) - dtypes.begin();
      const size_t o = std::find(ops.begin(), ops.end(), row.op) - ops.begin();
      g.tiles[r][o] = heat_tile(c, col, row, row.cells[i]);
    }
    h += render_svg(g);
  }
}

void roofline_section(const Comparison& c, std::string& h) {
  std::string charts;
  for (const DeviceColumn& col : c.columns) {
    Roofline plot{"Roofline: " + col.label, {}, {}, {}};
    double best_tflops = 0, best_gbps = 0;
    for (const results::PerfRecord& r : col.bundle->perf) {
      if (!r.measured()) continue;
      best_gbps = std::max(best_gbps, r.gbps);
      if (r.flops <= 0 || r.bytes <= 0 || r.tflops <= 0) continue;
      best_tflops = std::max(best_tflops, r.tflops);
      plot.points.push_back({r.case_id,
                             r.math_mode == "strict" ? r.dtype : r.dtype + " " + r.math_mode,
                             r.flops / r.bytes, r.tflops});
    }
    if (plot.points.empty()) continue;
    if (const TargetClass* t = c.find_class(col.target)) {
      for (const ClassPeak& p : t->peaks) {
        const bool plotted =
            std::any_of(plot.points.begin(), plot.points.end(), [&](const auto& q) {
              return q.group == (p.math_mode == "strict" ? p.dtype : p.dtype + " " + p.math_mode);
            });
        if (plotted)
          plot.ceilings.push_back({fmt::format("{} peak {:g} TFLOP/s", p.dtype, p.tflops.value),
                                   p.tflops.value, false});
      }
      if (t->bandwidth_gbps)
        plot.bandwidths.push_back(
            {fmt::format("{:g} GB/s", t->bandwidth_gbps->value), t->bandwidth_gbps->value, false});
    }
    plot.ceilings.push_back(
        {fmt::format("best measured {:.3g} TFLOP/s", best_tflops), best_tflops, true});
    if (best_gbps > 0)
      plot.bandwidths.push_back(
          {fmt::format("best measured {:.3g} GB/s", best_gbps), best_gbps, true});
    charts += render_svg(plot);
  }
  if (charts.empty()) return;
  h += "<h3 id=\"roofline\">Roofline per device</h3>\n<p class=\"muted\">Each perf case with "
       "arithmetic at its intensity and rate; solid lines are the class's published figures, "
       "dashed ones the device's best measured rate and bandwidth. Cases without arithmetic "
       "(copy) are in the bandwidth bars.</p>\n" +
       charts;
}

std::string class_bars(const Comparison& c) {
  BarChart chart{"Best case as a fraction of its class's figure", "of peak", {}, {}, 1.0, true};
  std::vector<std::vector<ClassFraction>> per_series;
  for (const DeviceColumn& col : c.columns) {
    const TargetClass* t = col.placeholder ? nullptr : c.find_class(col.target);
    if (t == nullptr) continue;
    chart.series.push_back(col.label);
    per_series.push_back(class_fractions(*t, col.bundle->perf));
  }
  for (const auto& fractions : per_series) {
    for (const ClassFraction& f : fractions) {
      auto it = std::find_if(chart.groups.begin(), chart.groups.end(),
                             [&](const BarGroup& g) { return g.label == f.figure; });
      if (it == chart.groups.end()) chart.groups.push_back({f.figure, {}, {}});
    }
  }
  if (chart.groups.empty()) return "";
  for (BarGroup& g : chart.groups) {
    for (const auto& fractions : per_series) {
      auto it = std::find_if(fractions.begin(), fractions.end(),
                             [&](const ClassFraction& f) { return f.figure == g.label; });
      g.values.push_back(it == fractions.end() ? std::nullopt : it->fraction());
      g.notes.push_back(it == fractions.end() ? "not a figure of its class" : "no case");
    }
  }
  return render_svg(chart);
}

}  // namespace hwcert::reports::detail
