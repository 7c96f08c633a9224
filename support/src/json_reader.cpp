#include "hwcert/support/json_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hwcert/support/atomic_file.hpp"

namespace hwcert::support {
namespace {

using nlohmann::json;

std::string_view kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a floating-point number";
    case json::value_t::binary:
      return "binary data";
    case json::value_t::discarded:
      break;
  }
  return "nothing";
}

// nlohmann's text without its "[json.exception.parse_error.101] parse error at ...: " prefix.
std::string parse_error_message(const json::parse_error& e) {
  std::string_view text = e.what();
  const std::size_t at = text.find("parse error");
  const std::size_t colon = at == std::string_view::npos ? at : text.find(": ", at);
  if (colon != std::string_view::npos) text.remove_prefix(colon + 2);
  return std::string(text);
}

std::string joined(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

}  // namespace

SourcePosition position_in_text(std::string_view text, std::size_t offset, std::string source) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const std::size_t newlines =
      static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  return {std::move(source), static_cast<uint32_t>(newlines + 1),
          static_cast<uint32_t>(before.size() - line_start + 1)};
}

json parse_json(std::string_view text, std::string_view source) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte counts from 1 and points at the character that failed.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    throw ParseError(position_in_text(text, offset, std::string(source)), parse_error_message(e));
  }
}

json read_json_file(const std::filesystem::path& file) {
  return parse_json(read_file(file), file.string());
}

void JsonReader::fail(std::string_view path, std::string_view message) const {
  SourcePosition whole_file{source_, 0, 0};
  throw ParseError(std::move(whole_file), fmt::format("{}: {}", path, message));
}

const json& JsonReader::member(const json& object, std::string_view key,
                               std::string_view path) const {
  if (!object.is_object()) {
    fail(path.empty() ? "the document" : path,
         fmt::format("must be an object, not {}", kind_of(object)));
  }
  const auto it = object.find(key);
  if (it == object.end()) fail(joined(path, key), "is missing");
  return *it;
}

template <typename Accepts>
const json& JsonReader::typed(const json& object, std::string_view key, std::string_view path,
                              std::string_view expected, Accepts accepts) const {
  const json& value = member(object, key, path);
  if (!accepts(value)) {
    fail(joined(path, key), fmt::format("must be {}, not {}", expected, kind_of(value)));
  }
  return value;
}

std::string JsonReader::string(const json& object, std::string_view key,
                               std::string_view path) const {
  return typed(object, key, path, "a string", [](const json& v) { return v.is_string(); })
      .get<std::string>();
}

int64_t JsonReader::integer(const json& object, std::string_view key, std::string_view path) const {
  return typed(object, key, path, "an integer", [](const json& v) { return v.is_number_integer(); })
      .get<int64_t>();
}

double JsonReader::number(const json& object, std::string_view key, std::string_view path) const {
  return typed(object, key, path, "a number", [](const json& v) { return v.is_number(); })
      .get<double>();
}

bool JsonReader::boolean(const json& object, std::string_view key, std::string_view path) const {
  return typed(object, key, path, "true or false", [](const json& v) { return v.is_boolean(); })
      .get<bool>();
}

const json& JsonReader::array(const json& object, std::string_view key,
                              std::string_view path) const {
  return typed(object, key, path, "an array", [](const json& v) { return v.is_array(); });
}

const json& JsonReader::object(const json& object, std::string_view key,
                               std::string_view path) const {
  return typed(object, key, path, "an object", [](const json& v) { return v.is_object(); });
}

std::optional<std::string> JsonReader::optional_string(const json& object, std::string_view key,
                                                       std::string_view path) const {
  if (object.is_object()) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
  }
  return string(object, key, path);
}

}  // namespace hwcert::support
