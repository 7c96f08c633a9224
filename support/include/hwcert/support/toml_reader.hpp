// Checked reading of TOML files: syntax errors and wrong fields are reported as
// "file:line:column: message" (toml++ keeps the source region of every node).
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hwcert/support/error.hpp"

namespace hwcert::support {

// Parses `text`; a syntax error throws ParseError at its position in `source`.
toml::table parse_toml(std::string_view text, std::string_view source);
// Reads and parses `file` (support::Error when it cannot be read).
toml::table read_toml_file(const std::filesystem::path& file);
// Where `region` begins in `source`.
SourcePosition position_of(std::string_view source, const toml::source_region& region);

// Typed access to the fields of one parsed document. `where` in each accessor names the
// table for messages ("the profile", "[memory]", "[[peaks]]"); messages name the key and
// what was expected: "'size' in [memory] must be an integer", "[memory] needs the integer
// key 'size'". A reader either stops at the first problem (throws ParseError) or collects
// every problem (errors()) and returns nothing for the field at fault.
class TomlReader {
 public:
  enum class OnError { kThrow, kCollect };
  // A string list element and where it stands, for checks made after reading.
  struct Item {
    std::string value;
    toml::source_region where;
  };

  explicit TomlReader(std::string source, OnError on_error = OnError::kThrow);

  const std::string& source() const { return source_; }
  SourcePosition position(const toml::source_region& region) const;

  // Reports a problem at `region` (throws in kThrow mode).
  void error(const toml::source_region& region, std::string message);
  void error(const toml::node& node, std::string message) { error(node.source(), message); }
  // Throws ParseError at `region` whatever the mode: for problems reading cannot go past.
  [[noreturn]] void fail(const toml::source_region& region, std::string message) const;
  [[noreturn]] void fail(const toml::node& node, std::string message) const {
    fail(node.source(), std::move(message));
  }
  bool failed() const { return !errors_.empty(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  std::vector<Diagnostic> take_errors() { return std::move(errors_); }

  // Reports every key of `table` that is not in `allowed`.
  void allow_keys(const toml::table& table, std::string_view where,
                  std::initializer_list<std::string_view> allowed);

  std::optional<std::string> string(const toml::table& t, std::string_view key,
                                    std::string_view where, bool required);
  // An integer or a floating-point value.
  std::optional<double> number(const toml::table& t, std::string_view key, std::string_view where,
                               bool required);
  std::optional<int64_t> integer(const toml::table& t, std::string_view key, std::string_view where,
                                 bool required);
  std::optional<bool> boolean(const toml::table& t, std::string_view key, std::string_view where,
                              bool required = false);
  std::optional<std::vector<Item>> strings(const toml::table& t, std::string_view key,
                                           std::string_view where, bool required);
  std::optional<std::vector<double>> numbers(const toml::table& t, std::string_view key,
                                             std::string_view where, bool required);
  const toml::table* table(const toml::table& t, std::string_view key, std::string_view where,
                           bool required);
  // An array of tables ([[key]]); absent is an empty list.
  std::vector<const toml::table*> tables(const toml::table& t, std::string_view key,
                                         std::string_view where);

 private:
  // The node under `key`, or nullptr (and a "needs the <kind> key" error when required).
  const toml::node* find(const toml::table& t, std::string_view key, std::string_view where,
                         std::string_view kind, bool required);
  // The value under `key` that `convert` reads from its node (nullopt: not a `kind`, reported
  // as "must be <expected>").
  template <typename T, typename Convert>
  std::optional<T> scalar(const toml::table& t, std::string_view key, std::string_view where,
                          bool required, std::string_view kind, std::string_view expected,
                          Convert convert);
  // A list whose elements `convert` turns into T (nullopt: not an element of that kind).
  template <typename T, typename Convert>
  std::optional<std::vector<T>> list(const toml::table& t, std::string_view key,
                                     std::string_view where, bool required,
                                     std::string_view elements, Convert convert);

  std::string source_;
  OnError on_error_;
  std::vector<Diagnostic> errors_;
};

}  // namespace hwcert::support
