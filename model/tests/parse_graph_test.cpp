// The graph parser: a good graph binds; each kind of error is reported at its line and
// column.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/parse_graph.hpp"

namespace hwcert::model {
namespace {

// x [batch, 4] -> matmul w [4, 3] -> relu -> y. `extra` is appended.
std::string graph_text(const std::string& extra = "", const std::string& w_shape = "[4, 3]") {
  return "name = \"g\"\n"            // 1
         "outputs = [\"y\"]\n"       // 2
         "[[input]]\n"               // 3
         "name = \"x\"\n"            // 4
         "shape = [\"batch\", 4]\n"  // 5
         "[[initializer]]\n"         // 6
         "name = \"w\"\n"            // 7
         "shape = " +
         w_shape +
         "\n"                         // 8
         "std = \"he\"\n"             // 9
         "[[node]]\n"                 // 10
         "op = \"matmul\"\n"          // 11
         "inputs = [\"x\", \"w\"]\n"  // 12
         "outputs = [\"h\"]\n"        // 13
         "[[node]]\n"                 // 14
         "op = \"relu\"\n"            // 15
         "inputs = [\"h\"]\n"         // 16
         "outputs = [\"y\"]\n" +
         extra;  // 17
}

std::string first_error(const std::string& text) {
  ParseOutcome outcome = parse_graph(text, "g.toml", ".");
  EXPECT_FALSE(outcome.graph.has_value());
  return outcome.errors.empty() ? "" : outcome.errors.front().to_string();
}

TEST(ParseGraph, GoodGraphBindsAtAnyBatch) {
  ParseOutcome outcome = parse_graph(graph_text(), "g.toml", ".");
  ASSERT_TRUE(outcome.graph.has_value()) << outcome.errors.front().to_string();
  const Graph& graph = *outcome.graph;
  EXPECT_NEAR(graph.initializers[0].values.stddev, std::sqrt(2.0 / 4), 1e-12);
  auto bound = bind_graph(graph, 5, DType::kF16);
  ASSERT_TRUE(std::holds_alternative<BoundGraph>(bound));
  const BoundGraph& b = std::get<BoundGraph>(bound);
  const BoundTensor& y = b.tensors[static_cast<std::size_t>(b.find_tensor("y"))];
  EXPECT_EQ(y.spec.shape, (std::vector<int64_t>{5, 3}));
  EXPECT_EQ(y.spec.dtype, DType::kF16);
  EXPECT_TRUE(y.graph_output);
  EXPECT_EQ(b.tensors[static_cast<std::size_t>(b.find_tensor("h"))].last_use, 1);
}

TEST(ParseGraph, SyntaxError) {
  EXPECT_EQ(first_error("name = \n").rfind("g.toml:1:", 0), 0u) << first_error("name = \n");
}

TEST(ParseGraph, UnknownOp) {
  std::string text = graph_text();
  text.replace(text.find("\"relu\""), 6, "\"relux\"");
  EXPECT_EQ(first_error(text), "g.toml:15:6: unknown op 'relux' (not in the catalogue, opset 2)");
}

TEST(ParseGraph, UnknownTensor) {
  std::string text = graph_text();
  text.replace(text.find("[\"h\"]\noutputs = [\"y\"]"), 5, "[\"q\"]");
  EXPECT_EQ(first_error(text).rfind("g.toml:16:11: unknown tensor 'q' read by node 'relu'", 0), 0u)
      << first_error(text);
}

TEST(ParseGraph, ShapeMismatchNamesTheNode) {
  EXPECT_EQ(first_error(graph_text("", "[5, 3]")).rfind("g.toml:10:1: node 'matmul' (matmul)", 0),
            0u)
      << first_error(graph_text("", "[5, 3]"));
}

TEST(ParseGraph, DtypeRuleViolation) {
  // div takes float dtypes only.
  const std::string extra =
      "[[initializer]]\nname = \"i\"\ndtype = \"i32\"\nshape = [2]\ninit = \"constant\"\nvalue = "
      "1\n"
      "[[node]]\nop = \"div\"\ninputs = [\"i\", \"i\"]\noutputs = [\"z\"]\n";
  EXPECT_EQ(first_error(graph_text(extra)).rfind("g.toml:24:1: node 'div' (div)", 0), 0u)
      << first_error(graph_text(extra));
}

TEST(ParseGraph, TensorWrittenTwice) {
  const std::string extra = "[[node]]\nop = \"neg\"\ninputs = [\"x\"]\noutputs = [\"h\"]\n";
  EXPECT_EQ(first_error(graph_text(extra))
                .rfind("g.toml:21:12: tensor 'h' is written twice "
                       "(first written by node 'matmul' at g.toml:13:12)",
                       0),
            0u)
      << first_error(graph_text(extra));
}

TEST(ParseGraph, Cycle) {
  std::string text =
      graph_text("[[node]]\nname = \"loop\"\nop = \"neg\"\ninputs = [\"y\"]\noutputs = [\"z\"]\n");
  text.replace(text.find("[\"x\", \"w\"]"), 10, "[\"z\", \"w\"]");
  EXPECT_EQ(first_error(text).rfind("g.toml:", 0), 0u);
  EXPECT_NE(first_error(text).find("is on a cycle"), std::string::npos) << first_error(text);
}

TEST(ParseGraph, OutputMustBeWrittenByANode) {
  std::string text = graph_text();
  text.replace(text.find("outputs = [\"y\"]"), 15, "outputs = [\"w\"]");
  EXPECT_EQ(first_error(text),
            "g.toml:2:12: graph output 'w' is an input or initializer; "
            "outputs must be written by a node");
}

TEST(ParseGraph, WrongAttributeType) {
  std::string text = graph_text();
  text.replace(text.find("outputs = [\"h\"]\n"), 16,
               "outputs = [\"h\"]\nattributes = { transpose_a = 1.5 }\n");
  EXPECT_EQ(first_error(text),
            "g.toml:14:30: attribute 'transpose_a' of matmul must be of type int");
}

TEST(ParseGraph, EveryErrorOfAFileIsReported) {
  std::string text = graph_text("bogus = 1\n");
  text.replace(text.find("\"relu\""), 6, "\"relux\"");
  ParseOutcome outcome = parse_graph(text, "g.toml", ".");
  EXPECT_EQ(outcome.errors.size(), 2u);
}

}  // namespace
}  // namespace hwcert::model
