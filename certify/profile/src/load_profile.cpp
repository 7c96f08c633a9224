#include "hwcert/profile/load_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <tuple>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/profile/silent_behaviour.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/toml_reader.hpp"
#include "stability_table.hpp"

namespace hwcert::profile {
namespace {

constexpr int kSchemaVersion = 1;

// Every problem of one profile is collected (TomlReader::OnError::kCollect), so that one
// check lists them all.
using support::TomlReader;
using Item = TomlReader::Item;

bool valid_level_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Fields shared by every published figure; `value_key` holds the number.
std::optional<SourcedFigure> read_figure(TomlReader& c, const toml::table& t,
                                         std::string_view value_key, std::string_view where) {
  SourcedFigure fig;
  auto value = c.number(t, value_key, where, true);
  auto source = c.string(t, "source", where, true);
  if (value && *value <= 0) {
    c.error(t.get(value_key)->source(),
            fmt::format("'{}' in {} must be positive", value_key, where));
  }
  if (source && source->empty()) {
    c.error(t.get("source")->source(), fmt::format("'source' in {} must not be empty", where));
  }
  if (auto basis = c.string(t, "basis", where, false)) {
    if (auto b = parse_figure_basis(*basis)) {
      fig.basis = *b;
    } else {
      c.error(t.get("basis")->source(),
              fmt::format("'basis' in {} is '{}'; expected vendor, derived, third-party or "
                          "measured",
                          where, *basis));
    }
  }
  fig.disputed = c.boolean(t, "disputed", where).value_or(false);
  fig.alternatives = c.numbers(t, "alternatives", where, false).value_or(std::vector<double>{});
  if (fig.disputed && fig.alternatives.empty()) {
    c.error(t.source(), fmt::format("{} is disputed = true but lists no 'alternatives' (give "
                                    "every other published value)",
                                    where));
  }
  if (!fig.disputed && !fig.alternatives.empty()) {
    c.error(t.get("alternatives")->source(),
            fmt::format("{} lists 'alternatives' but is not disputed = true", where));
  }
  fig.note = c.string(t, "note", where, false).value_or("");
  if (!value || !source) return std::nullopt;
  fig.value = *value;
  fig.source = *source;
  return fig;
}

void check_dtype(TomlReader& c, const Item& item, std::string_view where) {
  if (!parse_dtype(item.value)) {
    c.error(item.where, fmt::format("unknown dtype '{}' in {} (expected one of f64 f32 f16 bf16 "
                                    "f8e4m3 f8e5m2 i8 u8 i32 i64 bool)",
                                    item.value, where));
  }
}

void read_memory(TomlReader& c, const toml::table& root, TargetProfile& p) {
  const toml::table* mem = c.table(root, "memory", "the profile", true);
  if (mem == nullptr) return;
  c.allow_keys(*mem, "[memory]", {"size_bytes", "type", "size_source", "bandwidth_gbps"});
  if (auto size = c.integer(*mem, "size_bytes", "[memory]", false)) {
    if (*size <= 0) {
      c.error(mem->get("size_bytes")->source(), "'size_bytes' in [memory] must be positive");
    } else {
      p.memory.size_bytes = static_cast<uint64_t>(*size);
      auto src = c.string(*mem, "size_source", "[memory] (with size_bytes)", true);
      p.memory.size_source = src.value_or("");
    }
  }
  p.memory.type = c.string(*mem, "type", "[memory]", false).value_or("");
  if (const toml::table* bw = c.table(*mem, "bandwidth_gbps", "[memory]", false)) {
    c.allow_keys(*bw, "[memory.bandwidth_gbps]",
                 {"value", "source", "basis", "disputed", "alternatives", "note"});
    p.memory.bandwidth_gbps = read_figure(c, *bw, "value", "[memory.bandwidth_gbps]");
  }
}

void read_peaks(TomlReader& c, const toml::table& root, TargetProfile& p) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const toml::table* t : c.tables(root, "peaks", "the profile")) {
    c.allow_keys(
        *t, "[[peaks]]",
        {"dtype", "math_mode", "tflops", "source", "basis", "disputed", "alternatives", "note"});
    Peak peak;
    auto dtype = c.string(*t, "dtype", "[[peaks]]", true);
    if (dtype) {
      check_dtype(c, {*dtype, t->get("dtype")->source()}, "[[peaks]]");
      peak.dtype = *dtype;
    }
    if (auto mode = c.string(*t, "math_mode", "[[peaks]]", false)) {
      if (!catalogue::is_known_math_mode(*mode)) {
        c.error(t->get("math_mode")->source(), fmt::format("unknown math_mode '{}'", *mode));
      }
      peak.math_mode = *mode;
    }
    auto fig = read_figure(c, *t, "tflops", fmt::format("[[peaks]] {}", peak.dtype));
    if (!fig) continue;
    peak.tflops = *fig;
    if (!seen.insert({peak.dtype, peak.math_mode}).second) {
      c.error(t->source(), fmt::format("a second peak for dtype {} in math_mode {}", peak.dtype,
                                       peak.math_mode));
    }
    p.peaks.push_back(std::move(peak));
  }
}

