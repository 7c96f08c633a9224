#include "stability_table.hpp"

#include <fmt/format.h>

namespace hwcert::profile {
namespace {

void read_positive(support::TomlReader& c, const toml::table& t, std::string_view key, double upper,
                   double& field) {
  const std::optional<double> value = c.number(t, key, "[stability]", false);
  if (!value) return;
  if (!(*value > 0 && *value < upper)) {
    c.error(*t.get(key), fmt::format("'{}' in [stability] must be above 0{}", key,
                                     upper < 1e300 ? fmt::format(" and below {:g}", upper) : ""));
    return;
  }
  field = *value;
}

}  // namespace

void read_stability(support::TomlReader& c, const toml::table& root, TargetProfile& p) {
  const toml::table* t = c.table(root, "stability", "the profile", false);
  if (t == nullptr) return;
  c.allow_keys(*t, "[stability]", {"duration_s", "max_throughput_drift", "max_memory_growth_mib"});
  constexpr double kUnbounded = 1e308;
  read_positive(c, *t, "duration_s", kUnbounded, p.stability.duration_s);
  read_positive(c, *t, "max_throughput_drift", 1, p.stability.max_throughput_drift);
  read_positive(c, *t, "max_memory_growth_mib", kUnbounded, p.stability.max_memory_growth_mib);
}

}  // namespace hwcert::profile
