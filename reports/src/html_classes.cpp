// report.html, "Target classes side by side": the profiles' own figures and requirements, one
// column per class, whether or not a bundle measured a device of it.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "html_sections.hpp"
#include "hwcert/reports/escape.hpp"

namespace hwcert::reports::detail {

std::string percent_text(const std::optional<double>& fraction) {
  return fraction ? fmt::format("{:.1f}%", *fraction * 100) : std::string("—");
}

namespace {

std::string e(std::string_view s) {
  return html_escape(s);
}

// "3350 GB/s", flagged when disputed (the other published values in the tooltip).
std::string figure_text(const ClassFigure& f, std::string_view unit) {
  std::string text = fmt::format("{:g} {}", f.value, e(unit));
  if (f.basis != "vendor") text += fmt::format(" <small>({})</small>", e(f.basis));
  if (f.disputed) {
    text += fmt::format(" <span class=\"disputed\" title=\"also published: {}\">disputed</span>",
                        e(fmt::format("{}", fmt::join(f.alternatives, ", "))));
  }
  return text;
}

std::string memory_text(const TargetClass& t) {
  if (!t.memory_bytes) return t.memory_type.empty() ? "—" : e(t.memory_type);
  constexpr uint64_t kGiB = uint64_t{1} << 30;
  const std::string size =
      *t.memory_bytes % kGiB == 0
          ? fmt::format("{} GiB", *t.memory_bytes / kGiB)
          : fmt::format("{:.0f} GB", static_cast<double>(*t.memory_bytes) / 1e9);
  return t.memory_type.empty() ? size : size + " " + e(t.memory_type);
}

// Every (dtype, math mode) any class publishes a peak for, in first-seen order.
std::vector<std::pair<std::string, std::string>> peak_keys(
    const std::vector<TargetClass>& classes) {
  std::vector<std::pair<std::string, std::string>> keys;
  for (const TargetClass& t : classes) {
    for (const ClassPeak& p : t.peaks) {
      std::pair<std::string, std::string> key{p.dtype, p.math_mode};
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
  }
  return keys;
}

// "61 op × dtype" and, folded, the ops required per dtype.
std::string level_cell(const ClassLevel& level) {
  std::map<std::string, std::vector<std::string>> ops_by_dtype;
  for (const ClassRequirement& r : level.requirements) ops_by_dtype[r.dtype].push_back(r.op);
  std::string cell =
      fmt::format("<details><summary>{} op × dtype</summary>", level.requirements.size());
  if (!level.description.empty()) cell += fmt::format("<p>{}</p>", e(level.description));
  for (const auto& [dtype, ops] : ops_by_dtype) {
    cell += fmt::format("<p><b>{}</b> ({}): {}</p>", e(dtype), ops.size(),
                        e(fmt::format("{}", fmt::join(ops, ", "))));
  }
  return cell + "</details>";
}

std::string floors_cell(const TargetClass& t) {
  if (t.floors.empty()) return "none";
  std::string cell;
  for (const ClassFloor& f : t.floors) {
    const std::string what = f.math_mode == "strict"
                                 ? fmt::format("{} {}", f.op, f.dtype)
                                 : fmt::format("{} {} {}", f.op, f.dtype, f.math_mode);
    cell +=
        fmt::format("{}{} ≥ {:.0f}% of {} ({}{})", cell.empty() ? "" : "<br>", e(what),
                    f.min_fraction * 100, e(f.basis), e(f.level), f.advisory ? ", advisory" : "");
  }
  return cell;
}

std::string modes_cell(const TargetClass& t) {
  std::vector<std::string> parts;
  for (const auto& [op, modes] : t.math_modes)
    parts.push_back(fmt::format("{}: {}", op, fmt::join(modes, ", ")));
  return parts.empty() ? "—" : e(fmt::format("{}", fmt::join(parts, "; ")));
}

std::string measured_cell(const Comparison& c, const TargetClass& t) {
  std::vector<std::string> labels;
  for (const DeviceColumn& col : c.columns) {
    if (!col.placeholder && col.target == t.id) labels.push_back(e(col.label));
  }
  if (labels.empty()) return "<span class=\"muted\">no bundle: the class's figures only</span>";
  return fmt::format("{}", fmt::join(labels, "<br>"));
}

// One table row: a heading, then one cell per class.
template <typename CellOf>
void class_row(const Comparison& c, std::string_view heading, std::string& h, CellOf cell_of) {
  h += fmt::format("<tr><th>{}</th>", heading);
  for (const TargetClass& t : c.target_classes) h += "<td>" + cell_of(t) + "</td>";
  h += "</tr>\n";
}

void class_table(const Comparison& c, std::string& h) {
  h += "<table class=\"classes\">\n<tr><th></th>";
  for (const TargetClass& t : c.target_classes)
    h += fmt::format("<th>{}<br><small>{}</small></th>", e(t.name), e(t.id));
  h += "</tr>\n";
  class_row(c, "vendor · class", h, [](const TargetClass& t) {
    std::string text = e(t.vendor) + " · " + e(t.device_class);
    if (t.chips_per_card > 1) text += fmt::format(" · {} chips per card", t.chips_per_card);
    return text;
  });
  class_row(c, "measured here", h, [&](const TargetClass& t) { return measured_cell(c, t); });
  class_row(c, "memory", h, memory_text);
  class_row(c, "memory bandwidth", h, [](const TargetClass& t) {
    return t.bandwidth_gbps ? figure_text(*t.bandwidth_gbps, "GB/s") : std::string("—");
  });
  for (const auto& [dtype, mode] : peak_keys(c.target_classes)) {
    const std::string heading = mode == "strict" ? fmt::format("peak {}", e(dtype))
                                                 : fmt::format("peak {} {}", e(dtype), e(mode));
    class_row(c, heading, h, [&, &dtype = dtype, &mode = mode](const TargetClass& t) {
      for (const ClassPeak& p : t.peaks) {
        if (p.dtype == dtype && p.math_mode == mode) return figure_text(p.tflops, "TFLOP/s");
      }
      return std::string("—");
    });
  }
  class_row(c, "native dtypes", h, [](const TargetClass& t) {
    return e(fmt::format("{}", fmt::join(t.native_dtypes, ", ")));
  });
  class_row(c, "math modes it must accept", h, modes_cell);
  class_row(c, "must never do silently", h, [](const TargetClass& t) {
    return t.forbidden_silent.empty() ? "—"
                                      : e(fmt::format("{}", fmt::join(t.forbidden_silent, ", ")));
  });
  class_row(c, "overflow", h,
            [](const TargetClass& t) { return t.overflow.empty() ? "—" : e(t.overflow); });
  for (const std::string level : {"core", "full"}) {
    class_row(c, "level " + level + " requires", h, [&](const TargetClass& t) {
      auto it = std::find_if(t.levels.begin(), t.levels.end(),
                             [&](const ClassLevel& l) { return l.name == level; });
      return it == t.levels.end() ? std::string("—") : level_cell(*it);
    });
  }
  class_row(c, "perf floors", h, floors_cell);
  h += "</table>\n";
}

void source_row(std::string_view target, std::string_view figure, const std::string& value,
                const ClassFigure& f, std::string& h) {
  h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                   e(target), e(figure), value, e(f.basis), e(f.source), e(f.note));
}

void sources_table(const Comparison& c, std::string& h) {
  h += "<details><summary>Sources and disputes of every figure</summary>\n<table>\n"
       "<tr><th>class</th><th>figure</th><th>value</th><th>basis</th><th>source</th>"
       "<th>note</th></tr>\n";
  for (const TargetClass& t : c.target_classes) {
    if (t.memory_bytes && !t.memory_source.empty()) {
      h += fmt::format(
          "<tr><td>{}</td><td>memory</td><td>{}</td><td></td><td>{}</td><td></td></tr>\n", e(t.id),
          memory_text(t), e(t.memory_source));
    }
    if (t.bandwidth_gbps)
      source_row(t.id, "memory bandwidth", figure_text(*t.bandwidth_gbps, "GB/s"),
                 *t.bandwidth_gbps, h);
    for (const ClassPeak& p : t.peaks) {
      source_row(t.id, fmt::format("peak {} {}", p.dtype, p.math_mode),
                 figure_text(p.tflops, "TFLOP/s"), p.tflops, h);
    }
  }
  h += "</table>\n</details>\n";
}

// Each measured device against the figures of its own class.
void fractions_table(const Comparison& c, std::string& h) {
  std::string rows;
  for (const DeviceColumn& col : c.columns) {
    const TargetClass* t = col.placeholder ? nullptr : c.find_class(col.target);
    if (t == nullptr) continue;
    const auto fractions = class_fractions(*t, col.bundle->perf);
    if (fractions.empty()) {
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td colspan=\"5\" class=\"muted\">the class publishes no "
          "peak: its floors are fractions of the device's own measured roofline</td></tr>\n",
          e(col.label), e(t->id));
    }
    for (const ClassFraction& f : fractions) {
      const std::string device =
          &f != &fractions.front()
              ? std::string()
              : fmt::format("<td rowspan=\"{}\">{}</td><td rowspan=\"{}\">{}</td>",
                            fractions.size(), e(col.label), fractions.size(), e(t->id));
      rows +=
          fmt::format("<tr>{}<td>{}</td><td>{:g} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                      device, e(f.figure), f.class_value, e(f.unit),
                      f.achieved ? fmt::format("{:.4g} {}", *f.achieved, e(f.unit)) : "no case",
                      percent_text(f.fraction()), e(f.case_id));
    }
  }
  if (rows.empty()) return;
  h += "<h3>Measured devices against their class</h3>\n<table>\n<tr><th>device</th><th>class</th>"
       "<th>figure</th><th>class figure</th><th>best measured</th><th>fraction</th><th>case</th>"
       "</tr>\n" +
       rows + "</table>\n";
}

}  // namespace

