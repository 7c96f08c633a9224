// PerfComparison -> JSON: one case of `hwcert perf --baseline` and of `hwcert diff`.
#include <array>

#include "hwcert/results/json_io.hpp"
#include "json_fields.hpp"

namespace hwcert::results {

std::string_view to_string(PerfVerdict verdict) {
  static constexpr std::array<std::string_view, 4> kNames = {"faster", "slower", "same",
                                                             "ambiguous"};
  const auto index = static_cast<std::size_t>(verdict);
  return index < kNames.size() ? kNames[index] : "ambiguous";
}

nlohmann::json to_json(const PerfComparison& c) {
  return {{"case_id", c.case_id},
          {"verdict", std::string(to_string(c.verdict))},
          {"baseline_median_ns", c.baseline_median_ns},
          {"contender_median_ns", c.contender_median_ns},
          {"median_ratio", c.median_ratio},
          {"p_value", c.p_value},
          {"ratio_ci_low", detail::or_null(c.ratio_ci_low)},
          {"ratio_ci_high", detail::or_null(c.ratio_ci_high)},
          {"confidence", c.confidence},
          {"n_baseline", c.n_baseline},
          {"n_contender", c.n_contender},
          {"note", c.note}};
}

}  // namespace hwcert::results
