// Initializers read from .safetensors files: values as stored (rounded to the tensor's
// dtype), and every problem of the file or the declaration reported at the TOML value.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/parse_graph.hpp"
#include "hwcert/model/safetensors.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model {
namespace {

// 8-byte little-endian header length, the header, the data.
std::string safetensors_bytes(const std::string& header, const std::string& data) {
  std::string bytes(8, '\0');
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<char>(n >> (8 * i));
  return bytes + header + data;
}

std::string f32_data(const std::vector<float>& values) {
  std::string data(values.size() * 4, '\0');
  std::memcpy(data.data(), values.data(), data.size());
  return data;
}

class SafetensorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("hwcert_safetensors_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    for (int i = 0; i < 12; ++i) w_.push_back(0.25f * static_cast<float>(i) - 1.0f);
    write("w.safetensors", safetensors_bytes(good_header_, f32_data(w_)));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }

  // w [4, 3] read from `file` (tensor `tensor`; line 9 is `extra`), then x [batch, 4] @ w.
  static std::string graph(const std::string& file = "w.safetensors",
                           const std::string& tensor = "w", const std::string& shape = "[4, 3]",
                           const std::string& extra = "") {
    return "name = \"g\"\noutputs = [\"y\"]\n[[initializer]]\nname = \"w\"\n"  // 1-4
           "shape = " +
           shape +
           "\n"                        // 5
           "init = \"safetensors\"\n"  // 6
           "file = \"" +
           file +
           "\"\n"  // 7
           "tensor = \"" +
           tensor + "\"\n" +  // 8
           extra +
           "\n"  // 9
           "[[input]]\nname = \"x\"\nshape = [\"batch\", 4]\n"
           "[[node]]\nop = \"matmul\"\ninputs = [\"x\", \"w\"]\noutputs = [\"y\"]\n";
  }

  std::string first_error(const std::string& text) const {
    ParseOutcome outcome = parse_graph(text, "g.toml", dir_);
    EXPECT_FALSE(outcome.graph.has_value());
    return outcome.errors.empty() ? "" : outcome.errors.front().to_string();
  }

  std::filesystem::path dir_;
  std::vector<float> w_;
  std::string good_header_ =
      R"({"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]}})";
};

TEST_F(SafetensorsTest, ValuesAreTheFilesRoundedToTheComputeDtype) {
  ParseOutcome outcome = parse_graph(graph(), "g.toml", dir_);
  ASSERT_TRUE(outcome.graph) << outcome.errors.front().to_string();
  for (DType dtype : {DType::kF32, DType::kBF16}) {
    auto bound = bind_graph(*outcome.graph, 2, dtype);
    ASSERT_TRUE(std::holds_alternative<BoundGraph>(bound));
    const BoundGraph& b = std::get<BoundGraph>(bound);
    auto images = make_source_images(b, 7);
    ASSERT_TRUE(images.ok()) << images.status().to_string();
    const auto w = static_cast<std::size_t>(b.find_tensor("w"));
    const std::vector<double> values = decode_image(dtype, (*images)[w]);
    ASSERT_EQ(values.size(), w_.size());
    for (std::size_t i = 0; i < w_.size(); ++i) EXPECT_EQ(values[i], w_[i]);  // all exact in bf16
  }
}

TEST_F(SafetensorsTest, MalformedFilesAreReportedAtTheFileValue) {
  write("short.safetensors", "abc");
  EXPECT_EQ(first_error(graph("short.safetensors")),
            "g.toml:7:8: " + (dir_ / "short.safetensors").string() +
                ": 3 bytes: shorter than the 8-byte header length");
  write("long.safetensors", safetensors_bytes(good_header_, "").substr(0, 40));
  const std::string entry = R"({"w":{"dtype":"F32","shape":[4,3],"data_offsets":)";
  const struct {
    std::string header, expected;
  } malformed[] = {
      {"{\"w\": [", "the header is not valid JSON"},
      {entry + "[0,44]}}", "tensor 'w': 48 bytes for F32 [4, 3] but data_offsets span 44"},
      {entry + "[8,56]}}", "tensor 'w': data_offsets [8, 56] outside the 48 data bytes"},
      {R"({"w":{"dtype":"F33","shape":[4,3],"data_offsets":[0,48]}})", "unknown dtype \"F33\""},
  };
  for (const auto& m : malformed) {
    write("bad.safetensors", safetensors_bytes(m.header, f32_data(w_)));
    const std::string error = first_error(graph("bad.safetensors"));
    EXPECT_EQ(error.rfind("g.toml:7:8: ", 0), 0u) << error;
    EXPECT_NE(error.find(m.expected), std::string::npos) << error;
  }
  EXPECT_NE(
      first_error(graph("long.safetensors")).find("header length 88 exceeds the file (40 bytes)"),
      std::string::npos);
  EXPECT_EQ(first_error(graph("missing.safetensors")).rfind("g.toml:7:8: ", 0), 0u);
}

TEST_F(SafetensorsTest, DeclarationsThatDoNotMatchAreReportedAtTheirValue) {
  EXPECT_EQ(
      first_error(graph("w.safetensors", "v")),
      "g.toml:8:10: " + (dir_ / "w.safetensors").string() + " has no tensor 'v' (it holds w)");
  EXPECT_EQ(first_error(graph("w.safetensors", "w", "[3, 4]")),
            "g.toml:5:9: 'w' is declared [3, 4] but tensor 'w' of " +
                (dir_ / "w.safetensors").string() + " is [4, 3]");
  EXPECT_EQ(first_error(graph("w.safetensors", "w", "[4, 3]", "dtype = \"f16\"")),
            "g.toml:9:9: 'w' is declared f16 but tensor 'w' of " +
                (dir_ / "w.safetensors").string() + " is f32");
  write("ints.safetensors",
        safetensors_bytes(R"({"w":{"dtype":"I32","shape":[4,3],"data_offsets":[0,48]}})",
                          f32_data(w_)));
  EXPECT_NE(first_error(graph("ints.safetensors")).find("needs a float tensor"), std::string::npos);
}

TEST(SafetensorsHeader, ParsesEntriesAndSkipsMetadata) {
  auto header = parse_safetensors_header(
      R"({"__metadata__":{"a":"b"},"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},)"
      R"("y":{"dtype":"I64","shape":[],"data_offsets":[4,12]}})",
      12);
  ASSERT_TRUE(header.ok()) << header.status().to_string();
  ASSERT_EQ(header->tensors.size(), 2u);
  EXPECT_EQ(header->tensors.at("x").dtype, DType::kBF16);
  EXPECT_EQ(header->tensors.at("y").shape, std::vector<int64_t>{});
  EXPECT_EQ(header->tensors.at("y").begin, 4u);
  EXPECT_FALSE(parse_safetensors_header("[1]", 0).ok());
  EXPECT_FALSE(
      parse_safetensors_header(R"({"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})", 0)
          .ok());
}

}  // namespace
}  // namespace hwcert::model
