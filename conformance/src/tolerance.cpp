#include "hwcert/conformance/tolerance.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <fstream>
#include <sstream>

namespace hwcert::conformance {
namespace detail {
extern const std::string_view kBuiltinTolerancesToml;
}

namespace {

Status parse_error(std::string_view name, const toml::source_region& where,
                   const std::string& what) {
  return {StatusCode::kInvalidArgument,
          fmt::format("{}:{}:{}: {}", name, where.begin.line, where.begin.column, what)};
}

std::string format_number(double v) {
  return fmt::format("{:g}", v);
}

Expected<double> number_field(const toml::node& node, std::string_view name, std::string_view key) {
  if (auto v = node.value<double>()) return *v;  // integers convert as well
  return parse_error(name, node.source(), fmt::format("'{}' must be a number", key));
}

Expected<ToleranceRule> parse_rule(const toml::table& table, std::string_view name) {
  ToleranceRule rule;
  rule.origin = fmt::format("{}:{}", name, table.source().begin.line);
  bool has_op = false;
  for (const auto& [key_node, node] : table) {
    const std::string_view key = key_node.str();
    if (key == "op") {
      auto v = node.value<std::string>();
      if (!v) return parse_error(name, node.source(), "'op' must be a string (an op name)");
      rule.op = *v;
      has_op = true;
    } else if (key == "dtype") {
      auto v = node.value<std::string>();
      auto dtype = v ? parse_dtype(*v) : std::nullopt;
      if (!dtype) {
        return parse_error(name, node.source(),
                           "'dtype' must be a dtype name (f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8 "
                           "i32 i64 bool)");
      }
      rule.dtype = *dtype;
    } else if (key == "math_mode") {
      auto v = node.value<std::string>();
      if (!v || !parse_math_mode(*v)) {
        return parse_error(name, node.source(),
                           "'math_mode' must be one of strict, tf32, hf32, f16, bf16, "
                           "f16_accumulate");
      }
      rule.math_mode = *v;
    } else if (key == "bitwise" || key == "nan_sign" || key == "zero_sign" || key == "value_sign") {
      // node.value<bool>() would also take an integer; only a TOML boolean is meant here.
      const auto* v = node.as_boolean();
      if (v == nullptr)
        return parse_error(name, node.source(), fmt::format("'{}' must be true or false", key));
      if (key == "bitwise") rule.bitwise = v->get();
      if (key == "nan_sign") rule.nan_sign = v->get();
      if (key == "zero_sign") rule.zero_sign = v->get();
      if (key == "value_sign") rule.value_sign = v->get();
    } else if (key == "ulp" || key == "magnitude_eps" || key == "k_eps" || key == "mode_eps" ||
               key == "max_zero_fraction") {
      auto v = number_field(node, name, key);
      if (!v) return v.status();
      if (*v < 0) return parse_error(name, node.source(), fmt::format("'{}' must be >= 0", key));
      if (key == "ulp") rule.ulp = *v;
      if (key == "magnitude_eps") rule.magnitude_eps = *v;
      if (key == "k_eps") rule.k_eps = *v;
      if (key == "mode_eps") rule.mode_eps = *v;
      if (key == "max_zero_fraction") {
        if (*v > 1) return parse_error(name, node.source(), "'max_zero_fraction' must be <= 1");
        rule.max_zero_fraction = *v;
      }
    } else if (key == "reason") {
      if (!node.is_string()) return parse_error(name, node.source(), "'reason' must be a string");
    } else {
      return parse_error(name, node.source(),
                         fmt::format("unknown key '{}' (expected op, dtype, math_mode, bitwise, "
                                     "ulp, magnitude_eps, k_eps, mode_eps, nan_sign, zero_sign, "
                                     "value_sign, max_zero_fraction, reason)",
                                     key));
    }
  }
  if (!has_op) return parse_error(name, table.source(), "a [[rule]] needs 'op'");
  return rule;
}

}  // namespace

double tolerance_bound(const ToleranceRule& rule, const ToleranceContext& ctx, double reference,
                       double magnitude, double spread) {
  const double scale =
      rule.magnitude_eps * machine_epsilon(ctx.output) +
      rule.k_eps * static_cast<double>(ctx.accumulation_length) * machine_epsilon(ctx.accumulation);
  const double mode =
      rule.mode_eps * math_mode_epsilon(ctx.mode) * (std::fabs(reference) + std::fabs(spread));
  return rule.ulp * ulp_of(reference, ctx.output) + scale * std::fabs(magnitude) + mode;
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
  toml::table root;
  try {
    root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    return Status{StatusCode::kInvalidArgument,
                  fmt::format("{}:{}:{}: {}", name, e.source().begin.line, e.source().begin.column,
                              e.description())};
  }
  ToleranceTable table;
  for (const auto& [key_node, node] : root) {
    const std::string_view key = key_node.str();
    if (key == "defaults") {
      const toml::table* defaults = node.as_table();
      if (defaults == nullptr)
        return parse_error(name, node.source(), "[defaults] must be a table");
      for (const auto& [k, v] : *defaults) {
        if (k.str() != "max_zero_fraction") {
          return parse_error(name, v.source(),
                             fmt::format("unknown key '{}' in [defaults] (expected "
                                         "max_zero_fraction)",
                                         k.str()));
        }
        auto f = number_field(v, name, k.str());
        if (!f) return f.status();
        table.default_max_zero_fraction_ = *f;
      }
    } else if (key == "rule") {
      const toml::array* rules = node.as_array();
      if (rules == nullptr)
        return parse_error(name, node.source(), "'rule' must be [[rule]] tables");
      for (const toml::node& entry : *rules) {
        const toml::table* t = entry.as_table();
        if (t == nullptr) return parse_error(name, entry.source(), "each [[rule]] must be a table");
        auto rule = parse_rule(*t, name);
        if (!rule) return rule.status();
        table.rules_.push_back(std::move(*rule));
      }
    } else {
      return parse_error(name, node.source(),
                         fmt::format("unknown top-level key '{}' (expected [defaults] or "
                                     "[[rule]])",
                                     key));
    }
  }
  return table;
}

Expected<ToleranceTable> ToleranceTable::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status{StatusCode::kInvalidArgument,
                  fmt::format("{}: cannot open the tolerance file", file.string())};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), file.string());
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