void read_math_modes(TomlReader& c, const toml::table& root, TargetProfile& p) {
  const toml::table* mm = c.table(root, "math_modes", "the profile", true);
  if (mm == nullptr) return;
  c.allow_keys(*mm, "[math_modes]", {"expected", "forbidden_silent"});
  if (const toml::table* expected = c.table(*mm, "expected", "[math_modes]", true)) {
    for (const auto& [op, node] : *expected) {
      std::string op_name(op.str());
      if (!catalogue::op_takes_math_mode(op_name)) {
        c.error(op.source(), fmt::format("'{}' takes no math_mode (only matmul, conv2d and "
                                         "scaled_dot_product_attention do)",
                                         op_name));
        continue;
      }
      auto modes = c.strings(*expected, op_name, "[math_modes.expected]", true);
      if (!modes) continue;
      auto& out = p.math_modes.expected[op_name];
      for (const auto& m : *modes) {
        if (!catalogue::is_known_math_mode(m.value)) {
          c.error(m.where, fmt::format("unknown math_mode '{}' for {}", m.value, op_name));
        }
        out.push_back(m.value);
      }
    }
  }
  if (auto silent = c.strings(*mm, "forbidden_silent", "[math_modes]", true)) {
    for (const auto& s : *silent) {
      if (!is_known_silent_behaviour(s.value)) {
        c.error(s.where, fmt::format("unknown silent behaviour '{}' (known: f64_as_f32, "
                                     "f32_as_tf32, f32_as_hf32, f32_as_f16, f32_as_bf16, "
                                     "f16_accumulate, cpu_fallback)",
                                     s.value));
      }
      p.math_modes.forbidden_silent.push_back(s.value);
    }
  }
}

struct RawLevel {
  Level level;
  toml::source_region where;
  toml::source_region extends_where;
};

// The op x dtype pairs of one [[levels.<name>.require]] table.
void read_requirement(TomlReader& c, const toml::table& r, const std::string& level_where,
                      const std::string& name, const TargetProfile& p, Level& level) {
  const std::string where = fmt::format("[[levels.{}.require]]", name);
  c.allow_keys(r, where, {"ops", "dtypes"});
  auto ops = c.strings(r, "ops", where, true);
  auto dtypes = c.strings(r, "dtypes", where, true);
  if (!ops || !dtypes) return;
  for (const auto& d : *dtypes) check_dtype(c, d, where);
  for (const auto& op : *ops) {
    if (catalogue::find_op_schema(op.value) == nullptr) {
      c.error(op.where,
              fmt::format("'{}' is not an op of the catalogue (docs/op-catalogue.md)", op.value));
      continue;
    }
    for (const auto& d : *dtypes) {
      if (!parse_dtype(d.value)) continue;
      if (!catalogue::op_accepts_dtype(op.value, *parse_dtype(d.value))) {
        c.error(d.where, fmt::format("the catalogue has no {} on {}", op.value, d.value));
      } else if (!p.is_native(d.value)) {
        c.error(d.where, fmt::format("{} requires {} on {}, which is not in native_dtypes",
                                     level_where, op.value, d.value));
      } else {
        level.requirements.push_back({op.value, d.value});
      }
    }
  }
}

