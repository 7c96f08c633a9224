// Checking the certified list line by line: syntax, members, canonical form, the chain.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "entry_json.hpp"
#include "hwcert/registry/registry.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/json_reader.hpp"

namespace hwcert::registry {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 9> kStringMembers = {
    "bundle_path", "bundle_sha256",  "date",          "device", "entry_hash",
    "plugin",      "plugin_version", "previous_hash", "target"};
constexpr std::array<std::string_view, 3> kHashMembers = {"bundle_sha256", "entry_hash",
                                                          "previous_hash"};

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// One line under check; every problem goes to the shared list with its position.
class LineCheck {
 public:
  LineCheck(std::string_view text, uint32_t number, const std::string& source,
            std::vector<support::Diagnostic>& problems)
      : text_(text), number_(number), source_(source), problems_(problems) {}

  std::string_view text() const { return text_; }
  uint32_t number() const { return number_; }
  bool ok() const { return ok_; }

  void fail_at(size_t column, std::string message) {
    problems_.push_back({{source_, number_, static_cast<uint32_t>(column)}, std::move(message)});
    ok_ = false;
  }
  // Where the member's name starts (its quote), or 1 when the line has no such member.
  size_t key_column(std::string_view key) const {
    const size_t at = text_.find(fmt::format("\"{}\":", key));
    return at == std::string_view::npos ? 1 : at + 1;
  }
  // Where the member's value starts.
  size_t value_column(std::string_view key) const {
    const size_t at = text_.find(fmt::format("\"{}\":", key));
    return at == std::string_view::npos ? 1 : at + key.size() + 4;
  }

 private:
  std::string_view text_;
  uint32_t number_;
  const std::string& source_;
  std::vector<support::Diagnostic>& problems_;
  bool ok_ = true;
};

std::optional<json> parse_line(LineCheck& line) {
  if (line.text().empty()) {
    line.fail_at(1, "expected an entry (a JSON object), found an empty line");
    return std::nullopt;
  }
  try {
    json parsed = support::parse_json(line.text(), "");
    if (parsed.is_object()) return parsed;
    line.fail_at(1, "expected an entry (a JSON object)");
  } catch (const support::ParseError& e) {  // positions count within the line
    line.fail_at(e.diagnostic().where.column, e.diagnostic().message);
  }
  return std::nullopt;
}

void check_members(const json& object, LineCheck& line) {
  for (std::string_view key : kStringMembers) {
    const auto found = object.find(std::string(key));
    if (found == object.end()) {
      line.fail_at(1, fmt::format("expected a member \"{}\" (a string)", key));
    } else if (!found->is_string()) {
      line.fail_at(line.value_column(key), fmt::format("expected \"{}\" to be a string", key));
    }
  }
  for (std::string_view key : kHashMembers) {
    const auto found = object.find(std::string(key));
    if (found != object.end() && found->is_string() && !is_sha256_hex(found->get<std::string>())) {
      line.fail_at(line.value_column(key),
                   fmt::format("expected \"{}\" to be 64 lowercase hex digits (SHA-256)", key));
    }
  }
  const auto seq = object.find("seq");
  if (seq == object.end() || !seq->is_number_integer()) {
    line.fail_at(line.value_column("seq"), "expected a member \"seq\" (an integer)");
  }
  const auto levels = object.find("levels");
  if (levels == object.end() || !levels->is_array() ||
      !std::all_of(levels->begin(), levels->end(), [](const json& l) { return l.is_string(); })) {
    line.fail_at(line.value_column("levels"), "expected a member \"levels\" (strings in an array)");
  }
  for (const auto& [key, value] : object.items()) {
    const bool known = key == "seq" || key == "levels" ||
                       std::find(kStringMembers.begin(), kStringMembers.end(), key) !=
                           kStringMembers.end();
    if (!known) line.fail_at(line.key_column(key), fmt::format("unexpected member \"{}\"", key));
  }
}

void check_canonical(const json& object, LineCheck& line) {
  const std::string canonical = detail::canonical_bytes(object);
  if (canonical == line.text()) return;
  const auto differ = std::mismatch(canonical.begin(), canonical.end(), line.text().begin(),
                                    line.text().end());
  line.fail_at(static_cast<size_t>(differ.second - line.text().begin()) + 1,
               "expected the entry's canonical form (members sorted by name, no spaces)");
}

ListedEntry entry_from(const json& o, uint32_t line) {
  const auto text = [&o](const char* key) { return o.at(key).get<std::string>(); };
  results::CertifiedEntry e{text("device"),        text("plugin"),
                            text("plugin_version"), text("target"),
                            o.at("levels").get<std::vector<std::string>>(),
                            text("date"),          text("bundle_sha256"),
                            text("bundle_path")};
  return {o.at("seq").get<int64_t>(), std::move(e), text("previous_hash"), text("entry_hash"),
          line};
}

// The chain: seq, the previous-hash link and the entry's own hash. `previous` is empty when
// the line before could not be read (its link is not checked then).
void check_chain(const json& object, const ListedEntry& listed,
                 const std::optional<std::string>& previous, LineCheck& line) {
  if (listed.seq != line.number()) {
    line.fail_at(line.value_column("seq"),
                 fmt::format("expected seq {}, found {}", line.number(), listed.seq));
  }
  if (previous && listed.previous_hash != *previous) {
    line.fail_at(line.value_column("previous_hash"),
                 fmt::format("expected previous_hash {} ({}): a line before this one was "
                             "changed, removed, inserted or moved",
                             *previous, line.number() == 1 ? "the genesis value"
                                                           : "the entry_hash of the line before"));
  }
  const std::string computed = detail::entry_hash_of(object);
  if (listed.entry_hash != computed) {
    line.fail_at(line.value_column("entry_hash"),
                 fmt::format("expected entry_hash {} (SHA-256 of the entry's canonical bytes): "
                             "the entry was changed after it was listed",
                             computed));
  }
}

// The stored entry_hash of a line, when it has one, for the next line's link.
std::optional<std::string> stored_entry_hash(const std::optional<json>& object) {
  if (!object) return std::nullopt;
  const auto found = object->find(std::string(detail::kEntryHashKey));
  if (found == object->end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

}  // namespace

RegistryCheck check_registry_text(std::string_view text, const std::string& source) {
  RegistryCheck check;
  std::optional<std::string> previous = std::string(kGenesisHash);
  std::map<std::string, uint32_t> listed_at;  // bundle hash -> line
  uint32_t number = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    const std::string_view line_text =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? text.size() : end + 1;
    LineCheck line(line_text, ++number, source, check.problems);
    const std::optional<json> object = parse_line(line);
    if (object) check_members(*object, line);
    if (object && line.ok()) {
      check_canonical(*object, line);
      ListedEntry listed = entry_from(*object, number);
      check_chain(*object, listed, previous, line);
      const auto [first, inserted] = listed_at.emplace(listed.entry.bundle_sha256, number);
      if (!inserted) {
        line.fail_at(line.value_column("bundle_sha256"),
                     fmt::format("expected each bundle once: this one is listed on line {}",
                                 first->second));
      }
      check.entries.push_back(std::move(listed));
    }
    if (end == std::string_view::npos) {
      line.fail_at(line_text.size() + 1, "expected a newline ending the entry: the last line is "
                                         "truncated");
    }
    previous = stored_entry_hash(object);
  }
  return check;
}

RegistryCheck check_registry(const std::filesystem::path& log) {
  return check_registry_text(support::read_file(log), log.string());
}

}  // namespace hwcert::registry
