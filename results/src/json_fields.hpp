// Typed access to the members of one JSON object, for the readers of the result model
// (private to hwcert_results). Errors name "<where>.<key>".
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/results/json_io.hpp"

namespace hwcert::results::detail {

class Fields {
 public:
  using json = nlohmann::json;

  Fields(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) throw ModelError(fmt::format("{}: expected an object", where_));
  }

  // The member, or nullptr when it is absent or null.
  const json* find(std::string_view key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string str(std::string_view key, bool required = false, std::string fallback = "") const {
    const json* v = find(key);
    if (v == nullptr) {
      if (required) throw missing(key);
      return fallback;
    }
    if (!v->is_string()) throw wrong(key, "a string");
    return v->get<std::string>();
  }

  double num(std::string_view key, double fallback = 0) const {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number()) throw wrong(key, "a number");
    return v->get<double>();
  }

  // A number that may be NaN: null reads back as NaN (nlohmann writes NaN and Inf as null),
  // absent as `fallback`.
  double real(std::string_view key, double fallback = 0) const {
    auto it = j_.find(key);
    if (it != j_.end() && it->is_null()) return std::numeric_limits<double>::quiet_NaN();
    return num(key, fallback);
  }

  std::optional<double> opt_num(std::string_view key) const {
    const json* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) throw wrong(key, "a number or null");
    return v->get<double>();
  }

  int64_t integer(std::string_view key, int64_t fallback = 0) const {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer()) throw wrong(key, "an integer");
    return v->get<int64_t>();
  }

  bool boolean(std::string_view key, bool fallback = false) const {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) throw wrong(key, "true or false");
    return v->get<bool>();
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    for (const json& e : array(key)) {
      if (!e.is_string()) throw wrong(key, "a list of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }

  // A list of numbers; null entries read back as NaN.
  std::vector<double> reals(std::string_view key) const {
    std::vector<double> out;
    for (const json& e : array(key)) {
      if (e.is_null()) {
        out.push_back(std::numeric_limits<double>::quiet_NaN());
      } else if (e.is_number()) {
        out.push_back(e.get<double>());
      } else {
        throw wrong(key, "a list of numbers");
      }
    }
    return out;
  }

  const json& array(std::string_view key) const {
    static const json kEmpty = json::array();
    const json* v = find(key);
    if (v == nullptr) return kEmpty;
    if (!v->is_array()) throw wrong(key, "a list");
    return *v;
  }

  Fields object(std::string_view key) const {
    static const json kEmpty = json::object();
    const json* v = find(key);
    return Fields(v == nullptr ? kEmpty : *v, sub(key));
  }

  std::string sub(std::string_view key) const { return fmt::format("{}.{}", where_, key); }
  const std::string& where() const { return where_; }

  ModelError wrong(std::string_view key, std::string_view what) const {
    return ModelError(fmt::format("{}: '{}' must be {}", where_, key, what));
  }

 private:
  ModelError missing(std::string_view key) const {
    return ModelError(fmt::format("{}: the required field '{}' is missing", where_, key));
  }

  const json& j_;
  std::string where_;
};

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// {"format_version": 1, "<key>": [record, ...]}: a bundle file that is one list of records.
template <typename Record>
nlohmann::json list_file_json(std::string_view key, const std::vector<Record>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const Record& r : records) list.push_back(to_json(r));
  return nlohmann::json{{"format_version", kBundleFormatVersion}, {std::string(key), list}};
}

}  // namespace hwcert::results::detail