std::string placeholder_cell(const Comparison& c, const DeviceColumn& col, const std::string& op,
                             const std::string& dtype) {
  const TargetClass* t = c.find_class(col.target);
  if (t == nullptr) return "<td class=\"noresult\">no result</td>";
  const std::string level = t->first_level_requiring(op, dtype);
  if (level.empty()) return "<td class=\"muted\">not required</td>";
  return fmt::format("<td class=\"required\">required: {}</td>", e(level));
}

std::string placeholder_level(const Comparison& c, const DeviceColumn& col,
                              const std::string& level) {
  const TargetClass* t = c.find_class(col.target);
  if (t == nullptr) return "no result";
  auto it = std::find_if(t->levels.begin(), t->levels.end(),
                         [&](const ClassLevel& l) { return l.name == level; });
  if (it == t->levels.end()) return "no bundle; not a level of the class";
  return fmt::format("no bundle; the class requires {} op × dtype", it->requirements.size());
}

void classes_section(const Comparison& c, std::string& h) {
  if (c.target_classes.empty() && c.class_notes.empty()) return;
  h += "<h2 id=\"classes\">Target classes side by side</h2>\n"
       "<p class=\"muted\">What each target profile publishes and requires, whether or not a "
       "bundle measured a device of its class. Figures are per card.</p>\n";
  for (const std::string& note : c.class_notes) h += fmt::format("<p>{}</p>\n", e(note));
  if (c.target_classes.empty()) return;
  class_table(c, h);
  sources_table(c, h);
  fractions_table(c, h);
  h += class_bars(c);
}

}  // namespace hwcert::reports::detail
