#include "hwcert/runner/npy.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/enum_names.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::runner {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;

struct DescrInfo {
  const char* descr;
  std::size_t size;
};
constexpr DescrInfo kDescrs[] = {{"<f8", 8}, {"<f4", 4}, {"<f2", 2}, {"|i1", 1},
                                 {"<i1", 1}, {"|u1", 1}, {"<u1", 1}, {"<i4", 4},
                                 {"<i8", 8}, {"|b1", 1}, {"<u2", 2}};

Status malformed(const std::string& source, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, source + ": malformed .npy file: " + what);
}

// A tiny parser for the header dict NumPy writes: {'key': value, ...}.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n')) ++pos_;
  }
  bool consume(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::optional<std::string> quoted() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) return std::nullopt;
    const char quote = text_[pos_++];
    const std::size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) return std::nullopt;
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return value;
  }
  std::optional<bool> boolean() {
    skip_space();
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    return std::nullopt;
  }
  std::optional<std::vector<int64_t>> tuple() {
    if (!consume('(')) return std::nullopt;
    std::vector<int64_t> values;
    for (;;) {
      if (consume(')')) return values;
      skip_space();
      int64_t value = 0;
      auto [ptr, error] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
      if (error != std::errc() || value < 0) return std::nullopt;
      pos_ = static_cast<std::size_t>(ptr - text_.data());
      values.push_back(value);
      if (!consume(',')) {
        if (consume(')')) return values;
        return std::nullopt;
      }
    }
  }
  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string npy_descr(DType dtype) {
  // Indexed by the ABI value; fp8 has no numpy type and is written as its bytes (u1).
  static constexpr std::array<std::string_view, HWC_DTYPE_COUNT> kDescrOf = {
      "", "<f8", "<f4", "<f2", "<u2", "|u1", "|u1", "|i1", "|u1", "<i4", "<i8", "|b1"};
  return std::string(support::enum_name(kDescrOf, dtype, ""));
}

std::size_t npy_item_size(std::string_view descr) {
  for (const auto& info : kDescrs) {
    if (descr == info.descr) return info.size;
  }
  return 0;
}

std::optional<DType> npy_dtype(std::string_view descr, std::optional<DType> noted) {
  if (noted && npy_descr(*noted) == descr) return noted;
  if (noted && (descr == "<i1" || descr == "<u1")) {
    if ((descr == "<i1" && *noted == DType::kI8) ||
        (descr == "<u1" &&
         (*noted == DType::kU8 || *noted == DType::kF8E4M3 || *noted == DType::kF8E5M2))) {
      return noted;
    }
  }
  if (descr == "<f8") return DType::kF64;
  if (descr == "<f4") return DType::kF32;
  if (descr == "<f2") return DType::kF16;
  if (descr == "|i1" || descr == "<i1") return DType::kI8;
  if (descr == "|u1" || descr == "<u1") return DType::kU8;
  if (descr == "<i4") return DType::kI32;
  if (descr == "<i8") return DType::kI64;
  if (descr == "|b1") return DType::kBool;
  return std::nullopt;  // "<u2" only with a noted bf16
}

std::string npy_serialize(const NpyArray& array) {
  std::string shape = "(";
  for (std::size_t i = 0; i < array.shape.size(); ++i) {
    if (i > 0) shape += ", ";
    shape += std::to_string(array.shape[i]);
  }
  shape += array.shape.size() == 1 ? ",)" : ")";  // "(5,)" as NumPy writes a 1-tuple
  std::string header =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}", array.descr, shape);
  // Pad with spaces so that magic + version + length + header (ending in '\n') is a
  // multiple of 64 bytes.
  const std::size_t unpadded = kMagicSize + 2 + 2 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out(kMagic, kMagicSize);
  out += '\x01';
  out += '\x00';
  const auto length = static_cast<uint16_t>(header.size());
  out += static_cast<char>(length & 0xFF);
  out += static_cast<char>(length >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(array.data.data()), array.data.size());
  return out;
}

