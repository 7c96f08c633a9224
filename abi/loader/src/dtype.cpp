#include "hwcert/loader/dtype.hpp"

#include <array>

namespace hwcert {
namespace {

enum class Kind { kNone, kFloating, kInteger, kBool };

struct DTypeTraits {
  std::string_view name;
  std::size_t size;
  Kind kind;
};

// Every dtype's name, element size and kind, indexed by its ABI value (HWC_DTYPE_*).
constexpr std::array<DTypeTraits, HWC_DTYPE_COUNT> kTraits = {{{"invalid", 0, Kind::kNone},
                                                               {"f64", 8, Kind::kFloating},
                                                               {"f32", 4, Kind::kFloating},
                                                               {"f16", 2, Kind::kFloating},
                                                               {"bf16", 2, Kind::kFloating},
                                                               {"f8e4m3", 1, Kind::kFloating},
                                                               {"f8e5m2", 1, Kind::kFloating},
                                                               {"i8", 1, Kind::kInteger},
                                                               {"u8", 1, Kind::kInteger},
                                                               {"i32", 4, Kind::kInteger},
                                                               {"i64", 8, Kind::kInteger},
                                                               {"bool", 1, Kind::kBool}}};

const DTypeTraits& traits(DType dtype) {
  const auto index = static_cast<std::size_t>(dtype);
  return index < kTraits.size() ? kTraits[index] : kTraits[0];
}

}  // namespace

std::size_t dtype_size(DType dtype) {
  return traits(dtype).size;
}

std::string_view dtype_name(DType dtype) {
  return traits(dtype).name;
}

std::optional<DType> parse_dtype(std::string_view name) {
  for (DType d : kAllDTypes) {
    if (dtype_name(d) == name) return d;
  }
  return std::nullopt;
}

std::optional<DType> dtype_from_abi(int32_t raw) {
  if (raw <= HWC_DTYPE_INVALID || raw >= HWC_DTYPE_COUNT) return std::nullopt;
  return static_cast<DType>(raw);
}

bool is_floating(DType dtype) {
  return traits(dtype).kind == Kind::kFloating;
}

bool is_integer(DType dtype) {
  return traits(dtype).kind == Kind::kInteger;
}

}  // namespace hwcert