// One [levels.<name>] table; nullopt when it is not a table.
std::optional<RawLevel> read_level(TomlReader& c, const toml::key& key, const toml::node& node,
                                   const TargetProfile& p) {
  const std::string name(key.str());
  const std::string where = fmt::format("[levels.{}]", name);
  if (!valid_level_name(name)) {
    c.error(key.source(), fmt::format("level name '{}' may use a-z, 0-9, '-' and '_' only", name));
  }
  const auto* t = node.as_table();
  if (t == nullptr) {
    c.error(node, fmt::format("{} must be a table", where));
    return std::nullopt;
  }
  c.allow_keys(*t, where, {"description", "extends", "require"});
  RawLevel rl;
  rl.level.name = name;
  rl.where = t->source();
  rl.level.description = c.string(*t, "description", where, true).value_or("");
  if (auto ext = c.string(*t, "extends", where, false)) {
    rl.level.extends = *ext;
    rl.extends_where = t->get("extends")->source();
  }
  const auto requirements = c.tables(*t, "require", where);
  if (requirements.empty() && rl.level.extends.empty()) {
    c.error(t->source(),
            fmt::format("{} requires nothing (add [[levels.{}.require]])", where, name));
  }
  for (const toml::table* r : requirements) read_requirement(c, *r, where, name, p, rl.level);
  return rl;
}

// `level` with the requirements of every level it extends, directly or not; nullopt (and
// an error) for an unknown level or a cycle in the chain.
std::optional<Level> resolve_extends(TomlReader& c, const RawLevel& level,
                                     const std::vector<RawLevel>& raw) {
  auto find = [&](std::string_view name) -> const RawLevel* {
    auto it = std::find_if(raw.begin(), raw.end(),
                           [&](const RawLevel& r) { return r.level.name == name; });
    return it == raw.end() ? nullptr : &*it;
  };
  Level out = level.level;
  std::set<std::string> visited = {level.level.name};
  for (const RawLevel* cur = &level; !cur->level.extends.empty();) {
    const RawLevel* next = find(cur->level.extends);
    if (next == nullptr) {
      c.error(cur->extends_where, fmt::format("level '{}' extends unknown level '{}'",
                                              cur->level.name, cur->level.extends));
      return std::nullopt;
    }
    if (!visited.insert(next->level.name).second) {
      c.error(level.extends_where,
              fmt::format("level '{}' extends itself through a cycle", level.level.name));
      return std::nullopt;
    }
    out.requirements.insert(out.requirements.end(), next->level.requirements.begin(),
                            next->level.requirements.end());
    cur = next;
  }
  std::sort(out.requirements.begin(), out.requirements.end());
  out.requirements.erase(std::unique(out.requirements.begin(), out.requirements.end()),
                         out.requirements.end());
  return out;
}

void read_levels(TomlReader& c, const toml::table& root, TargetProfile& p) {
  const toml::table* levels = c.table(root, "levels", "the profile", true);
  if (levels == nullptr) return;
  std::vector<RawLevel> raw;
  for (const auto& [key, node] : *levels) {
    if (auto level = read_level(c, key, node, p)) raw.push_back(std::move(*level));
  }
  for (std::string_view needed : {"core", "full"}) {
    if (std::none_of(raw.begin(), raw.end(),
                     [&](const RawLevel& r) { return r.level.name == needed; })) {
      c.error(levels->source(), fmt::format("[levels] needs the level '{}'", needed));
    }
  }
  // Each level includes the requirements of the one it extends.
  for (const RawLevel& level : raw) {
    if (auto resolved = resolve_extends(c, level, raw)) p.levels.push_back(std::move(*resolved));
  }
}

// A floor against the peak needs a published, undisputed peak (or advisory = true).
void check_floor_peak(TomlReader& c, const toml::table& t, const PerfFloor& f,
                      const TargetProfile& p) {
  if (f.basis != FloorBasis::kPeak || catalogue::find_op_schema(f.op) == nullptr ||
      !parse_dtype(f.dtype))
    return;
  if (!p.reference_peak(f.op, f.dtype, f.math_mode)) {
    c.error(t.source(), fmt::format("floor on {} {} ({}) is a fraction of a peak the profile does "
                                    "not publish; use basis = \"roofline\" or add the peak",
                                    f.op, f.dtype, f.math_mode));
  } else if (catalogue::is_compute_bound(f.op)) {
    const Peak* peak = p.find_peak(f.dtype, f.math_mode);
    if (peak && peak->tflops.disputed && !f.advisory) {
      c.error(t.source(), fmt::format("floor on {} {} uses a disputed peak; mark it "
                                      "advisory = true",
                                      f.op, f.dtype));
    }
  } else if (p.memory.bandwidth_gbps && p.memory.bandwidth_gbps->disputed && !f.advisory) {
    c.error(t.source(), fmt::format("floor on {} {} uses a disputed memory bandwidth; mark it "
                                    "advisory = true",
                                    f.op, f.dtype));
  }
}

