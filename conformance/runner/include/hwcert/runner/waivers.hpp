// Waivers: known failures of one plugin, listed in a TOML file.
//
//   [[waiver]]
//   case = "softmax.bf16_*"            # glob over case ids (required)
//   device = "Ascend"                   # substring of the device name (optional)
//   plugin_version = ">=1.0,<2.0"       # comma-separated bounds, all must hold (optional)
//   category = "known-bug"              # unsupported-feature | known-bug | test-bug
//   reason = "..."                      # required
//   link = "https://..."                # optional
//   expires = 2027-01-01                # TOML date (optional)
//
// A failing case that matches a live waiver becomes `waived`; a waived case that passes
// becomes `xpass`. An expired waiver is not applied and is reported. With
// HWCERT_RUN_WAIVED=1 no waiver is applied: every case reports its true status (the waivers
// that would have matched are still recorded).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"
#include "hwcert/support/timestamp.hpp"

namespace hwcert::runner {

// ">=1.0,<2.0": each bound is an operator (>=, >, <=, <, ==, =) and a dotted version.
// Numeric components compare numerically; missing components count as 0.
class VersionRange {
 public:
  static Expected<VersionRange> parse(std::string_view text);
  bool contains(std::string_view version) const;
  const std::string& text() const { return text_; }

 private:
  struct Bound {
    std::string op;
    std::vector<long> version;
  };
  std::string text_;
  std::vector<Bound> bounds_;
};

struct Waiver {
  std::string case_pattern;
  std::string device;  // substring; empty matches every device
  std::optional<VersionRange> plugin_version;
  std::string category;
  std::string reason;
  std::string link;
  std::optional<support::UtcDate> expires;
  std::string origin;  // "file:line" of its [[waiver]] table

  bool expired(const support::UtcDate& today) const { return expires && *expires < today; }
  // Pattern, device and version match (expiry not considered).
  bool matches(std::string_view case_id, std::string_view device_name,
               std::string_view plugin_version) const;
};

// Errors: INVALID_ARGUMENT "file:line:column: what is wrong".
Expected<std::vector<Waiver>> load_waivers(const std::filesystem::path& file);
Expected<std::vector<Waiver>> parse_waivers(std::string_view text, const std::string& source_name);

// The outcome of applying waivers to one result.
struct WaiverDecision {
  const Waiver* waiver = nullptr;   // the live waiver applied (or that would be, if run_waived)
  const Waiver* expired = nullptr;  // an expired waiver that matched (not applied)
};

class WaiverSet {
 public:
  WaiverSet() = default;
  WaiverSet(std::vector<Waiver> waivers, support::UtcDate today, bool run_waived)
      : waivers_(std::move(waivers)), today_(today), run_waived_(run_waived) {}

  // Rewrites `result` (fail-like -> waived, pass -> xpass) unless run_waived. Records use.
  WaiverDecision apply(conformance::CaseResult& result, std::string_view device_name,
                       std::string_view plugin_version);
  // Every waiver that matched at least one case, in the result model's shape (pattern,
  // device, plugin_versions, category, reason, link, expires, expired, cases).
  nlohmann::json used_json() const;
  bool empty() const { return waivers_.empty(); }

 private:
  std::vector<Waiver> waivers_;
  std::vector<std::vector<std::string>> covered_;  // per waiver: case ids it matched
  support::UtcDate today_;
  bool run_waived_ = false;
};

}  // namespace hwcert::runner
