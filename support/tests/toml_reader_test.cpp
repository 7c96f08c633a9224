#include "hwcert/support/toml_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "hwcert/support/temp_dir.hpp"
#include "hwcert/support/thrown_message.hpp"

namespace hwcert::support {
namespace {

std::string toml_parse_failure(std::string_view text) {
  try {
    parse_toml(text, "doc.toml");
  } catch (const ParseError& e) {
    return e.what();
  }
  return "";
}

TEST(ParseToml, SyntaxErrorsCarryFileLineAndColumn) {
  EXPECT_EQ(parse_toml("a = 1\n", "doc.toml")["a"].value<int64_t>(), 1);
  const std::string message = toml_parse_failure("a = 1\nb = = 2\n");
  EXPECT_EQ(message.rfind("doc.toml:2:", 0), 0u) << message;
  try {
    parse_toml("a = 1\nb = = 2\n", "doc.toml");
  } catch (const ParseError& e) {
    EXPECT_EQ(e.diagnostic().where.file, "doc.toml");
    EXPECT_EQ(e.diagnostic().where.line, 2u);
    EXPECT_GT(e.diagnostic().where.column, 0u);
    EXPECT_FALSE(e.diagnostic().message.empty());
  }
}

TEST(ReadTomlFile, ReadsAndNamesTheFile) {
  TempDir dir;
  std::ofstream(dir.path() / "x.toml") << "[t]\nk = \"v\"\n";
  EXPECT_EQ(read_toml_file(dir.path() / "x.toml")["t"]["k"].value<std::string>(), "v");
  std::ofstream(dir.path() / "bad.toml") << "k = \n";
  const std::string message =
      thrown_message<ParseError>([&] { read_toml_file(dir.path() / "bad.toml"); });
  EXPECT_EQ(message.rfind((dir.path() / "bad.toml").string() + ":1:", 0), 0u) << message;
  EXPECT_THROW(read_toml_file(dir.path() / "missing.toml"), Error);
}

constexpr std::string_view kDocument = R"(name = "toy"
count = 3
ratio = 0.5
flag = true
tags = ["a", "b"]
weights = [1, 2.5]
[memory]
size = "big"
[[peaks]]
x = 1
)";

TEST(TomlReader, TypedFieldsReturnValues) {
  const toml::table root = parse_toml(kDocument, "doc.toml");
  TomlReader reader("doc.toml");
  EXPECT_EQ(reader.string(root, "name", "the file", true), "toy");
  EXPECT_EQ(reader.integer(root, "count", "the file", true), 3);
  EXPECT_EQ(reader.number(root, "count", "the file", true), 3.0);  // integers are numbers
  EXPECT_EQ(reader.number(root, "ratio", "the file", true), 0.5);
  EXPECT_EQ(reader.boolean(root, "flag", "the file"), true);
  const auto tags = reader.strings(root, "tags", "the file", true);
  ASSERT_TRUE(tags.has_value());
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[1].value, "b");
  EXPECT_EQ((*tags)[1].where.begin.line, 5u);
  EXPECT_EQ((*tags)[1].where.begin.column, 14u);
  EXPECT_EQ(reader.numbers(root, "weights", "the file", true), (std::vector<double>{1, 2.5}));
  EXPECT_NE(reader.table(root, "memory", "the file", true), nullptr);
  EXPECT_EQ(reader.tables(root, "peaks", "the file").size(), 1u);
  EXPECT_EQ(reader.string(root, "absent", "the file", false), std::nullopt);
  EXPECT_TRUE(reader.tables(root, "absent", "the file").empty());
  EXPECT_FALSE(reader.failed());
}

TEST(TomlReader, ThrowsAtTheFirstProblemWithKeyAndExpectation) {
  const toml::table root = parse_toml(kDocument, "doc.toml");
  TomlReader reader("doc.toml");
  try {
    reader.integer(*root["memory"].as_table(), "size", "[memory]", true);
    FAIL() << "expected ParseError";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "doc.toml:8:8: 'size' in [memory] must be an integer, not a string");
  }
  try {
    reader.string(root, "vendor", "the file", true);
    FAIL() << "expected ParseError";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "doc.toml:1:1: the file needs the string key 'vendor'");
  }
}

TEST(TomlReader, CollectsEveryProblemInCollectMode) {
  const toml::table root = parse_toml(kDocument, "doc.toml");
  TomlReader reader("doc.toml", TomlReader::OnError::kCollect);
  reader.allow_keys(root, "the file", {"name", "count", "ratio", "flag", "tags", "weights"});
  EXPECT_EQ(reader.string(root, "count", "the file", true), std::nullopt);
  EXPECT_EQ(reader.strings(root, "weights", "the file", true)->size(), 0u);
  EXPECT_EQ(reader.boolean(root, "ratio", "the file"), std::nullopt);
  EXPECT_EQ(reader.table(root, "tags", "the file", true), nullptr);
  EXPECT_TRUE(reader.tables(root, "name", "the file").empty());
  EXPECT_EQ(reader.numbers(root, "tags", "the file", true)->size(), 0u);
  ASSERT_TRUE(reader.failed());
  std::vector<std::string> texts;
  for (const Diagnostic& d : reader.take_errors()) texts.push_back(d.to_string());
  EXPECT_EQ(texts,
            (std::vector<std::string>{
                "doc.toml:7:2: unknown key 'memory' in the file",
                "doc.toml:9:3: unknown key 'peaks' in the file",
                "doc.toml:2:9: 'count' in the file must be a string, not an integer",
                "doc.toml:6:12: 'weights' in the file must hold strings only, not an integer",
                "doc.toml:6:15: 'weights' in the file must hold strings only, not a "
                "floating-point number",
                "doc.toml:3:9: 'ratio' in the file must be true or false, not a "
                "floating-point number",
                "doc.toml:5:8: 'tags' in the file must be a table, not an array",
                "doc.toml:1:8: 'name' in the file must be an array of tables [[name]], not "
                "a string",
                "doc.toml:5:9: 'tags' in the file must hold numbers only, not a string",
                "doc.toml:5:14: 'tags' in the file must hold numbers only, not a string",
            }));
  EXPECT_FALSE(reader.failed());
}

TEST(SourcePosition, WholeFileHasNoLineOrColumn) {
  SourcePosition position{"a.toml", 0, 0};
  EXPECT_EQ(position.to_string(), "a.toml");
  position.line = 3;
  position.column = 7;
  EXPECT_EQ(Diagnostic(position, "bad").to_string(), "a.toml:3:7: bad");
}

}  // namespace
}  // namespace hwcert::support