std::optional<FloorBasis> read_floor_basis(TomlReader& c, const toml::table& t,
                                           std::string_view where) {
  const auto basis = c.string(t, "basis", where, true);
  if (!basis) return std::nullopt;
  if (*basis == "peak") return FloorBasis::kPeak;
  if (*basis == "roofline") return FloorBasis::kRoofline;
  c.error(*t.get("basis"),
          fmt::format("floor basis '{}' is neither 'peak' nor 'roofline'", *basis));
  return std::nullopt;
}

// One [[floors]] table; nullopt when a required field is missing or mistyped.
std::optional<PerfFloor> read_floor(TomlReader& c, const toml::table& t, const TargetProfile& p) {
  constexpr std::string_view kWhere = "[[floors]]";
  c.allow_keys(
      t, kWhere,
      {"op", "dtype", "math_mode", "case", "basis", "min_fraction", "level", "advisory", "note"});
  PerfFloor f;
  auto op = c.string(t, "op", kWhere, true);
  auto dtype = c.string(t, "dtype", kWhere, true);
  auto fraction = c.number(t, "min_fraction", kWhere, true);
  if (op && catalogue::find_op_schema(*op) == nullptr) {
    c.error(*t.get("op"), fmt::format("'{}' is not an op of the catalogue", *op));
  }
  if (dtype) check_dtype(c, {*dtype, t.get("dtype")->source()}, kWhere);
  if (auto mode = c.string(t, "math_mode", kWhere, false)) {
    if (!catalogue::is_known_math_mode(*mode)) {
      c.error(*t.get("math_mode"), fmt::format("unknown math_mode '{}'", *mode));
    }
    f.math_mode = *mode;
  }
  f.case_pattern = c.string(t, "case", kWhere, false).value_or("*");
  if (auto basis = read_floor_basis(c, t, kWhere)) f.basis = *basis;
  if (fraction && (*fraction <= 0 || *fraction > 1)) {
    c.error(*t.get("min_fraction"), "'min_fraction' must lie in (0, 1]");
  }
  f.level = c.string(t, "level", kWhere, false).value_or("full");
  if (!p.find_level(f.level) && !c.failed()) {
    c.error(t.source(), fmt::format("floor names unknown level '{}'", f.level));
  }
  f.advisory = c.boolean(t, "advisory", kWhere).value_or(false);
  f.note = c.string(t, "note", kWhere, false).value_or("");
  if (!op || !dtype || !fraction) return std::nullopt;
  f.op = *op;
  f.dtype = *dtype;
  f.min_fraction = *fraction;
  check_floor_peak(c, t, f, p);
  return f;
}

void read_floors(TomlReader& c, const toml::table& root, TargetProfile& p) {
  for (const toml::table* t : c.tables(root, "floors", "the profile")) {
    if (auto floor = read_floor(c, *t, p)) p.floors.push_back(std::move(*floor));
  }
}

// schema_version, id, name, vendor, device_class, device_patterns and chips_per_card.
void read_identity(TomlReader& c, const toml::table& root, std::string_view id, TargetProfile& p) {
  if (auto v = c.integer(root, "schema_version", "the profile", true)) {
    if (*v != kSchemaVersion) {
      c.error(*root.get("schema_version"),
              fmt::format("schema_version {} is not supported (this hwcert reads {})", *v,
                          kSchemaVersion));
    }
  }
  if (auto file_id = c.string(root, "id", "the profile", true)) {
    if (*file_id != id) {
      c.error(*root.get("id"),
              fmt::format("id '{}' differs from the file name '{}'", *file_id, id));
    }
  }
  p.id = std::string(id);
  p.name = c.string(root, "name", "the profile", true).value_or("");
  p.vendor = c.string(root, "vendor", "the profile", true).value_or("");
  if (auto cls = c.string(root, "device_class", "the profile", true)) {
    if (*cls != "gpu" && *cls != "npu" && *cls != "mlu" && *cls != "cpu") {
      c.error(*root.get("device_class"),
              fmt::format("device_class '{}' is not one of gpu, npu, mlu, cpu", *cls));
    }
    p.device_class = *cls;
  }
  if (auto pats = c.strings(root, "device_patterns", "the profile", false)) {
    for (auto& s : *pats) p.device_patterns.push_back(s.value);
  }
  if (auto chips = c.integer(root, "chips_per_card", "the profile", false)) {
    if (*chips < 1 || *chips > 64) {
      c.error(*root.get("chips_per_card"), "'chips_per_card' must lie in 1..64");
    } else {
      p.chips_per_card = static_cast<uint32_t>(*chips);
    }
  }
}

