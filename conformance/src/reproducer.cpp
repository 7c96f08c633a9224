#include "hwcert/conformance/reproducer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <cmath>

#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::conformance {
namespace {

Status bad(std::string_view what, std::string_view text) {
  return {StatusCode::kInvalidArgument, fmt::format("{}: '{}'", what, text)};
}

std::string float_text(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // keeps floats apart from ints
  return s;
}

bool parse_int(std::string_view s, int64_t& out) {
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// Decimal digits only: a seed takes the whole uint64 range, and a sign is not a seed.
bool parse_unsigned(std::string_view s, uint64_t& out) {
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return !s.empty() && ec == std::errc() && ptr == end;
}

bool parse_double(std::string_view s, double& out) {
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool looks_float(std::string_view s) {
  return s.find_first_of(".eE") != std::string_view::npos || s == "inf" || s == "-inf" ||
         s == "nan";
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  if (s.empty()) return parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

bool parse_int_list(std::string_view body, std::vector<int64_t>& out) {
  for (std::string_view part : split(body, ',')) {
    int64_t v = 0;
    if (!parse_int(part, v)) return false;
    out.push_back(v);
  }
  return true;
}

}  // namespace

std::string shell_quote(std::string_view text) {
  const bool safe = !text.empty() && text.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789_./:=,+-@%") == std::string_view::npos;
  if (safe) return std::string(text);
  std::string quoted = "'";
  for (char ch : text) {
    if (ch == '\'') {
      quoted += "'\\''";
    } else {
      quoted += ch;
    }
  }
  return quoted + "'";
}

std::string format_tensor(const TensorSpec& spec) {
  std::string s = fmt::format("{}[{}]", dtype_name(spec.dtype), fmt::join(spec.shape, ","));
  if (!spec.strides.empty()) s += fmt::format("{{{}}}", fmt::join(spec.strides, ","));
  if (spec.byte_offset != 0) s += fmt::format("@{}", spec.byte_offset);
  return s;
}

Expected<TensorSpec> parse_tensor(std::string_view text) {
  const std::size_t open = text.find('[');
  const std::size_t close = text.find(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return bad("expected dtype[shape]{strides}@offset", text);
  }
  TensorSpec spec;
  auto dtype = parse_dtype(text.substr(0, open));
  if (!dtype) return bad("unknown dtype in tensor", text);
  spec.dtype = *dtype;
  if (!parse_int_list(text.substr(open + 1, close - open - 1), spec.shape)) {
    return bad("shape must be integers separated by commas", text);
  }
  std::string_view rest = text.substr(close + 1);
  if (!rest.empty() && rest.front() == '{') {
    const std::size_t end = rest.find('}');
    if (end == std::string_view::npos) return bad("unclosed strides", text);
    if (!parse_int_list(rest.substr(1, end - 1), spec.strides)) {
      return bad("strides must be integers separated by commas", text);
    }
    rest = rest.substr(end + 1);
  }
  if (!rest.empty()) {
    int64_t offset = 0;
    if (rest.front() != '@' || !parse_int(rest.substr(1), offset) || offset < 0) {
      return bad("expected @byte_offset after the shape", text);
    }
    spec.byte_offset = static_cast<uint64_t>(offset);
  }
  return spec;
}

std::string format_attribute(const Attribute& attr) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          return fmt::format("{}={}", attr.name, v);
        } else if constexpr (std::is_same_v<T, double>) {
          return fmt::format("{}={}", attr.name, float_text(v));
        } else if constexpr (std::is_same_v<T, std::string>) {
          return fmt::format("{}={}", attr.name, v);
        } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
          return fmt::format("{}=[{}]", attr.name, fmt::join(v, ","));
        } else {
          std::vector<std::string> parts;
          for (double d : v) parts.push_back(float_text(d));
          return fmt::format("{}=[{}]", attr.name, fmt::join(parts, ","));
        }
      },
      attr.value);
}

