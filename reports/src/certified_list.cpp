#include "certified_list.hpp"

#include <fmt/format.h>

#include "hwcert/reports/escape.hpp"

namespace hwcert::reports::detail {
namespace {

// The bundle hash as the table shows it: enough digits to find it, the rest on hover (HTML).
std::string short_hash(const std::string& sha256) {
  return sha256.substr(0, 16);
}

}  // namespace

std::string certified_list_markdown(const std::vector<results::CertifiedEntry>& entries) {
  if (entries.empty()) return "";
  std::string md = fmt::format("\n## Certified list ({})\n\n", entries.size());
  md += "| # | device | plugin | target | levels | date | bundle SHA-256 |\n"
        "|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < entries.size(); ++i) {
    const results::CertifiedEntry& e = entries[i];
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", i + 1, markdown_escape(e.device),
                      markdown_escape(e.plugin + " " + e.plugin_version), markdown_escape(e.target),
                      markdown_escape(fmt::format("{}", fmt::join(e.levels, ", "))),
                      markdown_escape(e.date), markdown_code(short_hash(e.bundle_sha256)));
  }
  return md;
}

std::string certified_list_html(const std::vector<results::CertifiedEntry>& entries) {
  if (entries.empty()) return "";
  std::string h = fmt::format(
      "<h2 id=\"certified-list\">Certified list ({})</h2>\n<table>\n<tr><th>#</th><th>device</th>"
      "<th>plugin</th><th>target</th><th>levels</th><th>date</th><th>bundle SHA-256</th></tr>\n",
      entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const results::CertifiedEntry& e = entries[i];
    h += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td class=\"pass\">{}</td>"
        "<td>{}</td><td><code title=\"{}\">{}</code></td></tr>\n",
        i + 1, html_escape(e.device), html_escape(e.plugin), html_escape(e.plugin_version),
        html_escape(e.target), html_escape(fmt::format("{}", fmt::join(e.levels, ", "))),
        html_escape(e.date), html_escape(e.bundle_sha256),
        html_escape(short_hash(e.bundle_sha256)));
  }
  return h + "</table>\n";
}

}  // namespace hwcert::reports::detail