// native_dtypes and overflow.
void read_numerics(TomlReader& c, const toml::table& root, TargetProfile& p) {
  if (auto dtypes = c.strings(root, "native_dtypes", "the profile", true)) {
    for (const auto& d : *dtypes) {
      check_dtype(c, d, "native_dtypes");
      if (p.is_native(d.value)) c.error(d.where, fmt::format("dtype '{}' listed twice", d.value));
      p.native_dtypes.push_back(d.value);
    }
  }
  if (auto overflow = c.string(root, "overflow", "the profile", false)) {
    if (*overflow != "inf" && *overflow != "saturate") {
      c.error(*root.get("overflow"),
              fmt::format("overflow '{}' is neither 'inf' nor 'saturate'", *overflow));
    }
    p.overflow = *overflow;
  }
}

void read_profile(TomlReader& c, const toml::table& root, std::string_view id, TargetProfile& p) {
  c.allow_keys(root, "the profile",
               {"schema_version", "id", "name", "vendor", "device_class", "device_patterns",
                "chips_per_card", "native_dtypes", "overflow", "memory", "peaks", "math_modes",
                "levels", "floors", "stability"});
  read_identity(c, root, id, p);
  read_numerics(c, root, p);
  read_memory(c, root, p);
  read_peaks(c, root, p);
  for (const Peak& peak : p.peaks) {
    if (!peak.dtype.empty() && parse_dtype(peak.dtype).has_value() && !p.is_native(peak.dtype) &&
        peak.tflops.note.empty()) {
      c.error(root.source(), fmt::format("peak for {} which is not in native_dtypes needs a "
                                         "'note' saying why",
                                         peak.dtype));
    }
  }
  read_math_modes(c, root, p);
  read_levels(c, root, p);
  read_floors(c, root, p);
  read_stability(c, root, p);
}

}  // namespace

std::string ProfileLoad::error_text() const {
  std::string out;
  for (const auto& e : errors) {
    out += e.to_string();
    out += '\n';
  }
  return out;
}

ProfileLoad parse_profile(std::string_view toml_text, std::string_view source_name,
                          std::string_view id) {
  ProfileLoad result;
  toml::table root;
  try {
    root = support::parse_toml(toml_text, source_name);
  } catch (const support::ParseError& e) {
    result.errors.push_back(e.diagnostic());
    return result;
  }
  TomlReader reader(std::string(source_name), TomlReader::OnError::kCollect);
  TargetProfile profile;
  profile.source_file = std::string(source_name);
  read_profile(reader, root, id, profile);
  result.errors = reader.take_errors();
  std::stable_sort(
      result.errors.begin(), result.errors.end(), [](const ProfileError& a, const ProfileError& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
      });
  if (result.errors.empty()) result.profile = std::move(profile);
  return result;
}

ProfileLoad load_profile(const std::filesystem::path& file) {
  std::string text;
  try {
    text = support::read_file(file);
  } catch (const support::Error& e) {
    ProfileLoad result;
    result.errors.push_back(e.diagnostic());
    return result;
  }
  return parse_profile(text, file.string(), file.stem().string());
}

std::vector<std::filesystem::path> list_profiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path default_targets_dir() {
  if (const char* env = std::getenv("HWCERT_TARGETS_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "hwcert" / "targets";
    if (std::filesystem::is_directory(installed, ec)) return installed;
  }
#ifdef HWCERT_SOURCE_TARGETS_DIR
  return HWCERT_SOURCE_TARGETS_DIR;
#else
  return "targets";
#endif
}

}  // namespace hwcert::profile
