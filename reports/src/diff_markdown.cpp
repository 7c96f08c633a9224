// The Markdown of a baseline comparison, sized for a pull-request comment: a verdict line and
// a count table first, then one section per kind of change, regressions first.
#include <fmt/format.h>

#include "hwcert/reports/baseline_diff.hpp"
#include "hwcert/reports/escape.hpp"

namespace hwcert::reports {
namespace {

constexpr size_t kMaxMessage = 200;

std::string status_text(const std::optional<results::CaseStatus>& s) {
  return s ? std::string(results::to_string(*s)) : "—";
}

// A code span keeps the command copyable; a '|' would split the table cell, so such a
// command is escaped instead.
std::string reproducer_cell(const std::string& command) {
  if (command.empty()) return "";
  if (command.find('|') != std::string::npos) return markdown_escape(command);
  return markdown_code(command);
}

std::string case_row(const CaseChange& c) {
  std::string message =
      c.message.size() > kMaxMessage ? c.message.substr(0, kMaxMessage) + "..." : c.message;
  std::string row =
      fmt::format("| {} | {} → {} | {} |", markdown_escape(c.case_id), status_text(c.before),
                  status_text(c.after), markdown_escape(message));
  return row + fmt::format(" {} |\n", reproducer_cell(c.reproducer));
}

std::string perf_row(const PerfChange& p) {
  return fmt::format("| {} | {:.4g} | {:.4g} | {:.3f}× | {} | {:.2g} | {} |\n",
                     markdown_escape(p.case_id), p.baseline_median_ns / 1e3,
                     p.contender_median_ns / 1e3, p.median_ratio, ratio_interval_text(p), p.p_value,
                     markdown_escape(p.note));
}

// Appends rows while the document stays under `budget` bytes; counts the rest.
class SizedDocument {
 public:
  explicit SizedDocument(size_t budget) : budget_(budget) {}
  // A section: the heading and header only when there is a row to show.
  template <class Row, class Format>
  void section(const std::string& heading, const std::string& header, const std::vector<Row>& rows,
               Format format) {
    if (rows.empty()) return;
    text_ += fmt::format("\n### {} ({})\n\n{}", heading, rows.size(), header);
    size_t shown = 0;
    for (const Row& row : rows) {
      std::string line = format(row);
      if (text_.size() + line.size() + kReserve > budget_) break;
      text_ += line;
      ++shown;
    }
    if (shown < rows.size()) {
      text_ += fmt::format("\n…and {} more: see the JSON (`--json`).\n", rows.size() - shown);
    }
  }
  std::string& text() { return text_; }

 private:
  static constexpr size_t kReserve = 400;  // room for the remaining headings and "more" lines
  size_t budget_;
  std::string text_;
};

const std::string kCaseHeader = "| case | status | message | reproducer |\n|---|---|---|---|\n";
const std::string kPerfHeader =
    "| case | baseline µs | now µs | ratio | CI (1 - alpha) | p | note |\n"
    "|---|---|---|---|---|---|---|\n";

std::vector<CaseChange> of_kind(const BaselineDiff& d, CaseChangeKind kind) {
  std::vector<CaseChange> out;
  for (const CaseChange& c : d.cases) {
    if (c.kind == kind) out.push_back(c);
  }
  return out;
}

std::vector<PerfChange> with_verdict(const BaselineDiff& d, PerfVerdict verdict) {
  std::vector<PerfChange> out;
  for (const PerfChange& p : d.perf) {
    if (p.verdict == verdict) out.push_back(p);
  }
  return out;
}

std::string summary(const BaselineDiff& d) {
  std::string md = fmt::format(
      "## hwcert: changes since the baseline\n\n{}: **{}** against **{}** ({} cases on both "
      "sides, {} perf cases timed on both).\n\n",
      d.regressed() ? "❌ Regressed" : "✅ No regression", markdown_escape(d.contender),
      markdown_escape(d.baseline), d.cases_compared, d.perf.size());
  md +=
      "| new failures | lost support | perf slower | fixed | newly supported | new xpass | "
      "perf faster | other | added | removed |\n|---|---|---|---|---|---|---|---|---|---|\n";
  md +=
      fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                  d.count(CaseChangeKind::kNewFailure), d.count(CaseChangeKind::kNewlyUnsupported),
                  d.perf_count(PerfVerdict::kSlower), d.count(CaseChangeKind::kFixed),
                  d.count(CaseChangeKind::kNewlySupported), d.count(CaseChangeKind::kNewXPass),
                  d.perf_count(PerfVerdict::kFaster), d.count(CaseChangeKind::kOtherChange),
                  d.count(CaseChangeKind::kAdded), d.count(CaseChangeKind::kRemoved));
  return md;
}

}  // namespace

std::string diff_markdown(const BaselineDiff& d, size_t max_bytes) {
  SizedDocument doc(max_bytes);
  doc.text() = summary(d);
  const auto cases = [&](const char* heading, CaseChangeKind kind) {
    doc.section(heading, kCaseHeader, of_kind(d, kind), case_row);
  };
  cases("New failures", CaseChangeKind::kNewFailure);
  cases("Lost support (now unsupported)", CaseChangeKind::kNewlyUnsupported);
  doc.section("Perf: slower", kPerfHeader, with_verdict(d, PerfVerdict::kSlower), perf_row);
  cases("Fixed", CaseChangeKind::kFixed);
  cases("Newly supported", CaseChangeKind::kNewlySupported);
  cases("New xpass (waived, now passing: the waiver can go)", CaseChangeKind::kNewXPass);
  doc.section("Perf: faster", kPerfHeader, with_verdict(d, PerfVerdict::kFaster), perf_row);
  cases("Other status changes", CaseChangeKind::kOtherChange);
  cases("Added", CaseChangeKind::kAdded);
  cases("Removed", CaseChangeKind::kRemoved);
  return std::move(doc.text());
}

}  // namespace hwcert::reports
