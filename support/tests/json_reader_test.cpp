#include "hwcert/support/json_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "hwcert/support/temp_dir.hpp"
#include "hwcert/support/thrown_message.hpp"

namespace hwcert::support {
namespace {

Diagnostic json_parse_failure(std::string_view text) {
  try {
    parse_json(text, "doc.json");
  } catch (const ParseError& e) {
    return e.diagnostic();
  }
  return {};
}

TEST(PositionInText, CountsLinesAndColumnsFromOne) {
  EXPECT_EQ(position_in_text("abc", 0, "f").to_string(), "f:1:1");
  EXPECT_EQ(position_in_text("abc", 2, "f").to_string(), "f:1:3");
  EXPECT_EQ(position_in_text("ab\ncd\nef", 3, "f").to_string(), "f:2:1");
  EXPECT_EQ(position_in_text("ab\ncd\nef", 7, "f").to_string(), "f:3:2");
  EXPECT_EQ(position_in_text("ab\n", 99, "f").to_string(), "f:2:1");  // past the end
}

TEST(ParseJson, SyntaxErrorsCarryLineAndColumn) {
  EXPECT_EQ(parse_json(R"({"a": [1, 2]})", "doc.json")["a"][1], 2);
  const Diagnostic bad_literal = json_parse_failure("{\n  \"a\": 1,\n  \"b\": tru\n}\n");
  EXPECT_EQ(bad_literal.where.file, "doc.json");
  EXPECT_EQ(bad_literal.where.line, 3u);
  EXPECT_EQ(bad_literal.where.column, 11u);  // the newline that ended "tru"
  EXPECT_NE(bad_literal.message.find("invalid literal"), std::string::npos) << bad_literal.message;
  EXPECT_EQ(bad_literal.message.find("json.exception"), std::string::npos) << bad_literal.message;
  const Diagnostic missing_comma = json_parse_failure("[1\n 2]");
  EXPECT_EQ(missing_comma.where.to_string(), "doc.json:2:2");
  const Diagnostic truncated = json_parse_failure("{\"a\": ");
  EXPECT_EQ(truncated.where.line, 1u);
  EXPECT_EQ(truncated.where.column, 7u);  // just after the end
}

TEST(ReadJsonFile, ReadsAndNamesTheFile) {
  TempDir dir;
  std::ofstream(dir.path() / "x.json") << R"({"k": "v"})";
  EXPECT_EQ(read_json_file(dir.path() / "x.json")["k"], "v");
  std::ofstream(dir.path() / "bad.json") << "{\n\"k\" \"v\"}";
  const std::string message =
      thrown_message<ParseError>([&] { read_json_file(dir.path() / "bad.json"); });
  // nlohmann stops at the last character of the unexpected token ("v").
  EXPECT_EQ(message.rfind((dir.path() / "bad.json").string() + ":2:7: ", 0), 0u) << message;
  EXPECT_THROW(read_json_file(dir.path() / "missing.json"), Error);
}

TEST(JsonReader, TypedFieldsNameTheKeyPathAndTheExpectation) {
  const nlohmann::json doc = nlohmann::json::parse(
      R"({"name": "x", "n": 3, "r": 0.5, "ok": true, "list": [1], "obj": {"k": 1}, "nil": null})");
  const JsonReader reader("doc.json");
  EXPECT_EQ(reader.string(doc, "name", ""), "x");
  EXPECT_EQ(reader.integer(doc, "n", ""), 3);
  EXPECT_EQ(reader.number(doc, "n", ""), 3.0);
  EXPECT_EQ(reader.number(doc, "r", ""), 0.5);
  EXPECT_TRUE(reader.boolean(doc, "ok", ""));
  EXPECT_EQ(reader.array(doc, "list", "").size(), 1u);
  EXPECT_EQ(reader.integer(reader.object(doc, "obj", ""), "k", "obj"), 1);
  EXPECT_EQ(reader.optional_string(doc, "nil", ""), std::nullopt);
  EXPECT_EQ(reader.optional_string(doc, "absent", ""), std::nullopt);
  EXPECT_EQ(reader.optional_string(doc, "name", ""), "x");

  EXPECT_EQ(thrown_message<ParseError>([&] { reader.string(doc, "n", "results[3]"); }),
            "doc.json: results[3].n: must be a string, not an integer");
  EXPECT_EQ(thrown_message<ParseError>([&] { reader.integer(doc, "r", ""); }),
            "doc.json: r: must be an integer, not a floating-point number");
  EXPECT_EQ(thrown_message<ParseError>([&] { reader.boolean(doc, "missing", "device"); }),
            "doc.json: device.missing: is missing");
  EXPECT_EQ(thrown_message<ParseError>(
                [&] { reader.integer(reader.array(doc, "list", ""), "k", "list"); }),
            "doc.json: list: must be an object, not an array");
  EXPECT_EQ(thrown_message<ParseError>([&] { reader.optional_string(doc, "ok", ""); }),
            "doc.json: ok: must be a string, not a boolean");
  EXPECT_EQ(thrown_message<ParseError>([&] { reader.array(doc, "obj", ""); }),
            "doc.json: obj: must be an array, not an object");
}

}  // namespace
}  // namespace hwcert::support
