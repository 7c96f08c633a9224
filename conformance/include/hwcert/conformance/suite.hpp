// Conformance suites: TOML files of [[case]] tables whose lists expand as a cartesian product
// into Cases with unique ids "<op>.<details>".
//
//   name = "smoke"            # optional, default: the file stem
//   seed = 1                  # base seed; each case's seed derives from it and the case id
//
//   [[case]]
//   op = "matmul"
//   dtypes = ["f32", "f16", "f8e4m3*f8e5m2->bf16", "i8"]  # "in*in->out"; one name = all
//   shapes = [[64, 32, 16], [1, 1, 1], [0, 4, 4]]       # op-specific form, or explicit
//                                                       # per-input shapes [[[2,3],[3,4]]]
//   attributes = { transpose_b = [0, 1], alpha = 0.5 }  # a list gives alternatives
//   tiers = ["exact", "statistical"]                    # default ["statistical"]
//   layouts = ["dense", "column_major"]                 # default ["dense"]
//   bias = [false, true]                                # matmul / conv2d optional input
//   seeds = [1, 2]                                      # explicit seeds (default: derived)
//   determinism = true                                  # run twice, compare bits
//   max_zero_fraction = 0.5                             # zero-trust override
//   sample = 4096                                       # verify a seeded sample
//
// Op-specific shapes (a flat list of integers):
//   matmul [B..., M, N, K]; conv2d [N, C, H, W, C_out, KH, KW]; max/avg_pool2d [N, C, H, W];
//   scaled_dot_product_attention [B, H, Sq, Sk, D, Dv]; binary ops, concat: both inputs of
//   that shape; gather: data of that shape with indices [3]; layer_norm / rms_norm: X (gamma
//   and beta follow the axis); every other op: the shape of X. conv2d/pools given in NCHW
//   order, permuted for layout NHWC.
// Layouts: dense; column_major (inputs stored with the first dim fastest: a transposed
// view); strided (inputs and output with padded strides: innermost stride 2, every outer
// stride one element more than the span inside it); offset (every tensor at a non-zero
// byte offset); broadcast_view (input 0 repeats along its first non-trivial dim: stride 0);
// strided_output (only the output padded).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance {

struct Suite {
  std::string name;
  std::vector<Case> cases;
};

// Errors: "<source_name>:<line>:<column>: <what was expected>".
Expected<Suite> parse_suite(std::string_view toml_text, std::string_view source_name);
Expected<Suite> load_suite(const std::filesystem::path& file);

// Where shipped suites live: <exe_dir>/../share/hwcert/suites, then the source tree.
std::vector<std::filesystem::path> suite_search_dirs(const std::filesystem::path& executable);
// A suite name ("smoke", "core") or a path to a .toml file.
Expected<Suite> load_named_suite(std::string_view name_or_path,
                                 const std::filesystem::path& executable);

// Layout names accepted in suites.
std::vector<std::string> layout_names();
// Applies a named layout to a dense call (INVALID_ARGUMENT for an unknown name).
Expected<OpCall> apply_layout(const OpCall& dense, std::string_view layout);

}  // namespace hwcert::conformance