Expected<NpyArray> npy_parse(std::span<const std::byte> bytes, const std::string& source) {
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 10 || std::memcmp(raw, kMagic, kMagicSize) != 0) {
    return malformed(source, "no \\x93NUMPY magic");
  }
  const unsigned major = raw[6];
  std::size_t header_length = 0;
  std::size_t header_start = 0;
  if (major == 1) {
    header_length = static_cast<std::size_t>(raw[8]) | (static_cast<std::size_t>(raw[9]) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return malformed(source, "truncated header length");
    header_length = static_cast<std::size_t>(raw[8]) | (static_cast<std::size_t>(raw[9]) << 8) |
                    (static_cast<std::size_t>(raw[10]) << 16) |
                    (static_cast<std::size_t>(raw[11]) << 24);
    header_start = 12;
  } else {
    return malformed(source, fmt::format("unsupported format version {}.{}", major, raw[7]));
  }
  if (header_start + header_length > bytes.size())
    return malformed(source, "header runs past the end of the file");
  const std::string_view header(reinterpret_cast<const char*>(raw + header_start), header_length);

  HeaderParser parser(header);
  if (!parser.consume('{')) return malformed(source, "header is not a dict");
  NpyArray array;
  bool have_descr = false, have_order = false, have_shape = false;
  while (!parser.consume('}')) {
    auto key = parser.quoted();
    if (!key || !parser.consume(':'))
      return malformed(source, "header dict entry is not 'key': value");
    if (*key == "descr") {
      auto descr = parser.quoted();
      if (!descr) return malformed(source, "descr is not a string");
      if (npy_item_size(*descr) == 0)
        return malformed(source, "unsupported dtype descr '" + *descr + "'");
      array.descr = *descr;
      have_descr = true;
    } else if (*key == "fortran_order") {
      auto order = parser.boolean();
      if (!order) return malformed(source, "fortran_order is not True or False");
      if (*order) return malformed(source, "fortran_order True is not supported (save in C order)");
      have_order = true;
    } else if (*key == "shape") {
      auto shape = parser.tuple();
      if (!shape) return malformed(source, "shape is not a tuple of non-negative integers");
      array.shape = std::move(*shape);
      have_shape = true;
    } else {
      return malformed(source, "unknown header key '" + *key + "'");
    }
    if (!parser.consume(',')) {
      if (!parser.consume('}')) return malformed(source, "expected ',' or '}' in the header dict");
      break;
    }
  }
  if (!parser.at_end()) return malformed(source, "text after the header dict");
  if (!have_descr || !have_order || !have_shape) {
    return malformed(source, "header needs descr, fortran_order and shape");
  }
  uint64_t count = 1;
  for (int64_t dim : array.shape) {
    if (dim != 0 && count > UINT64_MAX / static_cast<uint64_t>(dim))
      return malformed(source, "shape overflows");
    count *= static_cast<uint64_t>(dim);
  }
  const std::size_t data_start = header_start + header_length;
  const uint64_t expected = count * npy_item_size(array.descr);
  if (bytes.size() - data_start != expected) {
    return malformed(source, fmt::format("data is {} bytes, the shape needs {}",
                                         bytes.size() - data_start, expected));
  }
  array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_start), bytes.end());
  return array;
}

Expected<NpyArray> read_npy(const std::filesystem::path& path) {
  std::string content;
  try {
    content = support::read_file(path);
  } catch (const support::Error& e) {
    return Status(StatusCode::kInvalidArgument, e.what());
  }
  return npy_parse(std::as_bytes(std::span<const char>(content.data(), content.size())),
                   path.string());
}

Status write_npy(const std::filesystem::path& path, const NpyArray& array) {
  try {
    support::write_file_atomic(path, npy_serialize(array));
  } catch (const support::Error& e) {
    return Status(StatusCode::kInternal, e.what());
  }
  return Status::Ok();
}

std::string npy_file_name(std::string_view stem, DType dtype) {
  return fmt::format("{}.{}.npy", stem, dtype_name(dtype));
}

std::optional<DType> dtype_noted_in_file_name(const std::filesystem::path& path) {
  const std::string stem = path.stem().string();  // "actual.bf16"
  const std::size_t dot = stem.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  return parse_dtype(std::string_view(stem).substr(dot + 1));
}

}  // namespace hwcert::runner
