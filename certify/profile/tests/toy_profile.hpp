// The toy target profile the profile tests start from: small and valid, so that a test
// breaks or extends one thing at a time (the line numbers of malformed_profile_test follow
// its layout).
#pragma once

#include <string>

namespace hwcert::profile {

inline const std::string kToyProfile = R"(schema_version = 1
id = "toy"
name = "Toy accelerator"
vendor = "Toy"
device_class = "gpu"
native_dtypes = ["f32", "f16"]

[memory]
[memory.bandwidth_gbps]
value = 100.0
source = "toy datasheet"

[[peaks]]
dtype = "f16"
tflops = 10.0
source = "toy datasheet"

[math_modes]
expected = { matmul = ["strict"] }
forbidden_silent = ["f32_as_f16"]

[levels.core]
description = "core"
[[levels.core.require]]
ops = ["add", "matmul"]
dtypes = ["f32"]

[levels.full]
description = "full"
extends = "core"
[[levels.full.require]]
ops = ["matmul"]
dtypes = ["f16"]

[[floors]]
op = "matmul"
dtype = "f16"
basis = "peak"
min_fraction = 0.5
)";

}  // namespace hwcert::profile
