// Checked reading of JSON files: a syntax error is reported as "file:line:column: message"
// (from nlohmann's byte offset); wrong fields as "file: key.path: what was expected".
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "hwcert/support/error.hpp"

namespace hwcert::support {

// The line and column (from 1) of byte `offset` (from 0) of `text`.
SourcePosition position_in_text(std::string_view text, std::size_t offset, std::string source);

// Parses `text`; a syntax error throws ParseError at its position in `source`.
nlohmann::json parse_json(std::string_view text, std::string_view source);
// Reads and parses `file` (support::Error when it cannot be read).
nlohmann::json read_json_file(const std::filesystem::path& file);

// Typed fields of the objects of one parsed JSON document. `path` names the object for
// messages ("results[3]", "device"); a problem throws ParseError
// "file: results[3].status: must be a string, not a number".
class JsonReader {
 public:
  explicit JsonReader(std::string source) : source_(std::move(source)) {}

  // The member `key` of `object`; a missing member or a non-object is an error.
  const nlohmann::json& member(const nlohmann::json& object, std::string_view key,
                               std::string_view path) const;
  std::string string(const nlohmann::json& object, std::string_view key,
                     std::string_view path) const;
  int64_t integer(const nlohmann::json& object, std::string_view key, std::string_view path) const;
  double number(const nlohmann::json& object, std::string_view key, std::string_view path) const;
  bool boolean(const nlohmann::json& object, std::string_view key, std::string_view path) const;
  const nlohmann::json& array(const nlohmann::json& object, std::string_view key,
                              std::string_view path) const;
  const nlohmann::json& object(const nlohmann::json& object, std::string_view key,
                               std::string_view path) const;
  // Absent or null is nullopt; any other non-string is an error.
  std::optional<std::string> optional_string(const nlohmann::json& object, std::string_view key,
                                             std::string_view path) const;

  [[noreturn]] void fail(std::string_view path, std::string_view message) const;

 private:
  // `member`, checked with `accepts`; `expected` words the type for the message.
  template <typename Accepts>
  const nlohmann::json& typed(const nlohmann::json& object, std::string_view key,
                              std::string_view path, std::string_view expected,
                              Accepts accepts) const;

  std::string source_;
};

}  // namespace hwcert::support
