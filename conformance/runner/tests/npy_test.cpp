#include "hwcert/runner/npy.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace hwcert::runner {
namespace {

std::span<const std::byte> bytes_of(const std::string& s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

TEST(Npy, RoundTripAndHeaderLayout) {
  NpyArray array;
  array.descr = "<f4";
  array.shape = {2, 3};
  const float values[6] = {1, 2, 3, 4, 5, 6.5f};
  array.data.resize(sizeof values);
  std::memcpy(array.data.data(), values, sizeof values);
  const std::string file = npy_serialize(array);
  EXPECT_EQ(file.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t header_length =
      static_cast<unsigned char>(file[8]) | (static_cast<unsigned char>(file[9]) << 8);
  EXPECT_EQ((10 + header_length) % 64, 0u);
  EXPECT_EQ(file[10 + header_length - 1], '\n');
  EXPECT_NE(file.find("'shape': (2, 3)"), std::string::npos);
  auto parsed = npy_parse(bytes_of(file), "x.npy");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->descr, "<f4");
  EXPECT_EQ(parsed->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(parsed->data, array.data);
}

TEST(Npy, ScalarAndOneDimensionalShapes) {
  NpyArray scalar{"<f8", {}, std::vector<std::byte>(8)};
  EXPECT_NE(npy_serialize(scalar).find("'shape': ()"), std::string::npos);
  NpyArray vector{"|b1", {5}, std::vector<std::byte>(5)};
  const std::string file = npy_serialize(vector);
  EXPECT_NE(file.find("'shape': (5,)"), std::string::npos);
  auto parsed = npy_parse(bytes_of(file), "v.npy");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->shape, (std::vector<int64_t>{5}));
}

TEST(Npy, ReadsWhatNumpyWrites) {
  // numpy.save of np.arange(3, dtype=np.int32) (format 1.0, header padded to 64 bytes here;
  // older NumPy pads to 16, which is also accepted).
  std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }";
  header.append(128 - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += static_cast<char>(header.size());
  file += '\0';
  file += header;
  const int32_t values[3] = {0, 1, 2};
  file.append(reinterpret_cast<const char*>(values), sizeof values);
  auto parsed = npy_parse(bytes_of(file), "a.npy");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(npy_dtype(parsed->descr), DType::kI32);
}

TEST(Npy, RejectsMalformedFilesClearly) {
  NpyArray array{"<f4", {2}, std::vector<std::byte>(8)};
  const std::string good = npy_serialize(array);
  auto expect_error = [](const std::string& file, const std::string& what) {
    auto parsed = npy_parse(bytes_of(file), "bad.npy");
    ASSERT_FALSE(parsed.ok()) << what;
    EXPECT_EQ(parsed.status().message().rfind("bad.npy: malformed .npy file", 0), 0u);
    EXPECT_NE(parsed.status().message().find(what), std::string::npos) << parsed.status().message();
  };
  expect_error("not numpy at all", "magic");
  std::string wrong_version = good;
  wrong_version[6] = '\x07';
  expect_error(wrong_version, "version");
  expect_error(good.substr(0, good.size() - 1), "data is 7 bytes, the shape needs 8");
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  expect_error(fortran, "fortran_order");
  std::string descr = good;
  descr.replace(descr.find("<f4"), 3, "<c8");
  expect_error(descr, "unsupported dtype");
  std::string shape = good;
  shape.replace(shape.find("(2,)"), 4, "(x,)");
  expect_error(shape, "shape");
  std::string long_header = good;
  long_header[8] = '\xff';
  long_header[9] = '\x7f';
  expect_error(long_header, "header runs past");
}

TEST(Npy, DtypesAndNotedNames) {
  EXPECT_EQ(npy_descr(DType::kBF16), "<u2");
  EXPECT_EQ(npy_descr(DType::kF8E4M3), "|u1");
  EXPECT_EQ(npy_descr(DType::kI8), "|i1");
  EXPECT_EQ(npy_file_name("actual", DType::kBF16), "actual.bf16.npy");
  EXPECT_EQ(dtype_noted_in_file_name("dir/actual.bf16.npy"), DType::kBF16);
  EXPECT_EQ(dtype_noted_in_file_name("plain.npy"), std::nullopt);
  EXPECT_EQ(npy_dtype("<u2", DType::kBF16), DType::kBF16);
  EXPECT_EQ(npy_dtype("<u2"), std::nullopt);
  EXPECT_EQ(npy_dtype("|u1", DType::kF8E5M2), DType::kF8E5M2);
  EXPECT_EQ(npy_dtype("<i1"), DType::kI8);
  EXPECT_EQ(npy_dtype("<f4", DType::kBF16), DType::kF32);
}

}  // namespace
}  // namespace hwcert::runner
