// report.md: fits a CI job summary. Certification status first, then failures.
#include <fmt/format.h>

#include "hwcert/reports/escape.hpp"
#include "hwcert/reports/writers.hpp"
#include "certified_list.hpp"
#include "report_common.hpp"

namespace hwcert::reports {
namespace {

constexpr size_t kMaxMessage = 300;
constexpr size_t kBaselineBytes = 20000;  // per device: the whole report stays a CI summary

std::string clipped(const std::string& text) {
  if (text.size() <= kMaxMessage) return text;
  size_t cut = kMaxMessage;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole chars
  return text.substr(0, cut) + "…";
}

std::string level_cell(const DeviceColumn& col, const std::string& level) {
  if (col.placeholder) return "no result";
  const results::LevelResult* l = detail::find_level(col, level);
  if (l == nullptr) return "not evaluated";
  if (l->status == "certified") return "✅ certified";
  std::vector<std::string> why;
  if (!l->failing.empty()) why.push_back(fmt::format("{} failing", l->failing.size()));
  if (!l->missing.empty()) why.push_back(fmt::format("{} missing", l->missing.size()));
  size_t floors = 0;
  for (const auto& f : l->floors) floors += (!f.met && !f.advisory) ? 1 : 0;
  if (floors > 0) why.push_back(fmt::format("{} perf floors missed", floors));
  if (!l->math_mode_gaps.empty()) {
    why.push_back(fmt::format("{} math modes refused", l->math_mode_gaps.size()));
  }
  return fmt::format("❌ not certified ({})", fmt::join(why, ", "));
}

}  // namespace

std::string report_markdown(const Comparison& c, size_t max_failures) {
  std::string md = "# hwcert compatibility report\n\n";
  md += fmt::format("Generated {} by {} from {}.\n\n", markdown_escape(c.generated_at),
                    markdown_escape(c.hwcert_version), detail::column_count_text(c));

  const auto levels = detail::level_names(c);
  md += "| device | target |";
  for (const auto& l : levels) md += fmt::format(" {} |", markdown_escape(l));
  md += " cases | failures |\n|---|---|";
  for (size_t i = 0; i < levels.size(); ++i) md += "---|";
  md += "---|---|\n";
  for (const DeviceColumn& col : c.columns) {
    size_t failed = 0;
    for (const auto& r : col.bundle->conformance) failed += results::is_failure(r.status) ? 1 : 0;
    md += fmt::format("| {} | {} |", markdown_escape(col.label),
                      col.target.empty() ? "—" : markdown_escape(col.target));
    for (const auto& l : levels) md += fmt::format(" {} |", level_cell(col, l));
    if (col.placeholder) {
      md += " — | — |\n";
    } else {
      md += fmt::format(" {} | {} |\n", col.bundle->conformance.size(), failed);
    }
  }

  md += detail::certified_list_markdown(c.certified);

  const auto fails = detail::failures(c);
  md += fmt::format("\n## Failures ({})\n\n", fails.size());
  if (fails.empty()) md += "None.\n";
  for (size_t i = 0; i < fails.size() && i < max_failures; ++i) {
    const results::CaseResult& r = *fails[i].record;
    md += fmt::format("- **{}** {} — {}: {}\n", markdown_escape(fails[i].column->label),
                      markdown_code(r.case_id), to_string(r.status),
                      markdown_escape(clipped(r.message)));
    if (!r.reproducer.empty()) md += fmt::format("  reproduce: {}\n", markdown_code(r.reproducer));
  }
  if (fails.size() > max_failures) {
    md += fmt::format("\n…and {} more failures: see report.html or junit.xml.\n",
                      fails.size() - max_failures);
  }
  for (const std::string& note : c.baseline_notes) md += "\n" + markdown_escape(note) + "\n";
  for (const BaselineDiff& d : c.since_baseline) md += "\n" + diff_markdown(d, kBaselineBytes);
  return md;
}

}  // namespace hwcert::reports
