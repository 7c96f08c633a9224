// The result of one conformance case: what the runner journals, writes to results.json and
// a bundle's conformance.json, and what reports read back. The JSON field names are the
// member names (results/schema/results.schema.json).
#pragma once

#include <cstdint>
#include <string>

#include "hwcert/results/case_status.hpp"

namespace hwcert::results {

struct CaseResult {
  std::string case_id;
  std::string op;
  std::string dtypes;  // e.g. "f32" or "f8e4m3*f8e4m3->bf16"
  std::string math_mode = "strict";
  CaseStatus status = CaseStatus::kError;
  std::string message;  // failure summary, unsupported reason, error text, signal name
  // Error figures may be NaN (written as null, the only JSON spelling of a non-finite number).
  double max_abs_error = 0;
  double max_rel_error = 0;
  double max_ulp_error = 0;
  int64_t worst_index = -1;  // flat output index of the worst element, -1 if none
  double expected_at_worst = 0;
  double actual_at_worst = 0;
  std::string tolerance;  // the bound applied, human-readable ("3 ulp", "abs 1.2e-5 (K=64)")
  uint64_t checked_elements = 0;
  uint64_t total_elements = 0;
  bool sampled = false;  // only a seeded sample of elements was checked
  double duration_ms = 0;
  std::string reproducer;

  // The dtype a comparison row uses: the first input's ("f8e4m3" of "f8e4m3*f8e4m3->bf16").
  std::string primary_dtype() const;
};

}  // namespace hwcert::results
