#include "hwcert/conformance/tolerance.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <vector>

#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/toml_reader.hpp"

namespace hwcert::conformance {
namespace detail {
extern const std::string_view kBuiltinTolerancesToml;
}

namespace {

std::string format_number(double v) {
  return fmt::format("{:g}", v);
}

double number_field(const support::TomlReader& reader, const toml::node& node,
                    std::string_view key) {
  if (auto v = node.value<double>()) return *v;  // integers convert as well
  reader.fail(node, fmt::format("'{}' must be a number", key));
}

ToleranceRule parse_rule(const support::TomlReader& reader, const toml::table& table) {
  ToleranceRule rule;
  rule.origin = fmt::format("{}:{}", reader.source(), table.source().begin.line);
  bool has_op = false;
  for (const auto& [key_node, node] : table) {
    const std::string_view key = key_node.str();
    if (key == "op") {
      auto v = node.value<std::string>();
      if (!v) reader.fail(node, "'op' must be a string (an op name)");
      rule.op = *v;
      has_op = true;
    } else if (key == "dtype") {
      auto v = node.value<std::string>();
      auto dtype = v ? parse_dtype(*v) : std::nullopt;
      if (!dtype) {
        reader.fail(node,
                    "'dtype' must be a dtype name (f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8 "
                    "i32 i64 bool)");
      }
      rule.dtype = *dtype;
    } else if (key == "math_mode") {
      auto v = node.value<std::string>();
      if (!v || !parse_math_mode(*v)) {
        reader.fail(node,
                    "'math_mode' must be one of strict, tf32, hf32, f16, bf16, "
                    "f16_accumulate");
      }
      rule.math_mode = *v;
    } else if (key == "bitwise" || key == "nan_sign" || key == "zero_sign" || key == "value_sign") {
      // node.value<bool>() would also take an integer; only a TOML boolean is meant here.
      const auto* v = node.as_boolean();
      if (v == nullptr) reader.fail(node, fmt::format("'{}' must be true or false", key));
      if (key == "bitwise") rule.bitwise = v->get();
      if (key == "nan_sign") rule.nan_sign = v->get();
      if (key == "zero_sign") rule.zero_sign = v->get();
      if (key == "value_sign") rule.value_sign = v->get();
    } else if (key == "ulp" || key == "magnitude_eps" || key == "k_eps" || key == "mode_eps" ||
               key == "sqrt_k_eps" || key == "compute_eps" || key == "max_zero_fraction") {
      const double v = number_field(reader, node, key);
      if (v < 0) reader.fail(node, fmt::format("'{}' must be >= 0", key));
      if (key == "ulp") rule.ulp = v;
      if (key == "magnitude_eps") rule.magnitude_eps = v;
      if (key == "k_eps") rule.k_eps = v;
      if (key == "mode_eps") rule.mode_eps = v;
      if (key == "sqrt_k_eps") rule.sqrt_k_eps = v;
      if (key == "compute_eps") rule.compute_eps = v;
      if (key == "max_zero_fraction") {
        if (v > 1) reader.fail(node, "'max_zero_fraction' must be <= 1");
        rule.max_zero_fraction = v;
      }
    } else if (key == "reason") {
      if (!node.is_string()) reader.fail(node, "'reason' must be a string");
    } else {
      reader.fail(node, fmt::format("unknown key '{}' (expected op, dtype, math_mode, bitwise, "
                                    "ulp, magnitude_eps, k_eps, sqrt_k_eps, mode_eps, compute_eps, "
                                    "nan_sign, zero_sign, value_sign, max_zero_fraction, reason)",
                                    key));
    }
  }
  if (!has_op) reader.fail(table, "a [[rule]] needs 'op'");
  return rule;
}

// [defaults]: the max_zero_fraction it sets, if any.
std::optional<double> read_defaults(const support::TomlReader& reader, const toml::node& node) {
  const toml::table* defaults = node.as_table();
  if (defaults == nullptr) reader.fail(node, "[defaults] must be a table");
  std::optional<double> fraction;
  for (const auto& [k, v] : *defaults) {
    if (k.str() != "max_zero_fraction") {
      reader.fail(
          v, fmt::format("unknown key '{}' in [defaults] (expected max_zero_fraction)", k.str()));
    }
    fraction = number_field(reader, v, k.str());
  }
  return fraction;
}

std::vector<ToleranceRule> read_rules(const support::TomlReader& reader, const toml::node& node) {
  const toml::array* rules = node.as_array();
  if (rules == nullptr) reader.fail(node, "'rule' must be [[rule]] tables");
  std::vector<ToleranceRule> out;
  for (const toml::node& entry : *rules) {
    const toml::table* t = entry.as_table();
    if (t == nullptr) reader.fail(entry, "each [[rule]] must be a table");
    out.push_back(parse_rule(reader, *t));
  }
  return out;
}

}  // namespace

double tolerance_bound(const ToleranceRule& rule, const ToleranceContext& ctx, double reference,
                       double magnitude, double spread) {
  const double scale =
      rule.magnitude_eps * machine_epsilon(ctx.output) +
      rule.k_eps * static_cast<double>(ctx.accumulation_length) * machine_epsilon(ctx.accumulation);
  const double mode =
      rule.mode_eps * math_mode_epsilon(ctx.mode) * (std::fabs(reference) + std::fabs(spread));
  const double probabilistic =
      rule.sqrt_k_eps * std::sqrt(static_cast<double>(ctx.accumulation_length)) *
      machine_epsilon(ctx.accumulation) * (std::fabs(reference) + std::fabs(spread));
  const double modelled =
      rule.compute_eps * machine_epsilon(compute_dtype(ctx.output)) * std::fabs(magnitude);
  return rule.ulp * ulp_of(reference, ctx.output) + scale * std::fabs(magnitude) + mode +
         probabilistic + modelled;
}

DType compute_dtype(DType output) {
  return output == DType::kF64 ? DType::kF64 : DType::kF32;
}

std::string describe(const ToleranceRule& rule, const ToleranceContext& ctx) {
  if (rule.bitwise) return "bit-exact";
  std::vector<std::string> terms;
  terms.push_back(fmt::format("{} ulp", format_number(rule.ulp)));
  if (rule.magnitude_eps > 0) {
    terms.push_back(
        fmt::format("{}*eps({})*mag", format_number(rule.magnitude_eps), dtype_name(ctx.output)));
  }
  if (rule.k_eps > 0) {
    terms.push_back(fmt::format("{}*K*eps({})*mag (K={})", format_number(rule.k_eps),
                                dtype_name(ctx.accumulation), ctx.accumulation_length));
  }
  if (rule.sqrt_k_eps > 0) {
    terms.push_back(fmt::format("{}*sqrt(K)*eps({})*(|ref|+rss) (K={})",
                                format_number(rule.sqrt_k_eps), dtype_name(ctx.accumulation),
                                ctx.accumulation_length));
  }
  if (rule.compute_eps > 0) {
    terms.push_back(fmt::format("{}*eps({})*model", format_number(rule.compute_eps),
                                dtype_name(compute_dtype(ctx.output))));
  }
  if (rule.mode_eps > 0 && math_mode_epsilon(ctx.mode) > 0) {
    terms.push_back(
        fmt::format("{}*eps({})*(|ref|+rss)", format_number(rule.mode_eps), to_string(ctx.mode)));
  }
  std::string text = terms[0];
  for (std::size_t i = 1; i < terms.size(); ++i) text += " + " + terms[i];
  if (rule.value_sign) text += ", sign kept";
  return text;
}

Expected<ToleranceTable> ToleranceTable::parse(std::string_view toml_text, std::string_view name) {
  ToleranceTable table;
  try {
    const toml::table root = support::parse_toml(toml_text, name);
    const support::TomlReader reader{std::string(name)};
    for (const auto& [key_node, node] : root) {
      const std::string_view key = key_node.str();
      if (key == "defaults") {
        if (auto fraction = read_defaults(reader, node)) {
          table.default_max_zero_fraction_ = *fraction;
        }
      } else if (key == "rule") {
        for (ToleranceRule& rule : read_rules(reader, node))
          table.rules_.push_back(std::move(rule));
      } else {
        reader.fail(node, fmt::format("unknown top-level key '{}' (expected [defaults] or "
                                      "[[rule]])",
                                      key));
      }
    }
  } catch (const support::ParseError& e) {
    return Status{StatusCode::kInvalidArgument, e.what()};
  }
  return table;
}

Expected<ToleranceTable> ToleranceTable::load(const std::filesystem::path& file) {
  try {
    return parse(support::read_file(file), file.string());
  } catch (const support::Error& e) {
    return Status{StatusCode::kInvalidArgument, e.what()};
  }
}

const ToleranceTable& ToleranceTable::builtin() {
  static const ToleranceTable table = [] {
    auto parsed = parse(detail::kBuiltinTolerancesToml, "tolerances.toml");
    return parsed ? std::move(*parsed) : ToleranceTable{};
  }();
  return table;
}

const ToleranceRule* ToleranceTable::find(std::string_view op, DType dtype,
                                          std::string_view math_mode) const {
  const ToleranceRule* best = nullptr;
  int best_rank = -1;
  for (const ToleranceRule& rule : rules_) {
    if (rule.op != op) continue;
    if (rule.dtype && *rule.dtype != dtype) continue;
    if (rule.math_mode && *rule.math_mode != math_mode) continue;
    const int rank = (rule.dtype ? 2 : 0) + (rule.math_mode ? 1 : 0);
    if (rank >= best_rank) {
      best = &rule;
      best_rank = rank;
    }
  }
  return best;
}

void ToleranceTable::merge(const ToleranceTable& other) {
  rules_.insert(rules_.end(), other.rules_.begin(), other.rules_.end());
}

}  // namespace hwcert::conformance