Expected<Attribute> parse_attribute(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) return bad("expected name=value", text);
  Attribute attr;
  attr.name = std::string(text.substr(0, eq));
  const std::string_view value = text.substr(eq + 1);
  if (!value.empty() && value.front() == '[') {
    if (value.back() != ']') return bad("unclosed list", text);
    const std::string_view body = value.substr(1, value.size() - 2);
    if (looks_float(body)) {
      std::vector<double> list;
      for (std::string_view part : split(body, ',')) {
        double d = 0;
        if (!parse_double(part, d)) return bad("bad number in float list", text);
        list.push_back(d);
      }
      attr.value = std::move(list);
    } else {
      std::vector<int64_t> list;
      if (!parse_int_list(body, list)) return bad("bad number in int list", text);
      attr.value = std::move(list);
    }
    return attr;
  }
  int64_t i = 0;
  double d = 0;
  if (parse_int(value, i)) {
    attr.value = i;
  } else if (looks_float(value) && parse_double(value, d)) {
    attr.value = d;
  } else {
    attr.value = std::string(value);
  }
  return attr;
}

std::string case_spec_arguments(const Case& c) {
  std::vector<std::string> args;
  args.push_back("--op " + shell_quote(c.call.op_name()));
  for (const TensorSpec& in : c.call.inputs())
    args.push_back("--in " + shell_quote(format_tensor(in)));
  for (const TensorSpec& out : c.call.outputs()) {
    args.push_back("--out " + shell_quote(format_tensor(out)));
  }
  for (const Attribute& attr : c.call.attributes()) {
    args.push_back("--attr " + shell_quote(format_attribute(attr)));
  }
  args.push_back(fmt::format("--tier {}", to_string(c.tier)));
  args.push_back(fmt::format("--seed {}", c.seed));
  if (c.check_determinism) args.emplace_back("--determinism");
  if (c.sample_elements) args.push_back(fmt::format("--sample {}", *c.sample_elements));
  if (c.max_zero_fraction) {
    args.push_back(fmt::format("--max-zero-fraction {}", float_text(*c.max_zero_fraction)));
  }
  return fmt::format("{}", fmt::join(args, " "));
}

Expected<Case> parse_case_arguments(std::span<const std::string> args) {
  Case c;
  std::string op;
  std::vector<TensorSpec> inputs, outputs;
  std::vector<Attribute> attributes;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--determinism") {
      c.check_determinism = true;
      continue;
    }
    if (i + 1 >= args.size()) return bad("missing value after", flag);
    const std::string& value = args[++i];
    if (flag == "--op") {
      op = value;
    } else if (flag == "--in" || flag == "--out") {
      auto spec = parse_tensor(value);
      if (!spec) return spec.status();
      (flag == "--in" ? inputs : outputs).push_back(std::move(*spec));
    } else if (flag == "--attr") {
      auto attr = parse_attribute(value);
      if (!attr) return attr.status();
      // Coerce to the schema's type where the text was ambiguous (alpha=1 means 1.0).
      if (const catalogue::OpSchema* schema = catalogue::find_op_schema(op)) {
        const catalogue::AttrSchema* a = schema->find_attribute(attr->name);
        if (a != nullptr && a->type == catalogue::AttrType::kFloat &&
            std::holds_alternative<int64_t>(attr->value)) {
          attr->value = static_cast<double>(std::get<int64_t>(attr->value));
        }
      }
      attributes.push_back(std::move(*attr));
    } else if (flag == "--tier") {
      auto tier = parse_input_tier(value);
      if (!tier) return bad("tier must be one of " + input_tier_list(), value);
      c.tier = *tier;
    } else if (flag == "--seed" || flag == "--sample") {
      uint64_t n = 0;
      if (!parse_unsigned(value, n)) {
        return bad("expected an integer from 0 to 18446744073709551615", value);
      }
      if (flag == "--seed") {
        c.seed = n;
      } else {
        c.sample_elements = n;
      }
    } else if (flag == "--max-zero-fraction") {
      double f = 0;
      if (!parse_double(value, f)) return bad("expected a number", value);
      c.max_zero_fraction = f;
    } else if (flag == "--id") {
      c.id = value;
    } else {
      return bad("unknown flag", flag);
    }
  }
  if (op.empty()) return Status{StatusCode::kInvalidArgument, "--op is required"};
  const uint32_t opset = catalogue::op_opset(op);
  c.call = OpCall(op, std::move(inputs), std::move(outputs), std::move(attributes), opset);
  if (c.id.empty()) c.id = op + ".reproducer";
  return c;
}

}  // namespace hwcert::conformance
