#include "hwcert/profile/silent_behaviour.hpp"

#include <algorithm>
#include <array>

namespace hwcert::profile {
namespace {

constexpr std::array<std::string_view, 7> kSilent = {
    "f64_as_f32",      // float64 computed in float32
    "f32_as_tf32",     // float32 products computed with TF32 inputs
    "f32_as_hf32",     // float32 products computed with HF32 inputs
    "f32_as_f16",      // float32 computed in float16
    "f32_as_bf16",     // float32 computed in bfloat16
    "f16_accumulate",  // f16 products accumulated in f16
    "cpu_fallback",    // the op ran on the host instead of the device
};

}  // namespace

std::span<const std::string_view> silent_behaviours() {
  return kSilent;
}
bool is_known_silent_behaviour(std::string_view name) {
  return std::find(kSilent.begin(), kSilent.end(), name) != kSilent.end();
}

}  // namespace hwcert::profile
