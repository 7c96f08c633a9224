#include "hwcert/runner/waivers.hpp"

#include <fmt/format.h>

#include <charconv>

#include "hwcert/results/json_io.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/glob.hpp"
#include "hwcert/support/toml_reader.hpp"

namespace hwcert::runner {

using conformance::CaseStatus;

namespace {

std::optional<std::vector<long>> parse_version(std::string_view text) {
  std::vector<long> parts;
  if (text.empty()) return std::nullopt;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('.', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = text.substr(start, end - start);
    long value = 0;
    auto [ptr, error] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    if (piece.empty() || error != std::errc()) return std::nullopt;
    // A pre-release or build suffix ("1.2.3-rc1") ends the numeric part.
    parts.push_back(value);
    if (ptr != piece.data() + piece.size()) break;
    if (end == text.size()) break;
    start = end + 1;
  }
  return parts;
}

int compare_versions(const std::vector<long>& a, const std::vector<long>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const long x = i < a.size() ? a[i] : 0;
    const long y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

Expected<VersionRange> VersionRange::parse(std::string_view text) {
  VersionRange range;
  range.text_ = std::string(text);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view piece = trim(text.substr(start, end - start));
    Bound bound;
    for (std::string_view op : {">=", "<=", "==", ">", "<", "="}) {
      if (piece.starts_with(op)) {
        bound.op.assign(op.begin(), op.end());
        piece.remove_prefix(op.size());
        break;
      }
    }
    if (bound.op.empty()) bound.op = "==";
    auto version = parse_version(trim(piece));
    if (!version) {
      return Status(StatusCode::kInvalidArgument,
                    "version range '" + range.text_ +
                        "': expected bounds like '>=1.0,<2.0' (operator then dotted numbers)");
    }
    bound.version = std::move(*version);
    range.bounds_.push_back(std::move(bound));
    if (end == text.size()) break;
    start = end + 1;
  }
  return range;
}

bool VersionRange::contains(std::string_view version) const {
  const auto parsed = parse_version(version);
  if (!parsed) return false;
  for (const Bound& bound : bounds_) {
    const int c = compare_versions(*parsed, bound.version);
    const bool ok = bound.op == ">="   ? c >= 0
                    : bound.op == ">"  ? c > 0
                    : bound.op == "<=" ? c <= 0
                    : bound.op == "<"  ? c < 0
                                       : c == 0;
    if (!ok) return false;
  }
  return true;
}

bool Waiver::matches(std::string_view case_id, std::string_view device_name,
                     std::string_view version) const {
  if (!support::glob_match(case_pattern, case_id)) return false;
  if (!device.empty() && device_name.find(device) == std::string_view::npos) return false;
  if (plugin_version && !plugin_version->contains(version)) return false;
  return true;
}

namespace {

// One field of a [[waiver]] table; throws support::ParseError at the field.
void read_waiver_field(support::TomlReader& reader, const toml::table& table,
                       std::string_view field, const toml::node& value, Waiver& waiver) {
  constexpr std::string_view kWhere = "[[waiver]]";
  auto text = [&] { return reader.string(table, field, kWhere, true).value_or(""); };
  if (field == "case") {
    waiver.case_pattern = text();
  } else if (field == "device") {
    waiver.device = text();
  } else if (field == "reason") {
    waiver.reason = text();
  } else if (field == "link") {
    waiver.link = text();
  } else if (field == "category") {
    waiver.category = text();
    if (waiver.category != "unsupported-feature" && waiver.category != "known-bug" &&
        waiver.category != "test-bug") {
      reader.fail(value,
                  "category must be \"unsupported-feature\", \"known-bug\" or "
                  "\"test-bug\", not \"" +
                      waiver.category + "\"");
    }
  } else if (field == "plugin_version") {
    auto range = VersionRange::parse(text());
    if (!range.ok()) reader.fail(value, range.status().message());
    waiver.plugin_version = std::move(*range);
  } else if (field == "expires") {
    if (!value.is_date()) reader.fail(value, "'expires' must be a TOML date such as 2027-01-01");
    const toml::date date = value.as_date()->get();
    waiver.expires = support::UtcDate{date.year, date.month, date.day};
  } else {
    reader.fail(value, "unknown waiver field '" + std::string(field) + "'");
  }
}

Waiver read_waiver(support::TomlReader& reader, const toml::node& entry) {
  const toml::table* table = entry.as_table();
  if (table == nullptr) reader.fail(entry, "each waiver must be a table");
  Waiver waiver;
  waiver.origin = fmt::format("{}:{}", reader.source(), entry.source().begin.line);
  for (const auto& [key, value] : *table)
    read_waiver_field(reader, *table, key.str(), value, waiver);
  if (waiver.case_pattern.empty()) reader.fail(entry, "waiver needs a 'case' pattern");
  if (waiver.reason.empty()) reader.fail(entry, "waiver needs a 'reason'");
  if (waiver.category.empty()) reader.fail(entry, "waiver needs a 'category'");
  return waiver;
}

std::vector<Waiver> read_waivers(std::string_view text, const std::string& source) {
  const toml::table root = support::parse_toml(text, source);
  support::TomlReader reader(source);
  for (const auto& [key, node] : root) {
    if (key.str() != "waiver") {
      reader.fail(node, "unknown top-level key '" + std::string(key.str()) +
                            "' (expected [[waiver]] tables)");
    }
  }
  std::vector<Waiver> waivers;
  const toml::node* list_node = root.get("waiver");
  if (list_node == nullptr) return waivers;
  const toml::array* list = list_node->as_array();
  if (list == nullptr) reader.fail(*list_node, "'waiver' must be an array of tables ([[waiver]])");
  for (const toml::node& entry : *list) waivers.push_back(read_waiver(reader, entry));
  return waivers;
}

}  // namespace

Expected<std::vector<Waiver>> parse_waivers(std::string_view text, const std::string& source) {
  try {
    return read_waivers(text, source);
  } catch (const support::ParseError& e) {
    return Status(StatusCode::kInvalidArgument, e.what());
  }
}

Expected<std::vector<Waiver>> load_waivers(const std::filesystem::path& file) {
  std::string text;
  try {
    text = support::read_file(file);
  } catch (const support::Error& e) {
    return Status(StatusCode::kInvalidArgument, e.what());
  }
  return parse_waivers(text, file.string());
}

WaiverDecision WaiverSet::apply(conformance::CaseResult& result, std::string_view device_name,
                                std::string_view plugin_version) {
  if (covered_.size() != waivers_.size()) covered_.resize(waivers_.size());
  WaiverDecision decision;
  for (std::size_t i = 0; i < waivers_.size(); ++i) {
    const Waiver& waiver = waivers_[i];
    if (!waiver.matches(result.case_id, device_name, plugin_version)) continue;
    if (waiver.expired(today_)) {
      if (decision.expired == nullptr) {
        decision.expired = &waiver;
        covered_[i].push_back(result.case_id);
      }
      continue;
    }
    decision.waiver = &waiver;
    covered_[i].push_back(result.case_id);
    break;
  }
  if (decision.waiver == nullptr || run_waived_) return decision;
  if (result.status == CaseStatus::kPass) {
    result.status = CaseStatus::kXPass;
    result.message = "passed, but waived by " + decision.waiver->origin + " (" +
                     decision.waiver->reason + "): the waiver can be removed";
  } else if (result.status != CaseStatus::kUnsupported) {
    result.message = std::string(conformance::to_string(result.status)) + " waived by " +
                     decision.waiver->origin + " (" + decision.waiver->category + ": " +
                     decision.waiver->reason + "): " + result.message;
    result.status = CaseStatus::kWaived;
  }
  return decision;
}

nlohmann::json WaiverSet::used_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < waivers_.size() && i < covered_.size(); ++i) {
    if (covered_[i].empty()) continue;
    const Waiver& w = waivers_[i];
    const results::WaiverRecord record{w.case_pattern,
                                       w.device,
                                       w.plugin_version ? w.plugin_version->text() : "",
                                       w.category,
                                       w.reason,
                                       w.link,
                                       w.expires ? w.expires->to_string() : "",
                                       w.expired(today_),
                                       covered_[i]};
    nlohmann::json json = results::to_json(record);
    json["origin"] = w.origin;
    out.push_back(std::move(json));
  }
  return out;
}

}  // namespace hwcert::runner
